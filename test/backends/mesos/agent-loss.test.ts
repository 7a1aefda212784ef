/**
 * Losing an agent: the master's TASK_LOST updates and AGENT_REMOVED reach the
 * store over the real SUBSCRIBE stream, the agent's tasks show LOST, their
 * services degrade, the host goes inactive, and the schedulers' replacements
 * bring the services back (all on a fake clock, so nothing recovers early).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { startHarness, type Harness } from './sim-harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('mesos backend: agent loss', () => {
  it('marks the lost agent\'s tasks LOST, degrades their services, records why, then recovers as schedulers relaunch', async () => {
    const clock = new FakeClock();
    harness = await startHarness({ clock, sim: { tickMs: 250, stepDurationMs: 500 } });
    const h = harness;
    await h.until((s) => s.backend('dcos')?.synced, 'first sync');
    // The busiest agent hosts tasks of several services.
    const hosts = [...h.store.hosts()].filter((x) => x.backend === 'dcos').sort((a, b) => b.allocated.cpus - a.allocated.cpus);
    const victim = hosts[0];
    if (victim === undefined) throw new Error('no hosts');
    const onVictim = h.store.servicesOfBackend('dcos').flatMap((s) => h.store.tasksOf(s.id)).filter((t) => t.host === victim.hostname && t.state === 'RUNNING');
    expect(onVictim.length).toBeGreaterThan(0);
    const affected = new Set(onVictim.map((t) => t.service));

    const lost = h.cluster.faults.loseAgent(victim.nativeId);
    expect(lost?.lostTasks.sort()).toEqual(onVictim.map((t) => t.nativeId).sort());

    await h.until(
      (s) => onVictim.every((t) => s.tasksOf(t.service).find((x) => x.id === t.id)?.state === 'LOST') && s.host(victim.id)?.active === false,
      'tasks LOST and host inactive',
    );
    for (const id of affected) {
      const service = h.store.servicesOfBackend('dcos').find((s) => s.id === id);
      expect(service?.health.status, `${service?.name} after losing ${victim.hostname}`).toMatch(/^(DEGRADED|UNHEALTHY)$/);
      expect(service?.running).toBeLessThan(service?.desired ?? 0);
      expect(h.store.recentEvents(id).some((e) => e.reason === 'TASK_LOST' && e.message.includes('REASON_AGENT_REMOVED'))).toBe(true);
    }

    // Schedulers relaunch elsewhere as the clock moves: Marathon at once, SDK services through their recovery plans.
    for (let i = 0; i < 40; i++) {
      await clock.advance(250);
      const healthy = [...affected].every((id) => h.store.servicesOfBackend('dcos').find((s) => s.id === id)?.health.status === 'HEALTHY');
      if (healthy) break;
    }
    await h.until((s) => [...affected].every((id) => s.servicesOfBackend('dcos').find((x) => x.id === id)?.health.status === 'HEALTHY'), 'services healthy again');
  });
});
