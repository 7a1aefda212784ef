/**
 * Credentials and contexts: an expired token and a 403 on an action give
 * clear errors with a hint and no token in the text; two kubeconfig contexts
 * are two backends that show as two clusters in one store; KUBECONFIG is
 * honoured and a missing context is a config error naming the real ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createKubernetesBackendInstance } from '../../../src/backends/kubernetes/create-kubernetes-backend.js';
import { systemClock } from '../../../src/core/clock.js';
import { isOpsdeckError, type OpsdeckError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { writeKubeconfig } from './apiserver/fixtures.js';
import { observe, serviceNamed, startTestCluster } from './kube-test-cluster.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function failure(promise: Promise<unknown>): Promise<OpsdeckError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isOpsdeckError(error)) throw new Error(`expected an OpsdeckError, got ${String(error)}`);
  return error;
}

describe('kubernetes credentials', () => {
  it('reports an expired token as UNAUTHENTICATED with a hint, on the watch and on an action, never echoing the token', async () => {
    const cluster = await startTestCluster({ id: 'kube-expired', deployments: [{ name: 'web', replicas: 1, image: 'registry.local/web:v1' }] });
    cleanups.push(() => cluster.close());
    const observed = observe(cluster.backend);
    cleanups.push(() => observed.stop());
    await observed.until((s) => serviceNamed(s, 'kube-expired', 'web'), 'synced');
    const web = serviceNamed(observed.store, 'kube-expired', 'web');
    if (web === undefined) throw new Error('no web');

    cluster.server.tokens[cluster.token] = { user: 'kube-expired-admin', expired: true };
    cluster.server.dropWatches();
    const status = await observed.until((s) => (s.backend('kube-expired')?.error?.code === 'UNAUTHENTICATED' ? s.backend('kube-expired') : undefined), 'unauthenticated');
    expect(status.connection).toBe('stale');
    expect(status.error?.hint).toMatch(/expired or been revoked: refresh the credentials/);
    expect(JSON.stringify(status)).not.toContain(cluster.token);

    const error = await failure(cluster.backend.scale(web, 2, { idempotencyKey: 'expired-scale' }));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toContain('401 Unauthorized');
    expect(error.message).toContain('kube-expired-context');
    expect(error.hint).toContain('refresh the credentials');
    expect(`${error.message} ${error.hint ?? ''}`).not.toContain(cluster.token);
  });

  it('reports a 403 on an action as FORBIDDEN with the RBAC verb and resource to ask for', async () => {
    const cluster = await startTestCluster({ id: 'kube-rbac', deployments: [{ name: 'web', replicas: 1, image: 'registry.local/web:v1' }] });
    cleanups.push(() => cluster.close());
    cluster.server.tokens[cluster.token] = { user: 'viewer', forbid: [{ verb: 'patch', resource: 'deployments/scale' }] };
    const observed = observe(cluster.backend);
    cleanups.push(() => observed.stop());
    const web = await observed.until((s) => serviceNamed(s, 'kube-rbac', 'web'), 'synced');
    const error = await failure(cluster.backend.scale(web, 3, { idempotencyKey: 'forbidden-scale' }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('User "viewer" cannot patch resource "deployments/scale"');
    expect(error.hint).toContain('kubectl auth can-i patch deployments/scale -n default --context kube-rbac-context');
    expect(`${error.message} ${error.hint ?? ''}`).not.toContain(cluster.token);
    expect(cluster.server.store.get('deployments', 'default', 'web')?.spec?.['replicas']).toBe(1);
  });
});

describe('kubernetes first sync', () => {
  it('judges nothing until every resource has listed: a forbidden pod list means no snapshot, only a FORBIDDEN disconnect', async () => {
    const cluster = await startTestCluster({ id: 'kube-nolist', deployments: [{ name: 'web', replicas: 1, image: 'registry.local/web:v1' }] });
    cleanups.push(() => cluster.close());
    cluster.server.tokens[cluster.token] = { user: 'partial', forbid: [{ verb: 'list', resource: 'pods' }] };
    const observed = observe(cluster.backend);
    cleanups.push(() => observed.stop());
    const status = await observed.until((s) => (s.backend('kube-nolist')?.error?.code === 'FORBIDDEN' ? s.backend('kube-nolist') : undefined), 'forbidden');
    expect(status.synced).toBe(false);
    expect(status.error?.hint).toContain('kubectl auth can-i list pods');
    expect(observed.store.servicesOfBackend('kube-nolist')).toEqual([]);
    // Once the permission is granted, the informer restarts on its own and the first snapshot arrives.
    cluster.server.tokens[cluster.token] = { user: 'partial' };
    await observed.until((s) => s.backend('kube-nolist')?.synced && serviceNamed(s, 'kube-nolist', 'web'), 'synced after grant');
  });

  it('watches only the selected namespaces and maps them to tenants', async () => {
    const cluster = await startTestCluster({
      id: 'kube-ns',
      deployments: [
        { name: 'shop', namespace: 'retail', replicas: 1, image: 'registry.local/shop:v1' },
        { name: 'ledger', namespace: 'finance', replicas: 1, image: 'registry.local/ledger:v1' },
        { name: 'secret', namespace: 'hidden', replicas: 1, image: 'registry.local/secret:v1' },
      ],
      config: { namespaces: ['retail', 'finance'], tenantFrom: { namespace: { retail: 'commerce' } } },
    });
    cleanups.push(() => cluster.close());
    const observed = observe(cluster.backend);
    cleanups.push(() => observed.stop());
    await observed.until((s) => s.backend('kube-ns')?.synced, 'synced');
    const rows = observed.store.servicesOfBackend('kube-ns').map((s) => `${s.nativeId} ${s.tenant}`).sort();
    expect(rows).toEqual(['finance/deployment/ledger finance', 'retail/deployment/shop commerce']);
    expect(cluster.server.requests.some((r) => r.path.includes('/namespaces/hidden/'))).toBe(false);
  });
});

describe('kubernetes contexts', () => {
  it('shows two contexts of one kubeconfig as two clusters in one store (the second found through KUBECONFIG)', async () => {
    const east = await startTestCluster({ id: 'east', deployments: [{ name: 'web', replicas: 2, image: 'registry.local/web:v1' }] });
    const west = await startTestCluster({ id: 'west', deployments: [{ name: 'web', replicas: 1, image: 'registry.local/web:v1' }, { name: 'batch', replicas: 1, image: 'registry.local/batch:v1' }] });
    cleanups.push(() => east.close(), () => west.close());
    const kubeconfig = writeKubeconfig([
      { name: 'prod-east', server: east.server.url, token: east.token },
      { name: 'prod-west', server: west.server.url, token: west.token },
    ]);
    const deps = { clock: systemClock, logger: silentLogger };
    const a = createKubernetesBackendInstance({ kind: 'kubernetes', id: 'k8s-east', kubeconfig, context: 'prod-east' }, { ...deps, env: {} });
    const b = createKubernetesBackendInstance({ kind: 'kubernetes', id: 'k8s-west', context: 'prod-west' }, { ...deps, env: { KUBECONFIG: kubeconfig } });
    expect([a.cluster, b.cluster]).toEqual(['prod-east', 'prod-west']);
    const observed = observe(a, b);
    cleanups.push(() => observed.stop());
    await observed.until((s) => s.servicesOfBackend('k8s-east').length === 1 && s.servicesOfBackend('k8s-west').length === 2, 'both clusters listed');
    const rows = [...observed.store.services()].map((s) => `${s.cluster} ${s.name} ${s.desired}`).sort();
    expect(rows).toEqual(['prod-east web 2', 'prod-west batch 1', 'prod-west web 1']);
  });

  it('refuses an unknown context with a config error that lists the real ones', () => {
    const kubeconfig = writeKubeconfig([{ name: 'only-one', server: 'http://127.0.0.1:9', token: 'tok-unused-0123456789' }]);
    let error: unknown;
    try {
      createKubernetesBackendInstance({ kind: 'kubernetes', id: 'bad', kubeconfig, context: 'nope' }, { clock: systemClock, logger: silentLogger, env: {} });
    } catch (e) {
      error = e;
    }
    expect(isOpsdeckError(error) && error.code).toBe('CONFIG_INVALID');
    expect(isOpsdeckError(error) && error.hint).toContain('only-one');
  });
});
