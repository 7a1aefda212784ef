/**
 * A cluster that answers too slowly makes the backend time out with a clear
 * message (on its injected clock), show STALE, and recover when it is fast again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './sim-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('mesos backend: slow answers', () => {
  it('times out, goes STALE with the component and limit named, and recovers', async () => {
    harness = await startHarness({ sim: { heartbeatIntervalMs: 100, tickMs: 50 }, backend: { heartbeatIntervalMs: 100, requestTimeoutMs: 300 } });
    const h = harness;
    await h.until((s) => s.backend('dcos')?.synced && s.backend('dcos')?.connection === 'live', 'first sync');
    h.cluster.faults.slowResponses(2000);
    h.cluster.faults.killTask({ service: '/prod/api' }); // prompts a Marathon re-read, which is now slow
    const status = await h.until((s) => (s.backend('dcos')?.connection === 'stale' ? s.backend('dcos') : undefined), 'stale');
    expect(status.error?.code).toBe('TIMEOUT');
    expect(status.error?.message).toMatch(/^(Marathon|SDK scheduler \w+) did not answer GET \/.+ within 300 ms\.$/);
    h.cluster.faults.slowResponses(0);
    await h.until((s) => s.backend('dcos')?.connection === 'live' && s.servicesOfBackend('dcos').every((x) => x.health.status !== 'STALE'), 'recovered', 15_000);
  });
});
