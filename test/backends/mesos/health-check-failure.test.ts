/**
 * A failing health check reaches the store through TASK_UPDATED `healthy:false`:
 * the app degrades while the task still runs, then Marathon kills the task
 * after three failed rounds and its replacement restores health (fake clock).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { serviceNamed, startHarness, type Harness } from './sim-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('mesos backend: failing health check', () => {
  it('degrades the app while the task runs unhealthy, then recovers once Marathon replaces it', async () => {
    const clock = new FakeClock();
    harness = await startHarness({ clock, sim: { tickMs: 250 } });
    const h = harness;
    await h.until((s) => s.backend('dcos')?.synced && serviceNamed(s, 'web')?.health.status === 'HEALTHY', 'web healthy');
    const taskId = h.cluster.faults.failHealthCheck({ service: '/prod/web' });
    expect(taskId).toBeDefined();
    const web = await h.until((s) => {
      const found = serviceNamed(s, 'web');
      return found?.health.status === 'DEGRADED' ? found : undefined;
    }, 'web degraded');
    expect(web.running).toBe(3);
    expect(web.healthy).toBe(2);
    expect(h.store.task(`dcos/${taskId}`)?.healthy).toBe(false);
    expect(h.store.task(`dcos/${taskId}`)?.state).toBe('RUNNING');
    for (let i = 0; i < 12; i++) await clock.advance(250);
    await h.until((s) => serviceNamed(s, 'web')?.health.status === 'HEALTHY' && s.task(`dcos/${taskId}`)?.state !== 'RUNNING', 'web replaced the unhealthy task');
  });
});
