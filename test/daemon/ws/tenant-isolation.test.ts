/**
 * Tenant isolation over a real ws connection: a team-a token never receives
 * a team-b service (nor its tasks, plans, hosts or even removed ids) in the
 * snapshot, in diffs, in command errors, or in metrics labels, with many
 * services of both tenants changing at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PlanReport } from '../../../src/core/model/plan.js';
import { tenantScope } from '../../../src/daemon/ports.js';
import { buildTenantSnapshot } from '../../../src/daemon/ws/tenant-snapshot.js';
import { ClientMirror, snapshotIds } from './support/client-mirror.js';
import { startFixture, TOKENS, type Fixture } from './support/daemon-fixture.js';
import { EngineDouble } from './support/engine-double.js';
import { TestClient } from './support/ws-test-client.js';

let fixture: Fixture | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fixture?.stop();
  fixture = undefined;
});

async function connect(f: Fixture, token: string): Promise<TestClient> {
  const client = await TestClient.connect(f.server.url, token);
  clients.push(client);
  await client.next('snapshot');
  return client;
}

/** Team-b names and ids that must never reach team-a (b2/web is team-b's "web"). */
const TEAM_B_MARKERS = ['beta-', 'gamma-', 'b2/web', 'c2-node', 'b1/web2'];

/** A one-step deploy plan in progress for a service. */
function deployPlan(serviceNativeId: string): PlanReport {
  const step = { id: 's1', name: 's1', status: 'STARTING' as const, message: '' };
  return { serviceNativeId, name: 'deploy', strategy: 'serial', status: 'IN_PROGRESS', phases: [{ id: 'p1', name: 'p1', strategy: 'serial', status: 'IN_PROGRESS', steps: [step] }], errors: [], updatedAt: 0 };
}

/** Waits until the store shows `done`, publishes, then round-trips each client so every diff before has arrived. */
async function settle(f: Fixture, of: TestClient[], done: () => boolean): Promise<void> {
  await f.until(done, 'the changes to reach the store');
  f.store.flush();
  await Promise.all(of.map((c) => c.roundTrip()));
}

function mirrorOf(client: TestClient): ClientMirror {
  const mirror = new ClientMirror();
  for (const m of client.messages) mirror.apply(m);
  return mirror;
}

describe('ws API tenant isolation', () => {
  it('sends hello then a snapshot with exactly the services, tasks, plans and hosts of the token tenants', async () => {
    fixture = await startFixture({ perTenant: 30 });
    const alice = await connect(fixture, TOKENS.alice);
    const hello = alice.messages[0];
    expect(hello).toMatchObject({ v: 1, type: 'hello', actor: { id: 'alice' }, tenants: ['team-a'] });
    const snapshot = alice.messages[1];
    if (snapshot?.type !== 'snapshot') throw new Error('second message is not the snapshot');
    expect(snapshot.services).toHaveLength(31);
    expect(new Set(snapshot.services.map((s) => s.tenant))).toEqual(new Set(['team-a']));
    expect(snapshot.tasks).toHaveLength(62);
    expect(snapshot.tasks.every((t) => t.service.startsWith('b1/alpha-') || t.service === 'b1/web')).toBe(true);
    expect(snapshot.hosts.map((h) => h.id).sort()).toEqual(['b1/c1-node-0', 'b1/c1-node-1']);
    expect(snapshot.backends.map((b) => b.id).sort()).toEqual(['b1', 'b2']);
    for (const marker of TEAM_B_MARKERS) expect(alice.raw.join('\n')).not.toContain(marker);
  });

  it('never sends team-a a team-b service, task, plan, host or removed id in diffs, and its view stays exact', async () => {
    const f = (fixture = await startFixture({ perTenant: 25 }));
    const alice = await connect(f, TOKENS.alice);
    const bob = await connect(f, TOKENS.bob);
    const root = await connect(f, TOKENS.root);
    for (let i = 0; i < 25; i++) {
      const nn = String(i).padStart(2, '0');
      f.b1.putService({ name: `alpha-${nn}`, tenant: 'team-a', replicas: 3, version: 'v2' });
      f.b1.putService({ name: `beta-${nn}`, tenant: 'team-b', replicas: 3, version: 'v2' });
      if (i % 3 === 0) f.b1.failTask(`beta-${nn}`);
      if (i % 4 === 0) f.b2.removeService(`gamma-${nn}`);
      if (i % 5 === 0) f.b1.removeService(`alpha-${nn}`);
    }
    f.b1.putPlan(deployPlan('beta-01'));
    f.b1.putPlan(deployPlan('alpha-01'));
    f.b1.putService({ name: 'web2', tenant: 'team-b', replicas: 1 });
    f.b1.removeService('web2');
    f.store.apply('b2', { type: 'host-removed', at: f.clock.now(), hostNativeId: 'c2-node-1' });
    f.store.apply('b2', { type: 'host-upserted', at: f.clock.now(), host: { nativeId: 'c2-node-9', hostname: 'c2-node-9', active: true, total: { cpus: 1, memMb: 1, diskMb: 1 }, allocated: { cpus: 0, memMb: 0, diskMb: 0 }, updatedAt: 0 } });
    f.b1.putService({ name: 'alpha-01', tenant: 'team-a', replicas: 4, version: 'v3' });
    await settle(f, [alice, bob, root], () => f.store.service('b1/alpha-01')?.version === 'v3' && f.store.service('b2/gamma-24') === undefined);

    const aliceText = alice.raw.join('\n');
    for (const marker of TEAM_B_MARKERS) expect(aliceText, `alice saw ${marker}`).not.toContain(marker);
    expect(bob.raw.join('\n')).not.toContain('alpha-');
    expect(alice.messages.filter((m) => m.type === 'diff').length).toBeGreaterThan(0);
    for (const [client, tenants] of [[alice, ['team-a']], [bob, ['team-b']], [root, ['*']]] as const) {
      expect(mirrorOf(client).ids()).toEqual(snapshotIds(buildTenantSnapshot(f.store, tenantScope(tenants))));
    }
    expect(mirrorOf(alice).plans.has('b1/alpha-01#deploy')).toBe(true);
    expect(mirrorOf(root).services.has('b1/beta-03')).toBe(true);
  });

  it('moves a service and its tasks into and out of a view when its tenant changes, and shows hosts only of clusters with visible services', async () => {
    const f = (fixture = await startFixture({ perTenant: 3 }));
    const alice = await connect(f, TOKENS.alice);
    f.b2.putService({ name: 'gamma-00', tenant: 'team-a', replicas: 1, version: 'v1' });
    await settle(f, [alice], () => f.store.service('b2/gamma-00')?.tenant === 'team-a');
    let view = mirrorOf(alice);
    expect(view.services.has('b2/gamma-00')).toBe(true);
    expect([...view.tasks.values()].some((t) => (t as unknown as { service: string }).service === 'b2/gamma-00')).toBe(true);
    expect(view.ids().hosts).toEqual(['b1/c1-node-0', 'b1/c1-node-1', 'b2/c2-node-0', 'b2/c2-node-1']);

    f.b2.putService({ name: 'gamma-00', tenant: 'team-b', replicas: 1, version: 'v1' });
    await settle(f, [alice], () => f.store.service('b2/gamma-00')?.tenant === 'team-b');
    view = mirrorOf(alice);
    expect(view.ids()).toEqual(snapshotIds(buildTenantSnapshot(f.store, tenantScope(['team-a']))));
    expect(view.ids().hosts).toEqual(['b1/c1-node-0', 'b1/c1-node-1']);
  });

  it('answers a command on a team-b service exactly like one on a missing service, without reaching the engine', async () => {
    let engine: EngineDouble | undefined;
    fixture = await startFixture({ perTenant: 5, commands: ({ store, backends }) => (engine = new EngineDouble(store, backends)) });
    const alice = await connect(fixture, TOKENS.alice);
    const errors: unknown[] = [];
    for (const [id, target] of [['hidden-id', 'b1/beta-01'], ['hidden-name', 'gamma-02'], ['missing', 'b1/nope-01'], ['missing-name', 'nope-02']] as const) {
      alice.send({ v: 1, type: 'command', id, command: { kind: 'scale', target, args: { replicas: 1 } } });
      const reply = await alice.waitFor((m) => m.type === 'command-update' && m.id === id);
      if (reply.type !== 'command-update' || reply.update.status !== 'denied') throw new Error('expected a denial');
      errors.push({ ...reply.update.error, message: reply.update.error.message.replace(target, '<ref>') });
    }
    expect(errors[0]).toMatchObject({ code: 'NOT_FOUND' });
    for (const e of errors) expect(e).toEqual(errors[0]);
    // "web" exists in both tenants; for alice it is unambiguous and pinned to her own.
    alice.send({ v: 1, type: 'command', id: 'web', command: { kind: 'scale', target: 'web', args: { replicas: 3 } } });
    await alice.waitFor((m) => m.type === 'command-update' && m.id === 'web' && m.update.status === 'executed');
    expect(engine?.calls.map((c) => c.request?.target)).toEqual(['b1/web']);
    expect(fixture.b2.truth('web').desired).toBe(2);
  });

  it('serves metrics whose labels carry no service or tenant names', async () => {
    const f = (fixture = await startFixture({ perTenant: 10 }));
    await connect(f, TOKENS.alice);
    const text = await (await fetch(`${f.server.url}/metrics`)).text();
    expect(text).toContain('opsdeck_backend_events_ingested_total{backend="b1"}');
    expect(text).toContain('opsdeck_ws_clients 1');
    for (const name of ['alpha-', 'beta-', 'gamma-', 'web"', 'team-a', 'team-b']) expect(text).not.toContain(name);
  });
});
