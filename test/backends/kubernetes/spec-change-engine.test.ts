/**
 * Kubernetes spec changes through the real guarded command engine (real
 * SQLite, real client, fake apiserver): an upgrade completes and verifies; a
 * crash-looping image fails with the plan in ERROR and rollback restores the
 * old image; a canary succeeds waiting and plan-continue finishes it; bad
 * input is denied with nothing patched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmitResult } from '../../../src/core/commands/index.js';
import { engineOverBackend, type EngineOverBackend } from '../../core/commands/support/engine-over-backend.js';
import { observe, serviceNamed, startTestCluster, type ObservedBackend, type TestCluster } from './kube-test-cluster.js';

const executed = (result: SubmitResult): Extract<SubmitResult, { status: 'executed' }> => {
  if (result.status !== 'executed') throw new Error(`expected executed, got ${result.status}: ${JSON.stringify('error' in result ? result.error : result).slice(0, 500)}`);
  return result;
};
const denied = (result: SubmitResult): Extract<SubmitResult, { status: 'denied' }> => {
  if (result.status !== 'denied') throw new Error(`expected denied, got ${result.status}: ${JSON.stringify(result).slice(0, 500)}`);
  return result;
};

describe('kubernetes spec changes through the command engine', () => {
  let cluster: TestCluster;
  let observed: ObservedBackend;
  let ops: EngineOverBackend;
  const id = 'kube-engine';
  const imageOf = (name: string): unknown => (cluster.server.store.get('deployments', 'default', name)?.spec as { template?: { spec?: { containers?: Array<{ image?: string }> } } } | undefined)?.template?.spec?.containers?.[0]?.image;

  beforeAll(async () => {
    cluster = await startTestCluster({
      id,
      podReadyDelayMs: 200,
      deployments: [
        { name: 'web', replicas: 2, image: 'registry.local/web:v1', progressDeadlineSeconds: 2 },
        { name: 'shop', replicas: 2, image: 'registry.local/shop:v1' },
      ],
    });
    observed = observe(cluster.backend);
    ops = engineOverBackend(cluster.backend, observed.store, { operators: { wes: ['default'] }, verifyTimeoutMs: 20_000 });
    await observed.until((s) => serviceNamed(s, id, 'web')?.health.status === 'HEALTHY' && serviceNamed(s, id, 'shop')?.health.status === 'HEALTHY', 'healthy');
  });
  afterAll(async () => {
    ops.close();
    observed.stop();
    await cluster.close();
  });

  it('an upgrade to a healthy image previews the diff and plan, then succeeds with the plan COMPLETE on the new image', async () => {
    const result = executed(await ops.run('wes', { kind: 'upgrade', target: 'web', args: { image: 'registry.local/web:v2' } }));
    expect(result.preview.specChange?.diff).toContain('~ image: registry.local/web:v1 → registry.local/web:v2');
    expect(result.preview.specChange?.plan.phases[0]?.steps).toHaveLength(2);
    expect(result.outcome.status, result.outcome.message).toBe('succeeded');
    expect(imageOf('web')).toBe('registry.local/web:v2');
    expect(serviceNamed(observed.store, id, 'web')).toMatchObject({ version: 'registry.local/web:v2', health: { status: 'HEALTHY' } });
  }, 30_000);

  it('a crash-looping image fails with the rollout plan in ERROR and offers rollback; rollback restores the previous image, all pods ready', async () => {
    const result = executed(await ops.run('wes', { kind: 'upgrade', target: 'web', args: { image: 'registry.local/web:crash' } }));
    expect(result.outcome.status, result.outcome.message).toBe('failed');
    expect(result.outcome.message).toMatch(/rollout plan of web stopped \(ERROR/);
    expect(result.outcome.suggestion).toMatch(/opsdeck rollback web/);
    const again = denied(await ops.run('wes', { kind: 'upgrade', target: 'web', args: { image: 'registry.local/web:v3' }, force: true }));
    expect(again.error.code).toBe('CONFLICT');
    const rolled = executed(await ops.run('wes', { kind: 'rollback', target: 'web' }));
    expect(rolled.outcome.status, rolled.outcome.message).toBe('succeeded');
    expect(imageOf('web')).toBe('registry.local/web:v2');
    await observed.until((s) => {
      const web = serviceNamed(s, id, 'web');
      return web?.version === 'registry.local/web:v2' && web.health.status === 'HEALTHY' && web.healthy === 2 ? true : undefined;
    }, 'web back on v2, all ready', 15_000);
  }, 45_000);

  it('a canary succeeds with the plan waiting after its first pod; plan-continue finishes the rollout', async () => {
    const canary = executed(await ops.run('wes', { kind: 'upgrade', target: 'shop', args: { image: 'registry.local/shop:v2', strategy: 'canary' } }));
    expect(canary.outcome, canary.outcome.message).toMatchObject({ status: 'succeeded', suggestion: expect.stringContaining('opsdeck plan continue shop') });
    const shop = serviceNamed(observed.store, id, 'shop');
    expect(observed.store.plansOf(shop?.id ?? '').find((p) => p.name === 'rollout')?.status).toBe('WAITING');
    const go = executed(await ops.run('wes', { kind: 'plan-continue', target: 'shop' }));
    expect(go.outcome.status, go.outcome.message).toBe('succeeded');
    expect(serviceNamed(observed.store, id, 'shop')).toMatchObject({ version: 'registry.local/shop:v2', health: { status: 'HEALTHY' }, healthy: 2 });
  }, 45_000);

  it.each([
    { name: 'an unknown key', args: { kind: 'config-set', args: { set: { 'Log-Level': 'x' } } } },
    { name: 'an invalid cpu value', args: { kind: 'config-set', args: { set: { cpus: 'lots' } } } },
    { name: 'a package version', args: { kind: 'upgrade', args: { version: '2.0.0' } } },
  ])('$name → INPUT_INVALID, nothing patched', async (c) => {
    const before = cluster.server.requests.filter((r) => r.method === 'PATCH').length;
    const result = denied(await ops.run('wes', { ...c.args, target: 'shop' }));
    expect(result.error.code).toBe('INPUT_INVALID');
    expect(cluster.server.requests.filter((r) => r.method === 'PATCH').length).toBe(before);
  });
});
