/**
 * Watch resilience against the fake apiserver with the real client: a dropped
 * watch resumes from its resourceVersion and converges to what a fresh list
 * shows; a forced 410 makes the client relist and opsdeck replace its state
 * without ever judging a service UNHEALTHY; lists follow `continue` pages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterStateView } from '../../../src/core/state/index.js';
import { deployment } from './apiserver/fixtures.js';
import { observe, serviceNamed, startTestCluster, type ObservedBackend, type TestCluster } from './kube-test-cluster.js';

/** What a person sees of a backend: services and tasks, keyed by native id, without timestamps. */
function view(state: ClusterStateView, backendId: string): string {
  const services = state
    .servicesOfBackend(backendId)
    .map((s) => ({ id: s.nativeId, desired: s.desired, running: s.running, healthy: s.healthy, health: s.observedHealth.status, reason: s.observedHealth.reason, version: s.version, tasks: state.tasksOf(s.id).map((t) => `${t.nativeId}:${t.state}:${String(t.healthy)}`).sort() }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify(services);
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(id: string, extra: Parameters<typeof startTestCluster>[0]['tuning'] = {}): Promise<{ cluster: TestCluster; observed: ObservedBackend }> {
  const cluster = await startTestCluster({
    id,
    deployments: [
      { name: 'web', replicas: 3, image: 'registry.local/web:v1' },
      { name: 'api', replicas: 2, image: 'registry.local/api:v1' },
    ],
    tuning: extra,
  });
  cleanups.push(() => cluster.close());
  const observed = observe(cluster.backend);
  cleanups.push(() => observed.stop());
  await observed.until((s) => s.backend(id)?.synced && serviceNamed(s, id, 'web')?.health.status === 'HEALTHY' && serviceNamed(s, id, 'api')?.health.status === 'HEALTHY', 'first sync');
  return { cluster, observed };
}

describe('kubernetes watch resilience', () => {
  it('resumes a dropped watch from its resourceVersion and ends up equal to a fresh list', async () => {
    const { cluster, observed } = await start('kube-resume');
    const server = cluster.server;
    const mark = server.requests.length;
    server.dropWatches();
    // Changes while the watches are down.
    const web = server.store.get('deployments', 'default', 'web');
    if (web === undefined) throw new Error('no web');
    (web.spec as { replicas: number }).replicas = 5;
    server.store.update('deployments', web);
    server.store.create('deployments', deployment({ name: 'extra', replicas: 1, image: 'registry.local/extra:v1' }));
    const apiPod = server.store.list('pods').find((p) => p.metadata.name.startsWith('api-'));
    if (apiPod !== undefined) server.store.delete('pods', 'default', apiPod.metadata.name);

    await observed.until((s) => serviceNamed(s, 'kube-resume', 'extra')?.health.status === 'HEALTHY' && serviceNamed(s, 'kube-resume', 'web')?.healthy === 5, 'changes seen after resume');
    const after = server.requests.slice(mark).filter((r) => r.method === 'GET');
    expect(after.length).toBeGreaterThan(0);
    // Resumed, not relisted: every request after the drop is a watch from a known resourceVersion.
    for (const request of after) {
      expect(request.query.watch, `${request.path} should be a watch`).toBe('true');
      expect(Number(request.query.resourceVersion)).toBeGreaterThan(0);
    }

    const fresh = observe(cluster.backend);
    cleanups.push(() => fresh.stop());
    await fresh.until((s) => s.backend('kube-resume')?.synced, 'fresh list');
    await observed.until((s) => view(s, 'kube-resume') === view(fresh.store, 'kube-resume') && view(s, 'kube-resume').includes('extra'), 'resumed state equals a fresh list');
  });

  it('relists on a forced 410, keeps its state without any service turning UNHEALTHY, and emits only the differences', async () => {
    const { cluster, observed } = await start('kube-410');
    const server = cluster.server;
    const judged: string[] = [];
    const unsubscribe = observed.store.subscribe((_diff, state) => {
      for (const s of state.servicesOfBackend('kube-410')) judged.push(`${s.name}:${s.health.status}`);
    });
    cleanups.push(unsubscribe);
    const snapshotBefore = observed.store.backend('kube-410')?.lastSnapshotAt;
    const mark = server.requests.length;
    const expiredAt = server.store.resourceVersion;
    server.forceExpire();
    // Deleted while no watch is open: only the relist can tell.
    server.store.delete('deployments', 'default', 'api');
    await observed.until((s) => serviceNamed(s, 'kube-410', 'api') === undefined, 'api removed after the relist', 15_000);
    const after = server.requests.slice(mark).filter((r) => r.method === 'GET');
    // Each informer's reconnect from its old version got the in-stream 410, then it listed again, once.
    const expiredWatches = after.filter((r) => r.query.watch === 'true' && Number(r.query.resourceVersion) <= expiredAt);
    expect(expiredWatches).toHaveLength(6);
    expect(new Set(after.filter((r) => r.query.watch === undefined).map((r) => r.path)).size).toBe(6);
    expect(after.filter((r) => r.query.watch === undefined)).toHaveLength(6);
    expect(observed.store.backend('kube-410')?.connection).toBe('live');
    expect(observed.store.backend('kube-410')?.lastSnapshotAt, 'one snapshot at first sync, differences after').toBe(snapshotBefore);
    expect(judged.filter((j) => !j.endsWith(':HEALTHY'))).toEqual([]);
    expect(serviceNamed(observed.store, 'kube-410', 'web')?.healthy).toBe(3);
  });

  it('follows continue tokens when a list is paged', async () => {
    const { cluster, observed } = await start('kube-pages', { listPageSize: 2 });
    const pods = cluster.server.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/pods' && r.query.watch === undefined);
    expect(pods.map((r) => r.query.limit)).toEqual(['2', '2', '2']);
    expect(pods.filter((r) => r.query.continue !== undefined)).toHaveLength(2);
    expect(observed.store.tasksOf(serviceNamed(observed.store, 'kube-pages', 'web')?.id ?? '')).toHaveLength(3);
    expect(observed.store.tasksOf(serviceNamed(observed.store, 'kube-pages', 'api')?.id ?? '')).toHaveLength(2);
  });

  it('goes STALE while the apiserver is unreachable, then live again with a fresh snapshot', async () => {
    const { cluster, observed } = await start('kube-stale');
    await cluster.server.stop();
    const stale = await observed.until((s) => (s.backend('kube-stale')?.connection === 'stale' ? s.backend('kube-stale') : undefined), 'stale');
    expect(stale.error?.code).toBe('BACKEND_UNREACHABLE');
    expect(stale.error?.hint).toContain('kube-stale-context');
    expect(serviceNamed(observed.store, 'kube-stale', 'web')?.health.status).toBe('STALE');
    await cluster.server.start();
    await observed.until((s) => s.backend('kube-stale')?.connection === 'live' && serviceNamed(s, 'kube-stale', 'web')?.health.status === 'HEALTHY', 'live again');
  });
});
