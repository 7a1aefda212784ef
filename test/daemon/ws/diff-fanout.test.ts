/**
 * Per-scope diff filtering on the store's real diffs, without sockets: a
 * removal of another tenant's service produces nothing at all, a tenant
 * change moves a service with its tasks and its cluster's hosts between
 * views, and each diff is serialised once per scope however many clients.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import type { HostReport } from '../../../src/core/model/resources.js';
import type { ServiceReport } from '../../../src/core/model/service.js';
import { StateStore } from '../../../src/core/state/index.js';
import { tenantScope } from '../../../src/daemon/ports.js';
import { DiffFanout } from '../../../src/daemon/ws/diff-fanout.js';
import type { ScopedDiff } from '../../../src/daemon/ws/tenant-diff.js';

const service = (name: string, tenant: string): ServiceReport => ({
  nativeId: name,
  cluster: 'ignored',
  tenant,
  name,
  kind: 'other',
  desired: 1,
  running: 1,
  healthy: 1,
  health: { status: 'HEALTHY', reason: 'ok' },
  labels: {},
  stateful: false,
  actions: [],
  updatedAt: 0,
});
const host = (nativeId: string): HostReport => ({ nativeId, hostname: nativeId, active: true, total: { cpus: 1, memMb: 1, diskMb: 1 }, allocated: { cpus: 0, memMb: 0, diskMb: 0 }, updatedAt: 0 });
const task = (nativeId: string, serviceNativeId: string) => ({ nativeId, serviceNativeId, host: 'h', state: 'RUNNING' as const, restarts: 0, updatedAt: 0 });

function setup() {
  const clock = new FakeClock();
  const store = new StateStore({ clock, publish: 'manual' });
  store.registerBackend({ id: 'b1', kind: 'memory', cluster: 'c1', freshnessBoundMs: 10_000 });
  store.registerBackend({ id: 'b2', kind: 'memory', cluster: 'c2', freshnessBoundMs: 10_000 });
  store.apply('b1', { type: 'snapshot', at: 0, snapshot: { services: [service('a1', 'team-a'), service('x1', 'team-b')], tasks: [task('a1.1', 'a1'), task('x1.1', 'x1')], plans: [], hosts: [host('n1')] } });
  store.apply('b2', { type: 'snapshot', at: 0, snapshot: { services: [service('x2', 'team-b')], tasks: [task('x2.1', 'x2')], plans: [], hosts: [host('n2')] } });
  store.flush();
  const fanout = new DiffFanout(store);
  const received = { a: [] as string[], a2: [] as string[], b: [] as string[] };
  fanout.join(tenantScope(['team-a']), { sendDiff: (t) => received.a.push(t) });
  fanout.join(tenantScope(['team-a']), { sendDiff: (t) => received.a2.push(t) });
  fanout.join(tenantScope(['team-b']), { sendDiff: (t) => received.b.push(t) });
  const parsed = (texts: string[]): ScopedDiff[] => texts.map((t) => JSON.parse(t) as ScopedDiff);
  return { store, clock, received, parsed };
}

describe('DiffFanout', () => {
  it('sends nothing to team-a when a team-b service and its tasks are removed', () => {
    const { store, received, parsed } = setup();
    store.apply('b1', { type: 'service-removed', at: 1, serviceNativeId: 'x1' });
    store.flush();
    expect(received.a).toEqual([]);
    const [diff] = parsed(received.b);
    expect(diff?.services.removed).toEqual(['b1/x1']);
    expect(diff?.tasks.removed).toEqual(['b1/x1.1']);
  });

  it('moves a service, its tasks and its cluster hosts between views when its tenant changes', () => {
    const { store, received, parsed } = setup();
    store.apply('b2', { type: 'service-upserted', at: 1, service: service('x2', 'team-a') });
    store.flush();
    const [toA] = parsed(received.a);
    expect(toA?.services.upserted.map((s) => s.id)).toEqual(['b2/x2']);
    expect(toA?.tasks.upserted.map((t) => t.id)).toEqual(['b2/x2.1']);
    expect(toA?.hosts.upserted.map((h) => h.id)).toEqual(['b2/n2']);
    const [fromB] = parsed(received.b);
    expect(fromB?.services).toEqual({ upserted: [], removed: ['b2/x2'] });
    expect(fromB?.tasks.removed).toEqual(['b2/x2.1']);
    expect(fromB?.hosts.removed).toEqual(['b2/n2']);

    store.apply('b2', { type: 'host-upserted', at: 2, host: host('n3') });
    store.apply('b2', { type: 'task-upserted', at: 2, task: task('x2.2', 'x2') });
    store.flush();
    expect(parsed(received.a)[1]?.hosts.upserted.map((h) => h.id)).toEqual(['b2/n3']);
    expect(parsed(received.a)[1]?.tasks.upserted.map((t) => t.id)).toEqual(['b2/x2.2']);
    expect(received.b).toHaveLength(1);
  });

  it('keeps service events of other tenants out, and serialises once per scope', () => {
    const { store, received, parsed } = setup();
    store.apply('b1', { type: 'service-event', at: 1, event: { serviceNativeId: 'x1', at: 1, severity: 'error', reason: 'OOMKilled', message: 'x1 task died' } });
    store.apply('b1', { type: 'service-event', at: 1, event: { serviceNativeId: 'a1', at: 1, severity: 'info', reason: 'Scaled', message: 'a1 scaled' } });
    store.flush();
    expect(parsed(received.a)[0]?.events.map((e) => e.reason)).toEqual(['Scaled']);
    expect(parsed(received.b)[0]?.events.map((e) => e.reason)).toEqual(['OOMKilled']);
    expect(received.a2).toEqual(received.a);
    expect(received.a[0]).toBe(received.a2[0]);
  });
});
