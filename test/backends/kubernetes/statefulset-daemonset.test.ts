/**
 * StatefulSets and DaemonSets through the real client: listed as services
 * with their pods and rollout plans, restarted with kubectl's patch and (for
 * StatefulSets) scaled through the scale subresource. The fake apiserver has
 * no controller for these kinds, so the test seeds their pods and status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from './apiserver/resource-store.js';
import { observe, serviceNamed, startTestCluster, type ObservedBackend, type TestCluster } from './kube-test-cluster.js';

function pod(name: string, owner: KubeObject, revision: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { 'controller-revision-hash': revision }, ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true }] },
    spec: { containers: [{ name: 'app', image: 'registry.local/db:v1' }], nodeName: 'node-1' },
    status: { phase: 'Running', startTime: '2026-11-22T10:00:00Z', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'registry.local/db:v1', imageID: '', state: { running: { startedAt: '2026-11-22T10:00:00Z' } } }] },
  };
}

describe('kubernetes statefulsets and daemonsets', () => {
  let cluster: TestCluster;
  let observed: ObservedBackend;
  const id = 'kube-stateful';

  beforeAll(async () => {
    cluster = await startTestCluster({ id, deployments: [] });
    const store = cluster.server.store;
    const db = store.create('statefulsets', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default', labels: { app: 'db' } },
      spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'app', image: 'registry.local/db:v1' }] } }, updateStrategy: { type: 'RollingUpdate' } },
      status: { replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, currentRevision: 'db-1', updateRevision: 'db-1', observedGeneration: 1 },
    });
    const agent = store.create('daemonsets', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default', labels: { app: 'agent' } },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'app', image: 'registry.local/agent:v1' }] } } },
      status: { desiredNumberScheduled: 1, currentNumberScheduled: 1, updatedNumberScheduled: 1, numberAvailable: 1, numberReady: 1, numberMisscheduled: 0, observedGeneration: 1 },
    });
    const revision = (n: number, image: string): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: `db-${n}`, namespace: 'default', labels: { app: 'db' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: db.metadata.uid ?? '', controller: true }] },
      data: { spec: { template: { $patch: 'replace', metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'app', image }] } } } },
      revision: n,
    });
    store.create('controllerrevisions', revision(1, 'registry.local/db:v0'));
    store.create('controllerrevisions', revision(2, 'registry.local/db:v1'));
    store.create('pods', pod('db-0', db, 'db-1'));
    store.create('pods', pod('db-1', db, 'db-1'));
    store.create('pods', pod('agent-x1', agent, 'agent-1'));
    observed = observe(cluster.backend);
    await observed.until((s) => serviceNamed(s, id, 'db') && serviceNamed(s, id, 'agent'), 'listed');
  });
  afterAll(async () => {
    observed.stop();
    await cluster.close();
  });

  it('lists a StatefulSet as a stateful service with its pods and a complete rollout plan', () => {
    const db = serviceNamed(observed.store, id, 'db');
    expect(db).toMatchObject({ kind: 'statefulset', stateful: true, desired: 2, running: 2, healthy: 2, nativeId: 'default/statefulset/db' });
    expect(db?.health.status).toBe('HEALTHY');
    expect(db?.actions).toEqual(['scale', 'restart', 'rollback', 'kill-task', 'upgrade', 'config-set']);
    expect(observed.store.tasksOf(db?.id ?? '').map((t) => t.nativeId).sort()).toEqual(['default/db-0', 'default/db-1']);
    const plan = observed.store.plansOf(db?.id ?? '').find((p) => p.name === 'rollout');
    expect(plan?.status).toBe('COMPLETE');
    expect(plan?.phases[0]?.steps.map((s) => s.name)).toEqual(['db-1', 'db-0']);
  });

  it('lists a DaemonSet without a scale action', () => {
    const agent = serviceNamed(observed.store, id, 'agent');
    expect(agent).toMatchObject({ kind: 'daemonset', desired: 1, running: 1, healthy: 1 });
    expect(agent?.actions).not.toContain('scale');
  });

  it('restarts and scales a StatefulSet with the requests kubectl sends', async () => {
    const db = serviceNamed(observed.store, id, 'db');
    if (db === undefined) throw new Error('no db');
    const mark = cluster.server.requests.length;
    await cluster.backend.restart(db, { idempotencyKey: 'sts-restart' });
    await cluster.backend.scale(db, 3, { idempotencyKey: 'sts-scale' });
    const patches = cluster.server.requests.slice(mark).filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => [p.path, p.contentType])).toEqual([
      ['/apis/apps/v1/namespaces/default/statefulsets/db', 'application/strategic-merge-patch+json'],
      ['/apis/apps/v1/namespaces/default/statefulsets/db/scale', 'application/merge-patch+json'],
    ]);
    await observed.until((s) => serviceNamed(s, id, 'db')?.desired === 3, 'desired 3 seen');
  });

  it('rolls a StatefulSet back like kubectl: strategic merge patch with the previous ControllerRevision data', async () => {
    const db = serviceNamed(observed.store, id, 'db');
    if (db === undefined) throw new Error('no db');
    const mark = cluster.server.requests.length;
    const receipt = await cluster.backend.rollback(db, { idempotencyKey: 'sts-undo' });
    expect(receipt.message).toBe('rolled db back to revision 1');
    const list = cluster.server.requests.slice(mark).find((r) => r.path === '/apis/apps/v1/namespaces/default/controllerrevisions');
    expect(list?.query.labelSelector).toBe('app=db');
    const patch = cluster.server.requests.slice(mark).find((r) => r.method === 'PATCH');
    expect(patch?.contentType).toBe('application/strategic-merge-patch+json');
    expect(patch?.body).toEqual({ spec: { template: { $patch: 'replace', metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'app', image: 'registry.local/db:v0' }] } } } });
    await observed.until((s) => serviceNamed(s, id, 'db')?.version === 'registry.local/db:v0', 'db template back at v0');
    const template = cluster.server.store.get('statefulsets', 'default', 'db')?.spec?.['template'] as { metadata?: { annotations?: unknown } };
    // `$patch: replace` dropped the restartedAt annotation the earlier restart added, as the apiserver would.
    expect(template.metadata?.annotations).toBeUndefined();
  });
});
