/**
 * A Deployment canary through the real client against the fake apiserver:
 * the rollout is paused (spec.paused) right after the first new pod is
 * created, the plan waits with that pod's step COMPLETE, and continue
 * resumes it to COMPLETE; continue without a waiting canary is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpsdeckError } from '../../../src/core/errors.js';
import type { Service } from '../../../src/core/model/service.js';
import { waitForServer } from './apiserver/fake-apiserver.js';
import type { KubeObject } from './apiserver/resource-store.js';
import { observe, serviceNamed, startTestCluster, type ObservedBackend, type TestCluster } from './kube-test-cluster.js';

describe('kubernetes deployment canary', () => {
  let cluster: TestCluster;
  let observed: ObservedBackend;
  const id = 'kube-canary';

  const service = (name: string): Service => {
    const found = serviceNamed(observed.store, id, name);
    if (found === undefined) throw new Error(`no service ${name}`);
    return found;
  };
  const imageOf = (o: KubeObject): string | undefined => (o.spec as { containers?: Array<{ image?: string }>; template?: { spec?: { containers?: Array<{ image?: string }> } } } | undefined)?.template?.spec?.containers?.[0]?.image;
  const replicaSetsOn = (image: string): KubeObject[] => cluster.server.store.list('replicasets', 'default').filter((rs) => rs.metadata.labels?.['app'] === 'web' && imageOf(rs) === image);
  const replicasOf = (rs: KubeObject | undefined): number => Number((rs?.spec as { replicas?: number } | undefined)?.replicas ?? 0);

  beforeAll(async () => {
    // Pods take 300 ms to turn ready, so the canary's pause lands well before the controller would start a second new pod.
    cluster = await startTestCluster({ id, podReadyDelayMs: 300, deployments: [{ name: 'web', replicas: 3, image: 'registry.local/web:v1' }, { name: 'other', replicas: 1, image: 'registry.local/other:v1' }] });
    observed = observe(cluster.backend);
    await observed.until((s) => serviceNamed(s, id, 'web')?.health.status === 'HEALTHY' && serviceNamed(s, id, 'other')?.health.status === 'HEALTHY', 'healthy');
  });
  afterAll(async () => {
    observed.stop();
    await cluster.close();
  });

  it('previews a canary as the first pod, then the rest after continue', async () => {
    const proposal = await cluster.backend.planChange(service('web'), { image: 'registry.local/web:v2' }, { strategy: 'canary' });
    expect(proposal.plan.phases.map((p) => p.steps.length)).toEqual([1, 2]);
    expect(proposal.plan.notes.join(' ')).toContain('spec.paused');
  });

  it('pauses after the first new pod, waits with that step COMPLETE, and continue rolls the rest out', async () => {
    const web = service('web');
    const receipt = await cluster.backend.applyChange(web, { image: 'registry.local/web:v2' }, { idempotencyKey: 'canary-web', strategy: 'canary' });
    expect(receipt.message).toContain('first new pod started');
    const deployment = cluster.server.store.get('deployments', 'default', 'web');
    expect((deployment?.spec as { paused?: boolean } | undefined)?.paused).toBe(true);
    expect(deployment?.metadata.annotations?.['opsdeck.io/canary']).toBe('waiting');
    const waiting = await observed.until((s) => {
      const plan = s.plansOf(web.id).find((p) => p.name === 'rollout');
      return plan?.status === 'WAITING' && plan.phases.some((p) => p.steps.some((st) => st.status === 'COMPLETE')) ? plan : undefined;
    }, 'canary waiting with its first step complete', 10_000);
    expect(waiting.interrupted).toBe(true);
    // The new pod is ready: an unpaused controller would have moved on by now.
    await waitForServer(cluster.server, () => Number((cluster.server.store.get('deployments', 'default', 'web')?.status as { readyReplicas?: number } | undefined)?.readyReplicas) === 4, { timeoutMs: 5000, description: 'canary pod ready next to the old ones' });
    expect(replicasOf(replicaSetsOn('registry.local/web:v2')[0])).toBe(1);
    expect(replicasOf(replicaSetsOn('registry.local/web:v1')[0])).toBe(3);
    const busy = await cluster.backend.planChange(service('web'), { image: 'registry.local/web:v3' }, { strategy: 'serial' }).catch((e: unknown) => e);
    expect(isOpsdeckError(busy) && busy.code).toBe('CONFLICT');

    const resumed = await cluster.backend.continueChange(service('web'), { idempotencyKey: 'continue-web' });
    expect(await cluster.backend.continueChange(service('web'), { idempotencyKey: 'continue-web' })).toBe(resumed);
    const resumePatch = cluster.server.requestsTo('PATCH', '/apis/apps/v1/namespaces/default/deployments/web').at(-1);
    expect(resumePatch?.body).toEqual({ metadata: { annotations: { 'opsdeck.io/canary': null } }, spec: { paused: null } });
    await observed.until((s) => {
      const plan = s.plansOf(web.id).find((p) => p.name === 'rollout');
      const now = s.service(web.id);
      return plan?.status === 'COMPLETE' && now?.healthy === 3 && now.version === 'registry.local/web:v2' ? true : undefined;
    }, 'rollout complete after continue', 15_000);
    expect(replicasOf(replicaSetsOn('registry.local/web:v2')[0])).toBe(3);
    expect(replicasOf(replicaSetsOn('registry.local/web:v1')[0])).toBe(0);
  });

  it('refuses continue when no canary waits', async () => {
    const error = await cluster.backend.continueChange(service('other'), { idempotencyKey: 'continue-other' }).catch((e: unknown) => e);
    expect(isOpsdeckError(error) && error.code).toBe('CONFLICT');
    expect(isOpsdeckError(error) && error.message).toContain('no canary waiting');
  });

  it('rolls a waiting canary back in one request: old template restored and the pause lifted', async () => {
    const other = service('other');
    await cluster.backend.applyChange(other, { image: 'registry.local/other:v2' }, { idempotencyKey: 'canary-other', strategy: 'canary' });
    await observed.until((s) => (s.plansOf(other.id).find((p) => p.name === 'rollout')?.status === 'WAITING' ? true : undefined), 'other canary waiting', 10_000);
    await cluster.backend.rollback(service('other'), { idempotencyKey: 'rollback-other' });
    const undo = cluster.server.requestsTo('PATCH', '/apis/apps/v1/namespaces/default/deployments/other').at(-1);
    expect(undo?.contentType).toContain('application/json-patch+json');
    expect(undo?.body).toContainEqual({ op: 'replace', path: '/spec/paused', value: false });
    await observed.until((s) => {
      const plan = s.plansOf(other.id).find((p) => p.name === 'rollout');
      const now = s.service(other.id);
      return plan?.status === 'COMPLETE' && now?.version === 'registry.local/other:v1' && now.healthy === 1 ? true : undefined;
    }, 'other back on v1', 15_000);
    expect(cluster.server.store.get('deployments', 'default', 'other')?.metadata.annotations?.['opsdeck.io/canary']).toBeUndefined();
  });
});
