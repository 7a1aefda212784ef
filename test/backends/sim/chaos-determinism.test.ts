/**
 * Faults are reproducible from the seed: two clusters with the same seed and
 * chaos mode, driven by fake clocks, end in the same state; another seed does not.
 */
import { describe, expect, it } from 'vitest';
import { startSimulatedCluster } from '../../../src/backends/sim/simulated-cluster.js';
import { FakeClock } from '../../../src/core/fake-clock.js';

async function runChaos(seed: number): Promise<string[]> {
  const clock = new FakeClock();
  const cluster = await startSimulatedCluster({ clock, seed, chaos: 'rough', chaosIntervalMs: 1000, tickMs: 250, stepDurationMs: 500 });
  try {
    for (let i = 0; i < 60; i++) await clock.advance(250);
    const res = await fetch(`${cluster.urls.mesos}/api/v1`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type":"GET_STATE"}' });
    const state = ((await res.json()) as { get_state: { get_tasks: { tasks: { task_id: { value: string }; state: string; agent_id: { value: string } }[]; completed_tasks: { task_id: { value: string }; state: string }[] } } }).get_state;
    return [
      ...state.get_tasks.tasks.map((t) => `${t.task_id.value} ${t.state} @${t.agent_id.value}`),
      ...state.get_tasks.completed_tasks.map((t) => `${t.task_id.value} ${t.state}`),
    ];
  } finally {
    await cluster.close();
  }
}

describe('seeded chaos', () => {
  it('injects the same faults for the same seed and different ones for another seed', async () => {
    const a = await runChaos(11);
    const b = await runChaos(11);
    const c = await runChaos(12);
    expect(a.some((line) => /TASK_(FAILED|LOST)/.test(line))).toBe(true);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});
