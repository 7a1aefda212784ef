/**
 * The simulated hdfs scheduler walks its deploy plan like the real one, on a
 * fake clock: journal → name → zkfc → data, one phase at a time, answering 202
 * while in progress and 200 once complete.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulatedCluster, type SimulatedCluster } from '../../../src/backends/sim/simulated-cluster.js';
import { FakeClock } from '../../../src/core/fake-clock.js';

interface PlanJson {
  status: string;
  phases: { name: string; status: string; strategy: string; steps: { name: string; status: string }[] }[];
}

let cluster: SimulatedCluster | undefined;
afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
});

async function readPlan(url: string): Promise<{ code: number; plan: PlanJson }> {
  const res = await fetch(`${url}/v1/plans/deploy`);
  return { code: res.status, plan: (await res.json()) as PlanJson };
}

describe('simulated hdfs deploy plan', () => {
  it('progresses journal → name → zkfc → data on the fake clock, 202 until COMPLETE then 200', async () => {
    const clock = new FakeClock();
    cluster = await startSimulatedCluster({ clock, tickMs: 250, stepDurationMs: 1000 });
    const url = cluster.urls.sdk.hdfs ?? '';
    const first = await readPlan(url);
    expect(first.plan.phases.map((p) => p.name)).toEqual(['journal', 'name', 'zkfc', 'data']);
    expect(first.plan.phases[1]?.steps.map((s) => s.name)).toEqual(['name-0:[format]', 'name-0:[node]', 'name-1:[bootstrap]', 'name-1:[node]']);
    expect(first.plan.phases[2]?.steps.map((s) => s.name)).toEqual(['name-0:[zkfc-format]', 'name-0:[zkfc]', 'name-1:[zkfc]']);
    expect(first.code).toBe(202);

    const completedOrder: string[] = [];
    const started = new Set<string>();
    let final = first;
    for (let i = 0; i < 400 && final.plan.status !== 'COMPLETE'; i++) {
      await clock.advance(250);
      final = await readPlan(url);
      for (const phase of final.plan.phases) {
        if (phase.status !== 'PENDING') started.add(phase.name);
        if (phase.status === 'COMPLETE' && !completedOrder.includes(phase.name)) completedOrder.push(phase.name);
        // Serial plan: a later phase never starts before every earlier one is complete.
        const index = final.plan.phases.indexOf(phase);
        if (phase.status !== 'PENDING') expect(final.plan.phases.slice(0, index).every((p) => p.status === 'COMPLETE')).toBe(true);
      }
      expect(final.code).toBe(final.plan.status === 'COMPLETE' ? 200 : 202);
    }
    expect(completedOrder).toEqual(['journal', 'name', 'zkfc', 'data']);
    expect(final.plan.status).toBe('COMPLETE');
    expect(final.code).toBe(200);
  });

  it('waits while interrupted and moves on after continue', async () => {
    const clock = new FakeClock();
    cluster = await startSimulatedCluster({ clock, tickMs: 250, stepDurationMs: 1000 });
    const url = cluster.urls.sdk.hdfs ?? '';
    expect((await fetch(`${url}/v1/plans/deploy/interrupt`, { method: 'POST' })).status).toBe(200);
    await clock.advance(10_000);
    const paused = await readPlan(url);
    expect(paused.plan.status).toBe('WAITING');
    expect(paused.plan.phases.flatMap((p) => p.steps).every((s) => s.status === 'PENDING')).toBe(true);
    expect((await fetch(`${url}/v1/plans/deploy/continue`, { method: 'POST' })).status).toBe(200);
    await clock.advance(3000);
    expect((await readPlan(url)).plan.phases[0]?.status).not.toBe('PENDING');
  });
});
