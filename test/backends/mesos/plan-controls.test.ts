/**
 * Plan and pod controls through the Mesos backend change the simulated
 * scheduler's plan (read back over HTTP), map the SDK's status codes (208 →
 * already in effect, 404 → NOT_FOUND, "Missing phase" → INPUT_INVALID), and
 * act once per idempotency key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlanControllable, isPodControllable } from '../../../src/core/backend/index.js';
import { isOpsdeckError } from '../../../src/core/errors.js';
import type { Service } from '../../../src/core/model/service.js';
import { serviceNamed, startHarness, type Harness } from './sim-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ sim: { heartbeatIntervalMs: 200, tickMs: 50, stepDurationMs: 120_000 } });
  await h.until((s) => s.backend('dcos')?.synced && serviceNamed(s, 'hdfs'), 'first sync');
});
afterAll(async () => h.stop());

const hdfs = (): Service => {
  const s = serviceNamed(h.store, 'hdfs');
  if (s === undefined) throw new Error('hdfs missing');
  return s;
};
const simPlan = async (service: string, plan: string): Promise<{ code: number; body: { status: string; phases: { name: string; status: string; steps: { name: string; status: string }[] }[] } }> => {
  const res = await fetch(`${h.cluster.urls.sdk[service]}/v1/plans/${plan}`);
  return { code: res.status, body: (await res.json()) as never };
};
const errorOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

describe('mesos backend: plan and pod controls', () => {
  it('offers plan and pod actions only on SDK services, and scale / restart / rollback / kill-task only on Marathon apps', () => {
    expect(hdfs().actions).toEqual(['plan-pause', 'plan-resume', 'plan-restart-step', 'plan-force-complete', 'pod-restart', 'pod-replace', 'upgrade', 'config-set', 'rollback']);
    expect(serviceNamed(h.store, 'web')?.actions).toEqual(['scale', 'restart', 'rollback', 'kill-task', 'upgrade', 'config-set']);
    expect(hdfs().stateful).toBe(true);
    expect(hdfs().tenant).toBe('analytics');
    expect(serviceNamed(h.store, 'keyserver')?.tenant).toBe('prod');
  });

  it('force-completes a phase: the simulated plan shows it COMPLETE, the store follows, and a repeat is "already in effect" (208)', async () => {
    const backend = h.backend;
    if (!isPlanControllable(backend)) throw new Error('not PlanControllable');
    const receipt = await backend.controlPlan(hdfs(), 'force-complete', { plan: 'deploy', phase: 'journal' }, { idempotencyKey: 'fc-journal-1' });
    expect(receipt.alreadyInEffect).toBeUndefined();
    expect((await simPlan('hdfs', 'deploy')).body.phases.find((p) => p.name === 'journal')?.status).toBe('COMPLETE');
    await h.until((s) => s.plansOf(hdfs().id).find((p) => p.name === 'deploy')?.phases.find((p) => p.name === 'journal')?.status === 'COMPLETE', 'store shows journal COMPLETE');
    const again = await backend.controlPlan(hdfs(), 'force-complete', { plan: 'deploy', phase: 'journal' }, { idempotencyKey: 'fc-journal-2' });
    expect(again.alreadyInEffect).toBe(true);
  });

  it('acts once per idempotency key: a repeated key returns the first receipt without calling the scheduler', async () => {
    const backend = h.backend;
    if (!isPlanControllable(backend)) throw new Error('not PlanControllable');
    const first = await backend.controlPlan(hdfs(), 'pause', { plan: 'deploy' }, { idempotencyKey: 'pause-once' });
    expect((await simPlan('hdfs', 'deploy')).body.status).toBe('WAITING');
    // Resume behind the backend's back; a second call with the same key must not pause again.
    expect((await fetch(`${h.cluster.urls.sdk.hdfs}/v1/plans/deploy/continue`, { method: 'POST' })).status).toBe(200);
    const second = await backend.controlPlan(hdfs(), 'pause', { plan: 'deploy' }, { idempotencyKey: 'pause-once' });
    expect(second).toBe(first);
    expect((await simPlan('hdfs', 'deploy')).body.status).not.toBe('WAITING');
  });

  it('maps 404 to NOT_FOUND and a step without its phase to INPUT_INVALID', async () => {
    const backend = h.backend;
    if (!isPlanControllable(backend)) throw new Error('not PlanControllable');
    const missing = await errorOf(backend.controlPlan(hdfs(), 'restart', { plan: 'deploy', phase: 'nope' }, { idempotencyKey: 'nope-1' }));
    expect(isOpsdeckError(missing) && missing.code).toBe('NOT_FOUND');
    expect((missing as Error).message).toBe('hdfs has no deploy / nope (Phase nope not found).');
    const noPhase = await errorOf(backend.controlPlan(hdfs(), 'restart', { plan: 'deploy', step: 'journal-0:[node]' }, { idempotencyKey: 'nophase-1' }));
    expect(isOpsdeckError(noPhase) && noPhase.code).toBe('INPUT_INVALID');
    const marathonPlan = await errorOf(backend.controlPlan(serviceNamed(h.store, 'web') as Service, 'pause', { plan: 'deploy' }, { idempotencyKey: 'web-plan' }));
    expect(isOpsdeckError(marathonPlan) && marathonPlan.code).toBe('UNSUPPORTED');
  });

  it('restarts a completed step: it goes back to PENDING and relaunches', async () => {
    const backend = h.backend;
    if (!isPlanControllable(backend)) throw new Error('not PlanControllable');
    const kafka = serviceNamed(h.store, 'kafka') as Service;
    const receipt = await backend.controlPlan(kafka, 'restart', { plan: 'deploy', phase: 'broker', step: 'kafka-1:[broker]' }, { idempotencyKey: 'restart-kafka-1' });
    expect(receipt.message).toContain('restart');
    const step = (await simPlan('kafka', 'deploy')).body.phases[0]?.steps.find((s) => s.name === 'kafka-1:[broker]');
    expect(step?.status).not.toBe('COMPLETE');
    expect((await simPlan('kafka', 'deploy')).code).toBe(202);
  });

  it('replaces a pod: the scheduler answers with its tasks and a recovery plan for it appears in the store', async () => {
    const backend = h.backend;
    if (!isPodControllable(backend)) throw new Error('not PodControllable');
    const cassandra = serviceNamed(h.store, 'cassandra') as Service;
    const receipt = await backend.controlPod(cassandra, 'node-2', 'replace', { idempotencyKey: 'replace-node-2' });
    expect(receipt.message).toBe('replacing pod node-2 of cassandra (node-2-server)');
    await h.until((s) => s.plansOf(cassandra.id).find((p) => p.name === 'recovery')?.phases.some((p) => p.name === 'node-2'), 'recovery phase for node-2');
    const missing = await errorOf(backend.controlPod(cassandra, 'node-9', 'restart', { idempotencyKey: 'restart-node-9' }));
    expect(isOpsdeckError(missing) && missing.code).toBe('NOT_FOUND');
  });
});
