/**
 * The remote dashboard's mirror against a real daemon on 127.0.0.1: it equals
 * the server's tenant-scoped view after the snapshot and many diffs, a
 * team-a token never holds team-b data, a dead link marks everything STALE
 * (last values kept, never healthy) and a reconnect resyncs to live.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { PlanReport } from '../../src/core/model/plan.js';
import { openRemoteDashboard, type RemoteDashboard } from '../../src/remote/open-remote-dashboard.js';
import { serviceReport } from '../../src/remote/entity-reports.js';
import type { RemoteStateMirror } from '../../src/remote/remote-state-mirror.js';
import { startFixture, TOKENS, type Fixture } from '../daemon/ws/support/daemon-fixture.js';
import { CuttableProxy, entitiesOf, nextStatus, restartDaemon, serverViewFor, waitForMirror } from './support/remote-harness.js';

let fixture: Fixture | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await fixture?.stop();
  fixture = undefined;
});

async function open(url: string, token: string, clock = new FakeClock()): Promise<RemoteDashboard> {
  const remote = await openRemoteDashboard({ url, token, clock, logger: silentLogger, link: { backoff: { initialMs: 500, maxMs: 4000 } } });
  cleanups.push(() => remote.close());
  return remote;
}

function deployPlan(serviceNativeId: string, status: 'IN_PROGRESS' | 'COMPLETE'): PlanReport {
  const step = { id: 's1', name: 's1', status: status === 'COMPLETE' ? ('COMPLETE' as const) : ('STARTING' as const), message: '' };
  return { serviceNativeId, name: 'deploy', strategy: 'serial', status, phases: [{ id: 'p1', name: 'p1', strategy: 'serial', status, steps: [step] }], errors: [], updatedAt: 0 };
}

/** Waits until the server's store shows `done`, then until the mirror holds exactly what the server lets `tenants` see. */
async function untilMirrorMatches(f: Fixture, mirror: RemoteStateMirror, tenants: string[], done: () => boolean = () => true): Promise<void> {
  await f.until(done, 'the changes to reach the daemon store');
  f.store.flush();
  await waitForMirror(mirror, (m) => isDeepStrictEqual(entitiesOf(m), serverViewFor(f.store, tenants)), `the mirror to match the ${tenants.join(',')} view`).catch(() => undefined);
  // On a timeout this shows exactly where the mirror and the server differ.
  expect(entitiesOf(mirror)).toEqual(serverViewFor(f.store, tenants));
}

const allLive = (m: RemoteStateMirror): boolean => m.backends().every((b) => b.connection === 'live') && [...m.services()].every((s) => s.health.status !== 'STALE');

describe('RemoteStateMirror over a real daemon', () => {
  it('equals the server tenant-scoped view after the snapshot and after many diffs (scales, failures, plans, removals, hosts)', async () => {
    const f = (fixture = await startFixture({ perTenant: 20 }));
    const remote = await open(f.server.url, TOKENS.alice);
    expect(entitiesOf(remote.store)).toEqual(serverViewFor(f.store, ['team-a']));
    expect(remote.store.serviceCount()).toBe(21);

    for (let i = 0; i < 20; i++) {
      const nn = String(i).padStart(2, '0');
      f.b1.putService({ name: `alpha-${nn}`, tenant: 'team-a', replicas: 3 + (i % 3), version: i % 2 === 0 ? 'v2' : 'v1' });
      f.b1.putService({ name: `beta-${nn}`, tenant: 'team-b', replicas: 4, version: 'v2' });
    }
    f.b1.failTask('alpha-03', { message: 'OOMKilled' });
    f.b1.putPlan(deployPlan('alpha-04', 'IN_PROGRESS'));
    f.b1.removeService('alpha-19');
    f.store.apply('b1', { type: 'host-upserted', at: 0, host: { nativeId: 'c1-node-9', hostname: 'c1-node-9.internal', active: true, total: { cpus: 4, memMb: 8192, diskMb: 1 }, allocated: { cpus: 0, memMb: 0, diskMb: 0 }, updatedAt: 0 } });
    await untilMirrorMatches(f, remote.store, ['team-a'], () => f.store.service('b1/alpha-19') === undefined && f.store.service('b1/beta-19')?.desired === 4);

    f.b1.putPlan(deployPlan('alpha-04', 'COMPLETE'));
    f.store.apply('b1', { type: 'host-removed', at: 0, hostNativeId: 'c1-node-0' });
    await untilMirrorMatches(f, remote.store, ['team-a'], () => f.store.plan('b1/alpha-04#deploy')?.status === 'COMPLETE');
    expect(remote.store.service('b1/alpha-19')).toBeUndefined();
    expect(remote.store.service('b1/alpha-03')?.health.status).toBe('DEGRADED');
    expect(remote.store.plan('b1/alpha-04#deploy')?.status).toBe('COMPLETE');
    expect(remote.store.backends().map((b) => [b.id, b.connection])).toEqual([['b1', 'live'], ['b2', 'live']]);
    expect(remote.store.serverVersion).toBe(f.store.version);
  });

  it('holds the first tasks of a service created after the snapshot (they may be published before the service itself)', async () => {
    const f = (fixture = await startFixture({ perTenant: 3 }));
    const remote = await open(f.server.url, TOKENS.alice);
    f.b1.putService({ name: 'alpha-new', tenant: 'team-a', replicas: 2 });
    await untilMirrorMatches(f, remote.store, ['team-a'], () => f.store.tasksOf('b1/alpha-new').length === 2);
    expect(remote.store.tasksOf('b1/alpha-new')).toHaveLength(2);
  });

  it('publishes StateDiffs in the core shape to subscribers, so the dashboard redraws on remote changes', async () => {
    const f = (fixture = await startFixture({ perTenant: 3 }));
    const remote = await open(f.server.url, TOKENS.alice);
    const diffs: { services: string[]; removed: string[] }[] = [];
    remote.store.subscribe((diff, view) => {
      diffs.push({ services: diff.services.upserted.map((s) => s.id), removed: diff.services.removed });
      expect(view).toBe(remote.store);
    });
    f.b1.putService({ name: 'alpha-01', tenant: 'team-a', replicas: 5 });
    f.b1.removeService('alpha-02');
    await untilMirrorMatches(f, remote.store, ['team-a'], () => f.store.service('b1/alpha-02') === undefined);
    expect(diffs.flatMap((d) => d.services)).toContain('b1/alpha-01');
    expect(diffs.flatMap((d) => d.removed)).toContain('b1/alpha-02');
  });

  it('never holds a team-b service, task, plan or host on a team-a token, even when services change tenant', async () => {
    const f = (fixture = await startFixture({ perTenant: 10 }));
    const alice = await open(f.server.url, TOKENS.alice);
    const bob = await open(f.server.url, TOKENS.bob);
    f.b1.putPlan(deployPlan('beta-01', 'IN_PROGRESS'));
    f.b2.putService({ name: 'gamma-01', tenant: 'team-b', replicas: 3 });
    // Services changing tenant (a relabel): one leaves team-a's view with its tasks, one enters it.
    const moved = (id: string, tenant: string): void => {
      const service = f.store.service(id);
      if (service === undefined) throw new Error(`fixture lacks ${id}`);
      f.store.apply('b1', { type: 'service-upserted', at: 0, service: { ...serviceReport(service), tenant } });
    };
    moved('b1/alpha-05', 'team-b');
    moved('b1/beta-06', 'team-a');
    await untilMirrorMatches(f, alice.store, ['team-a'], () => f.store.service('b2/gamma-01')?.desired === 3 && f.store.plan('b1/beta-01#deploy') !== undefined);
    await untilMirrorMatches(f, bob.store, ['team-b']);

    const a = entitiesOf(alice.store);
    expect((a.services as { tenant: string }[]).every((s) => s.tenant === 'team-a')).toBe(true);
    expect(alice.store.service('b1/alpha-05')).toBeUndefined();
    expect(alice.store.tasksOf('b1/alpha-05')).toEqual([]);
    expect(alice.store.service('b1/beta-06')?.tenant).toBe('team-a');
    const text = JSON.stringify(a);
    for (const marker of ['beta-01', 'gamma-', 'b2/web', 'c2-node']) expect(text).not.toContain(marker);
    expect([...alice.store.hosts()].every((h) => h.cluster === 'c1')).toBe(true);
    expect(alice.hello.tenants).toEqual(['team-a']);
    expect((entitiesOf(bob.store).services as { tenant: string }[]).every((s) => s.tenant === 'team-b')).toBe(true);
  });

  it('marks every backend and service STALE (last values kept) when the network to the daemon dies, and resyncs to live after it returns', async () => {
    const f = (fixture = await startFixture({ perTenant: 5 }));
    const proxy = new CuttableProxy(f.server.port);
    await proxy.listen();
    cleanups.push(() => proxy.cut());
    const clock = new FakeClock();
    const remote = await open(proxy.url, TOKENS.alice, clock);
    const before = remote.store.service('b1/alpha-01');
    expect(before?.health.status).toBe('HEALTHY');

    await proxy.cut();
    await waitForMirror(remote.store, (m) => [...m.services()].every((s) => s.health.status === 'STALE'), 'every service to turn STALE');
    const stale = remote.store.service('b1/alpha-01');
    expect(stale).toMatchObject({ desired: before?.desired, running: before?.running, observedHealth: { status: 'HEALTHY' }, health: { status: 'STALE' } });
    expect(stale?.health.reason).toContain('Last known: HEALTHY');
    expect(remote.store.backends().every((b) => b.connection === 'stale' && b.error?.code === 'BACKEND_UNREACHABLE')).toBe(true);
    expect(remote.store.disconnected?.message).toContain(`127.0.0.1:${proxy.port}`);
    expect(remote.connection.status).toMatchObject({ state: 'down', retryInMs: 500 });

    // The world moves on while we are cut off; the resync must bring it in.
    f.b1.putService({ name: 'alpha-01', tenant: 'team-a', replicas: 6, version: 'v1' });
    f.b1.removeService('alpha-02');
    await f.until(() => f.store.service('b1/alpha-02') === undefined, 'the outage changes to reach the daemon store');
    await proxy.listen();
    await clock.advance(500);
    await waitForMirror(remote.store, allLive, 'the mirror to be live again');
    await untilMirrorMatches(f, remote.store, ['team-a']);
    expect(remote.store.service('b1/alpha-01')?.desired).toBe(6);
    expect(remote.store.service('b1/alpha-02')).toBeUndefined();
    expect(remote.store.disconnected).toBeUndefined();
  });

  it('shows STALE through a daemon restart (goodbye, refused reconnects with backoff) and is live again once the new daemon answers', async () => {
    const f = (fixture = await startFixture({ perTenant: 3 }));
    const clock = new FakeClock();
    const remote = await open(f.server.url, TOKENS.alice, clock);
    const port = f.server.port;
    await f.server.close();
    await waitForMirror(remote.store, (m) => m.backends().every((b) => b.connection === 'stale'), 'the daemon shutdown to mark backends stale');
    expect(remote.store.backends()[0]?.error?.message).toContain('shut down');
    expect([...remote.store.services()].some((s) => s.health.status === 'HEALTHY')).toBe(false);

    // First retry: nothing listens yet, so it fails and backs off further.
    const refused = nextStatus(remote.connection, 'down');
    await clock.advance(500);
    await refused;
    expect(remote.connection.status).toMatchObject({ state: 'down', retryInMs: 1000, error: { code: 'BACKEND_UNREACHABLE' } });

    const again = await restartDaemon(f, port);
    cleanups.push(() => again.close());
    f.b1.putService({ name: 'alpha-00', tenant: 'team-a', replicas: 4 });
    await f.until(() => f.store.service('b1/alpha-00')?.desired === 4, 'the change to reach the daemon store');
    await clock.advance(1000);
    await waitForMirror(remote.store, allLive, 'the mirror to be live after the restart');
    await untilMirrorMatches(f, remote.store, ['team-a']);
    expect(remote.store.service('b1/alpha-00')?.desired).toBe(4);
  });

  it('stops retrying and says why when the restarted daemon no longer accepts the token (values stay STALE, never live)', async () => {
    const f = (fixture = await startFixture({ perTenant: 2 }));
    const clock = new FakeClock();
    const remote = await open(f.server.url, TOKENS.alice, clock);
    const port = f.server.port;
    await f.server.close();
    await waitForMirror(remote.store, (m) => m.backends().every((b) => b.connection === 'stale'), 'the shutdown to mark backends stale');
    const again = await restartDaemon(f, port, { keepTokenIds: ['bob-laptop'] });
    cleanups.push(() => again.close());
    const refused = nextStatus(remote.connection, 'down');
    await clock.advance(500);
    const status = await refused;
    expect(status).toMatchObject({ state: 'down', retryInMs: undefined, error: { code: 'UNAUTHENTICATED' } });
    await waitForMirror(remote.store, (m) => m.backend('b1')?.error?.code === 'UNAUTHENTICATED', 'the reason to reach the header');
    expect(remote.store.backend('b1')?.error?.hint).toContain('--token');
    expect([...remote.store.services()].every((s) => s.health.status === 'STALE')).toBe(true);
    expect(JSON.stringify(remote.store.backends())).not.toContain(TOKENS.alice);
  });

  it("follows the daemon's own backend status: a backend the daemon lost is STALE with the daemon's reason, and live again when it returns", async () => {
    const f = (fixture = await startFixture({ perTenant: 3 }));
    const remote = await open(f.server.url, TOKENS.alice);
    f.b1.disconnect('marathon at 10.0.0.1 refused the connection');
    await f.until(() => f.store.backend('b1')?.connection === 'stale', 'b1 to go stale on the daemon');
    f.store.flush();
    await waitForMirror(remote.store, (m) => m.backend('b1')?.connection === 'stale', 'b1 to be stale');
    f.store.flush();
    await waitForMirror(remote.store, (m) => m.servicesOfBackend('b1').every((s) => s.health.status === 'STALE'), 'b1 services to be STALE');
    expect(remote.store.service('b1/alpha-00')?.health.reason).toContain('marathon at 10.0.0.1 refused the connection');
    expect(remote.store.backend('b2')?.connection).toBe('live');
    expect(remote.store.disconnected).toBeUndefined();

    f.b1.reconnect();
    await untilMirrorMatches(f, remote.store, ['team-a'], () => f.store.backend('b1')?.connection === 'live');
    await waitForMirror(remote.store, allLive, 'b1 to be live again');
  });
});
