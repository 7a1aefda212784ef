/**
 * A stalled SUBSCRIBE stream (no events, no heartbeats) makes the backend give
 * up after five missed heartbeats: every service turns STALE (never UNHEALTHY)
 * with a message that says why, and a resumed stream brings a full resync.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './sim-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('mesos backend: stalled event stream', () => {
  it('turns services STALE (keeping their last health) after 5 missed heartbeats and clears it on recovery', async () => {
    harness = await startHarness({ sim: { heartbeatIntervalMs: 50, tickMs: 50, stepDurationMs: 60_000 }, backend: { heartbeatIntervalMs: 50 } });
    const h = harness;
    await h.until((s) => s.backend('dcos')?.synced && s.servicesOfBackend('dcos').length === 8, 'first sync');
    const before = new Map(h.store.servicesOfBackend('dcos').map((s) => [s.id, s.health.status]));

    h.cluster.faults.stallEventStream();
    const status = await h.until((s) => (s.backend('dcos')?.connection === 'stale' ? s.backend('dcos') : undefined), 'stale');
    expect(status.error?.message).toMatch(/No heartbeat from the Mesos master for \d+ms \(5 missed at 50ms\); the event stream is stalled\./);
    for (const service of h.store.servicesOfBackend('dcos')) {
      expect(service.health.status, service.name).toBe('STALE');
      expect(service.observedHealth.status).toBe(before.get(service.id));
      expect(service.health.reason).toContain(`Last known: ${service.observedHealth.status}`);
    }

    h.cluster.faults.resumeEventStream();
    await h.until((s) => s.backend('dcos')?.connection === 'live' && s.servicesOfBackend('dcos').every((x) => x.health.status !== 'STALE'), 'recovered');
    expect(h.store.backend('dcos')?.error).toBeUndefined();
  });

  it('goes STALE with a clear message when the cluster stops listening, and resyncs when it is back', async () => {
    harness = await startHarness({ sim: { heartbeatIntervalMs: 50, tickMs: 50 }, backend: { heartbeatIntervalMs: 50 } });
    const h = harness;
    await h.until((s) => s.backend('dcos')?.synced, 'first sync');
    await h.cluster.faults.stopListening();
    const status = await h.until((s) => (s.backend('dcos')?.connection === 'stale' ? s.backend('dcos') : undefined), 'stale');
    expect(status.error?.message).toMatch(/Mesos|Marathon|SDK scheduler/); // whichever component noticed first names itself
    await h.until((s) => /Cannot reach the Mesos master at http:\/\/127\.0\.0\.1:\d+\/mesos/.test(s.backend('dcos')?.error?.message ?? ''), 'unreachable message');
    await h.cluster.faults.startListening();
    await h.until((s) => s.backend('dcos')?.connection === 'live' && s.servicesOfBackend('dcos').every((x) => x.health.status !== 'STALE'), 'recovered');
  });
});
