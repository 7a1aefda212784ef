/**
 * Malformed and truncated answers put the backend in an error state with a
 * clear message and never crash it: Marathon and the RecordIO stream make the
 * whole backend STALE and resynchronise; an unreadable SDK scheduler makes
 * only its service UNKNOWN. Everything recovers once answers are sane again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './sim-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function expectErrorThenRecovery(h: Harness, trigger: () => Promise<void>, message: RegExp): Promise<void> {
  await h.until((s) => s.backend('dcos')?.synced && s.backend('dcos')?.connection === 'live', 'first sync');
  await trigger();
  const status = await h.until((s) => (s.backend('dcos')?.connection === 'stale' ? s.backend('dcos') : undefined), 'error state');
  expect(status.error?.message).toMatch(message);
  expect(['BACKEND_PROTOCOL', 'BACKEND_UNREACHABLE']).toContain(status.error?.code);
  expect(h.store.servicesOfBackend('dcos').every((s) => s.health.status === 'STALE')).toBe(true);
  await h.cluster.faults.clear();
  await h.until((s) => s.backend('dcos')?.connection === 'live' && s.servicesOfBackend('dcos').every((x) => x.health.status !== 'STALE'), 'recovered');
}

describe('mesos backend: malformed and truncated answers', () => {
  it('reports malformed Marathon JSON clearly and recovers', async () => {
    harness = await startHarness({ sim: { heartbeatIntervalMs: 100, tickMs: 50 }, backend: { heartbeatIntervalMs: 100 } });
    const h = harness;
    await expectErrorThenRecovery(
      h,
      async () => {
        h.cluster.faults.corruptResponses('marathon', 'malformed');
        h.cluster.faults.killTask({ service: '/prod/web' }); // Marathon's events prompt a re-read of /v2/apps
      },
      /^Marathon answered GET \/marathon\/v2\/(apps|deployments) with malformed JSON \(.+\)\.$/,
    );
  });

  it('marks SDK services UNKNOWN (keeping their last plans) on truncated scheduler answers, without breaking the cluster watch', async () => {
    harness = await startHarness({ sim: { heartbeatIntervalMs: 100, tickMs: 50 }, backend: { heartbeatIntervalMs: 100 } });
    const h = harness;
    await h.until((s) => s.backend('dcos')?.synced && s.backend('dcos')?.connection === 'live', 'first sync');
    const plansBefore = h.store.plansOf('dcos/kafka').map((p) => p.name).sort();
    h.cluster.faults.corruptResponses('sdk', 'truncated');
    const kafka = await h.until((s) => {
      const found = s.service('dcos/kafka');
      return found?.health.status === 'UNKNOWN' ? found : undefined;
    }, 'kafka UNKNOWN');
    expect(kafka.health.reason).toMatch(/^scheduler unreadable \(SDK scheduler kafka cut off its answer to GET \/service\/kafka\/v1\/.+ before it was complete( \(.+\))?\.\); tasks: 3\/3 healthy$/);
    expect(h.store.plansOf('dcos/kafka').map((p) => p.name).sort()).toEqual(plansBefore);
    expect(h.store.backend('dcos')?.connection).toBe('live');
    expect(h.store.service('dcos/prod/web')?.health.status).toBe('HEALTHY');
    await h.cluster.faults.clear();
    await h.until((s) => ['hdfs', 'kafka', 'cassandra'].every((n) => s.service(`dcos/${n}`)?.health.status !== 'UNKNOWN'), 'SDK services readable again');
  });

  it('reports a RecordIO stream cut inside a record clearly and recovers', async () => {
    harness = await startHarness({ sim: { heartbeatIntervalMs: 50, tickMs: 50 }, backend: { heartbeatIntervalMs: 50 } });
    const h = harness;
    await expectErrorThenRecovery(h, async () => h.cluster.faults.corruptResponses('mesos', 'truncated'), /event stream (ended in the middle of a record|broke)/);
  });

  it('reports a stream record that is not JSON clearly and recovers', async () => {
    harness = await startHarness({ sim: { heartbeatIntervalMs: 50, tickMs: 50 }, backend: { heartbeatIntervalMs: 50 } });
    const h = harness;
    await expectErrorThenRecovery(h, async () => h.cluster.faults.corruptResponses('mesos', 'malformed'), /^The Mesos event stream carried a record that is not JSON/);
  });
});
