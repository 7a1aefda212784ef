/**
 * Scale, rollout restart, rollout undo, pause / resume and pod deletion send
 * the requests kubectl sends (asserted on the fake apiserver), and the
 * resulting cluster state shows up in opsdeck.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpsdeckError } from '../../../src/core/errors.js';
import { waitForServer, type RecordedRequest } from './apiserver/fake-apiserver.js';
import { observe, serviceNamed, startTestCluster, type ObservedBackend, type TestCluster } from './kube-test-cluster.js';

const DEPLOYMENT = '/apis/apps/v1/namespaces/default/deployments/web';

describe('kubernetes actions on the wire', () => {
  let cluster: TestCluster;
  let observed: ObservedBackend;
  const web = () => {
    const found = serviceNamed(observed.store, 'kube-actions', 'web');
    if (found === undefined) throw new Error('web not in state');
    return found;
  };
  const since = (mark: number, method: string, path: string): RecordedRequest[] => cluster.server.requests.slice(mark).filter((r) => r.method === method && r.path === path);

  beforeAll(async () => {
    cluster = await startTestCluster({ id: 'kube-actions', deployments: [{ name: 'web', replicas: 3, image: 'registry.local/web:v1' }] });
    observed = observe(cluster.backend);
    await observed.until((s) => serviceNamed(s, 'kube-actions', 'web')?.health.status === 'HEALTHY', 'web healthy');
  });
  afterAll(async () => {
    observed.stop();
    await cluster.close();
  });

  it('scales through the scale subresource with the merge patch kubectl sends', async () => {
    const mark = cluster.server.requests.length;
    const receipt = await cluster.backend.scale(web(), 4, { idempotencyKey: 'scale-1' });
    expect(receipt.message).toBe('scaled web from 3 to 4');
    const [patch] = since(mark, 'PATCH', `${DEPLOYMENT}/scale`);
    expect(patch?.contentType).toBe('application/merge-patch+json');
    expect(patch?.body).toEqual({ spec: { replicas: 4 } });
    await observed.until((s) => {
      const found = serviceNamed(s, 'kube-actions', 'web');
      return found?.desired === 4 && found.running === 4 && found.healthy === 4;
    }, 'web at 4');
  });

  it('acts once per idempotency key', async () => {
    const mark = cluster.server.requests.length;
    await cluster.backend.scale(web(), 4, { idempotencyKey: 'scale-1' });
    expect(since(mark, 'PATCH', `${DEPLOYMENT}/scale`)).toHaveLength(0);
  });

  it('restarts with the strategic merge patch of the restartedAt annotation, and every pod is replaced', async () => {
    const before = new Set(observed.store.tasksOf(web().id).map((t) => t.id));
    const mark = cluster.server.requests.length;
    await cluster.backend.restart(web(), { idempotencyKey: 'restart-1' });
    const [patch] = since(mark, 'PATCH', DEPLOYMENT);
    expect(patch?.contentType).toBe('application/strategic-merge-patch+json');
    const sent = patch?.body as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
    expect(Object.keys(sent)).toEqual(['spec']);
    expect(sent.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    await observed.until((s) => {
      const found = serviceNamed(s, 'kube-actions', 'web');
      if (found === undefined || found.health.status !== 'HEALTHY' || found.health.reason.includes('rolling out')) return false;
      const tasks = s.tasksOf(found.id);
      return tasks.length === 4 && tasks.every((t) => !before.has(t.id) && t.state === 'RUNNING');
    }, 'all pods replaced');
  });

  it('rolls back like `kubectl rollout undo`: JSON patch of the previous template (no pod-template-hash) and the merged annotations', async () => {
    const server = cluster.server;
    const d = server.store.get('deployments', 'default', 'web');
    if (d === undefined) throw new Error('no web');
    (d.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!.image = 'registry.local/web:v2';
    server.store.update('deployments', d);
    await observed.until((s) => {
      const found = serviceNamed(s, 'kube-actions', 'web');
      return found?.version === 'registry.local/web:v2' && found.health.status === 'HEALTHY' && !found.health.reason.includes('rolling out');
    }, 'v2 rolled out');
    const current = server.store.get('deployments', 'default', 'web');
    const revisionBefore = Number(current?.metadata.annotations?.['deployment.kubernetes.io/revision']);
    const mark = server.requests.length;
    const receipt = await cluster.backend.rollback(web(), { idempotencyKey: 'undo-1' });
    expect(receipt.message).toBe(`rolled web back to revision ${revisionBefore - 1}`);
    const list = server.requests.slice(mark).filter((r) => r.method === 'GET' && r.path === '/apis/apps/v1/namespaces/default/replicasets');
    expect(list[0]?.query.labelSelector).toBe('app=web');
    const [patch] = since(mark, 'PATCH', DEPLOYMENT);
    expect(patch?.contentType).toBe('application/json-patch+json');
    const ops = patch?.body as Array<{ op: string; path: string; value: Record<string, any> }>;
    expect(ops.map((o) => `${o.op} ${o.path}`)).toEqual(['replace /spec/template', 'replace /metadata/annotations']);
    expect(ops[0]?.value.metadata.labels).toEqual({ app: 'web' });
    expect(ops[0]?.value.spec.containers[0].image).toBe('registry.local/web:v1');
    expect(ops[0]?.value.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBeDefined();
    expect(ops[1]?.value['deployment.kubernetes.io/revision']).toBe(String(revisionBefore));
    await observed.until((s) => {
      const found = serviceNamed(s, 'kube-actions', 'web');
      if (found?.version !== 'registry.local/web:v1' || found.health.status !== 'HEALTHY') return false;
      const plan = s.plansOf(found.id).find((p) => p.name === 'rollout');
      return plan?.status === 'COMPLETE' && plan.phases[0]?.name.includes(`revision ${revisionBefore + 1}`);
    }, 'rolled back to v1 as a new, higher revision');
  });

  it('pauses and resumes the rollout with the patches kubectl sends, and the plan shows it', async () => {
    const mark = cluster.server.requests.length;
    await cluster.backend.controlPlan(web(), 'pause', { plan: 'rollout' }, { idempotencyKey: 'pause-1' });
    await observed.until((s) => s.plansOf(web().id).find((p) => p.name === 'rollout')?.interrupted === true, 'rollout paused');
    const refused = await cluster.backend.restart(web(), { idempotencyKey: 'restart-paused' }).then(() => undefined, (e: unknown) => e);
    expect(isOpsdeckError(refused) && refused.code).toBe('CONFLICT');
    await cluster.backend.resumeUpdate(web(), { idempotencyKey: 'resume-1' });
    const patches = since(mark, 'PATCH', DEPLOYMENT);
    expect(patches.map((p) => [p.contentType, p.body])).toEqual([
      ['application/strategic-merge-patch+json', { spec: { paused: true } }],
      ['application/strategic-merge-patch+json', { spec: { paused: null } }],
    ]);
    await observed.until((s) => s.plansOf(web().id).find((p) => p.name === 'rollout')?.interrupted === false, 'rollout resumed');
  });

  it('kills a task by deleting its pod, and the ReplicaSet replaces it', async () => {
    const victim = observed.store.tasksOf(web().id).find((t) => t.state === 'RUNNING');
    if (victim === undefined) throw new Error('no running task');
    const mark = cluster.server.requests.length;
    await cluster.backend.killTask(victim, { idempotencyKey: 'kill-1' });
    expect(since(mark, 'DELETE', `/api/v1/namespaces/default/pods/${victim.nativeId.split('/')[1]}`)).toHaveLength(1);
    await observed.until((s) => {
      const tasks = s.tasksOf(web().id);
      return tasks.every((t) => t.id !== victim.id) && tasks.filter((t) => t.state === 'RUNNING').length === 4;
    }, 'pod replaced');
    await waitForServer(cluster.server, () => cluster.server.store.list('pods').length === 4, { timeoutMs: 5000, description: '4 pods' });
  });
});
