/**
 * Upgrades and configuration changes on a real dockerd through the guarded
 * command engine: a Swarm rolling update to a healthy image completes; an
 * image whose health check fails pauses the update (plan ERROR, paused) and
 * rollback restores the old image with every task healthy; a canary holds
 * the update after its first task until `plan continue`, and rollback after
 * it restores the spec from before the canary; bad input (a missing image,
 * unknown keys, a second rollout while one is paused) changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmitResult } from '../../../src/core/commands/index.js';
import { TEST_IMAGE, TEST_IMAGE_V2 } from '../../support/dockerd.js';
import { createSwarmService, rawDocker, sharedDockerHost, watchBackend, type WatchedBackend } from '../../support/docker-test-kit.js';
import { engineOverBackend, type EngineOverBackend } from '../../core/commands/support/engine-over-backend.js';

/** The same busybox root fs plus a /broken marker: the service's health check fails on it. */
const BROKEN_IMAGE = 'opsdeck-test/busybox:3-broken';
const SERVICE = 'sc-web';

interface Inspected {
  Spec: { TaskTemplate: { ContainerSpec: { Image: string; Env?: string[] } }; UpdateConfig?: { Parallelism?: number; FailureAction?: string } };
  UpdateStatus?: { State?: string };
}

let watched: WatchedBackend;
let ops: EngineOverBackend;
const docker = () => rawDocker(sharedDockerHost());
const inspect = async (): Promise<Inspected> => (await docker().getService(SERVICE).inspect()) as Inspected;

async function buildBrokenImage(): Promise<void> {
  const container = await docker().createContainer({ Image: TEST_IMAGE, Cmd: ['/bin/busybox', 'touch', '/broken'] });
  await container.start();
  await container.wait();
  await container.commit({ repo: 'opsdeck-test/busybox', tag: '3-broken' });
  await container.remove();
}

beforeAll(async () => {
  await buildBrokenImage();
  await createSwarmService(docker(), { name: SERVICE, replicas: 2, healthCmd: 'test ! -e /broken', labels: { 'opsdeck.tenant': 'web' } });
  watched = watchBackend(sharedDockerHost());
  ops = engineOverBackend(watched.backend, watched.store, { operators: { wes: ['web'] }, verifyTimeoutMs: 30_000 });
  await watched.waitFor(() => watched.byName(SERVICE)?.health.status === 'HEALTHY', `${SERVICE} healthy`);
}, 60_000);

afterAll(async () => {
  ops?.close();
  watched?.stop();
  await docker().getService(SERVICE).remove().catch(() => undefined);
  await docker().getImage(BROKEN_IMAGE).remove().catch(() => undefined);
});

const executed = (result: SubmitResult): Extract<SubmitResult, { status: 'executed' }> => {
  if (result.status !== 'executed') throw new Error(`expected executed, got ${result.status}: ${JSON.stringify('error' in result ? result.error : result).slice(0, 500)}`);
  return result;
};
const denied = (result: SubmitResult): Extract<SubmitResult, { status: 'denied' }> => {
  if (result.status !== 'denied') throw new Error(`expected denied, got ${result.status}: ${JSON.stringify(result).slice(0, 500)}`);
  return result;
};

describe('Swarm service upgrade and config change on a real dockerd', () => {
  it('an upgrade to a healthy image completes: update plan COMPLETE, all tasks healthy on the new image', async () => {
    const result = executed(await ops.run('wes', { kind: 'upgrade', target: SERVICE, args: { image: TEST_IMAGE_V2 } }));
    expect(result.preview.specChange?.diff[0]).toBe(`~ image: ${TEST_IMAGE} → ${TEST_IMAGE_V2}`);
    expect(result.preview.specChange?.plan.phases[0]?.steps.map((s) => s.name)).toEqual([`${SERVICE}.1`, `${SERVICE}.2`]);
    expect(result.outcome.status, result.outcome.message).toBe('succeeded');
    const spec = await inspect();
    expect(spec.Spec.TaskTemplate.ContainerSpec.Image).toBe(TEST_IMAGE_V2);
    expect(spec.Spec.UpdateConfig).toMatchObject({ Parallelism: 1, FailureAction: 'pause' });
    expect(watched.byName(SERVICE)).toMatchObject({ version: TEST_IMAGE_V2, health: { status: 'HEALTHY' }, healthy: 2 });
  }, 45_000);

  it('a config change sets an env variable through a rolling update', async () => {
    const result = executed(await ops.run('wes', { kind: 'config-set', target: SERVICE, args: { set: { LOG_LEVEL: 'debug' }, strategy: 'parallel' } }));
    expect(result.preview.specChange?.diff).toEqual(['~ update strategy: parallelism 1, failure action pause, monitor 1.5s → parallelism 0, failure action pause, monitor 1.5s', '+ env LOG_LEVEL: debug']);
    // The expected duration comes from the update that completed before.
    expect(result.preview.specChange?.plan.expectedDurationMs).toBeGreaterThan(1_000);
    expect(result.preview.specChange?.planLines[0]).toMatch(/^plan update: parallel, 2 step\(s\), about \d+s \(from earlier rollouts\)$/);
    expect(result.outcome.status, result.outcome.message).toBe('succeeded');
    expect((await inspect()).Spec.TaskTemplate.ContainerSpec.Env).toEqual(['LOG_LEVEL=debug']);
  }, 45_000);

  it('an image whose health check fails pauses the update (ERROR, paused) and offers rollback; rollback restores the old image, all healthy', async () => {
    const result = executed(await ops.run('wes', { kind: 'upgrade', target: SERVICE, args: { image: BROKEN_IMAGE } }));
    expect(result.outcome.status, result.outcome.message).toBe('failed');
    expect(result.outcome.message).toMatch(/update plan of sc-web stopped \((ERROR|WAITING), paused\)/);
    expect(result.outcome.suggestion).toMatch(/opsdeck rollback sc-web/);
    expect((await inspect()).UpdateStatus?.State).toBe('paused');

    const again = denied(await ops.run('wes', { kind: 'upgrade', target: SERVICE, args: { image: TEST_IMAGE }, force: true }));
    expect(again.error).toMatchObject({ code: 'CONFLICT', message: 'sc-web already has a rollout in progress (Swarm update state paused).' });

    const rolled = executed(await ops.run('wes', { kind: 'rollback', target: SERVICE }));
    expect(rolled.outcome.status, rolled.outcome.message).toBe('succeeded');
    expect((await inspect()).Spec.TaskTemplate.ContainerSpec.Image).toBe(TEST_IMAGE_V2);
    await watched.waitFor(() => {
      const s = watched.byName(SERVICE);
      return s?.version === TEST_IMAGE_V2 && s.health.status === 'HEALTHY' && s.healthy === 2;
    }, `${SERVICE} back on ${TEST_IMAGE_V2}, all healthy`);
  }, 60_000);

  it('a canary updates the first task, waits until plan continue, then finishes; rollback afterwards restores the pre-canary spec', async () => {
    const canary = executed(await ops.run('wes', { kind: 'upgrade', target: SERVICE, args: { image: TEST_IMAGE, strategy: 'canary' } }));
    expect(canary.outcome, canary.outcome.message).toMatchObject({ status: 'succeeded', suggestion: expect.stringContaining(`opsdeck plan continue ${SERVICE}`) });
    const waiting = watched.store.plansOf(watched.byName(SERVICE)?.id ?? '').find((p) => p.name === 'update');
    expect(waiting?.status).toBe('WAITING');
    expect(waiting?.phases[0]?.steps.map((st) => st.status).sort()).toEqual(['COMPLETE', 'PENDING']);
    expect(denied(await ops.run('wes', { kind: 'config-set', target: SERVICE, args: { set: { A: '1' } } })).error.code).toBe('GUARD_REJECTED');

    const go = executed(await ops.run('wes', { kind: 'plan-continue', target: SERVICE }));
    expect(go.outcome.status, go.outcome.message).toBe('succeeded');
    expect(watched.byName(SERVICE)).toMatchObject({ version: TEST_IMAGE, health: { status: 'HEALTHY' }, healthy: 2 });

    const back = executed(await ops.run('wes', { kind: 'rollback', target: SERVICE }));
    expect(back.outcome.status, back.outcome.message).toBe('succeeded');
    const spec = await inspect();
    expect(spec.Spec.TaskTemplate.ContainerSpec.Image).toBe(TEST_IMAGE_V2);
    expect(spec.Spec.TaskTemplate.ContainerSpec.Env).toEqual(['LOG_LEVEL=debug']);
  }, 60_000);

  it.each([
    { name: 'an image that does not exist', args: { kind: 'upgrade', args: { image: 'opsdeck-test/busybox:404' } }, code: 'NOT_FOUND', message: /Image opsdeck-test\/busybox:404 does not exist on this Engine/ },
    { name: 'an unknown key', args: { kind: 'config-set', args: { set: { 'Log-Level': 'x' } } }, code: 'INPUT_INVALID', message: /Invalid args.set/ },
    { name: 'an invalid memory value', args: { kind: 'config-set', args: { set: { mem: '-5' } } }, code: 'INPUT_INVALID', message: /Invalid value for mem/ },
    { name: 'a package version for a Swarm service', args: { kind: 'upgrade', args: { version: '2.0.0' } }, code: 'INPUT_INVALID', message: /upgraded by image, not by version/ },
  ])('$name → $code, spec unchanged', async (c) => {
    const before = await inspect();
    const result = denied(await ops.run('wes', { ...c.args, target: SERVICE }));
    expect(result.error.code).toBe(c.code);
    expect(result.error.message).toMatch(c.message);
    expect((await inspect()).Spec).toEqual(before.Spec);
  });
});
