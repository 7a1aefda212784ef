/**
 * The store: folding events, indexes, coalesced diffs, and freshness (a silent
 * or disconnected backend makes its services STALE with last values kept).
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { StateStore, startFreshnessTimer, type StateDiff } from '../../../src/core/state/index.js';
import type { ServiceReport } from '../../../src/core/model/service.js';
import type { TaskReport } from '../../../src/core/model/task.js';

const service = (name: string, overrides: Partial<ServiceReport> = {}): ServiceReport => ({
  nativeId: name,
  cluster: 'c1',
  tenant: 'team-a',
  name,
  kind: 'other',
  desired: 2,
  running: 2,
  healthy: 2,
  health: { status: 'HEALTHY', reason: '2/2 healthy' },
  labels: {},
  stateful: false,
  actions: [],
  updatedAt: 0,
  ...overrides,
});
const task = (id: string, svc: string, overrides: Partial<TaskReport> = {}): TaskReport => ({
  nativeId: id,
  serviceNativeId: svc,
  host: 'h1',
  state: 'RUNNING',
  restarts: 0,
  updatedAt: 0,
  ...overrides,
});

function setup(): { clock: FakeClock; store: StateStore; diffs: StateDiff[] } {
  const clock = new FakeClock();
  const store = new StateStore({ clock, publish: 'manual' });
  store.registerBackend({ id: 'b1', kind: 'memory', cluster: 'c1', freshnessBoundMs: 10_000 });
  const diffs: StateDiff[] = [];
  store.subscribe((d) => diffs.push(d));
  store.apply('b1', { type: 'connected', at: 0 });
  store.apply('b1', {
    type: 'snapshot',
    at: 0,
    snapshot: { services: [service('web'), service('api', { tenant: '' })], tasks: [task('t1', 'web'), task('t2', 'web')], plans: [], hosts: [] },
  });
  store.flush();
  diffs.length = 0;
  return { clock, store, diffs };
}

describe('StateStore', () => {
  it('indexes services by id, name, tenant and backend, and gives tenant-less services the default tenant', () => {
    const { store } = setup();
    expect(store.service('b1/web')?.name).toBe('web');
    expect(store.servicesNamed('web').map((s) => s.id)).toEqual(['b1/web']);
    expect(store.servicesOfTenant('team-a').map((s) => s.id)).toEqual(['b1/web']);
    expect(store.servicesOfTenant('default').map((s) => s.id)).toEqual(['b1/api']);
    expect(store.servicesOfBackend('b1')).toHaveLength(2);
    expect(store.tasksOf('b1/web').map((t) => t.id).sort()).toEqual(['b1/t1', 'b1/t2']);
  });

  it('coalesces many events about one task into one diff entry', () => {
    const { store, diffs } = setup();
    for (let i = 0; i < 100; i++) store.apply('b1', { type: 'task-upserted', at: i, task: task('t1', 'web', { restarts: i }) });
    store.flush();
    expect(diffs).toHaveLength(1);
    expect(diffs[0]?.tasks.upserted).toHaveLength(1);
    expect(diffs[0]?.tasks.upserted[0]?.restarts).toBe(99);
  });

  it('re-indexes a service whose name or tenant changes', () => {
    const { store } = setup();
    store.apply('b1', { type: 'service-upserted', at: 1, service: service('web', { name: 'frontend', tenant: 'team-b' }) });
    expect(store.servicesNamed('web')).toEqual([]);
    expect(store.servicesNamed('frontend')).toHaveLength(1);
    expect(store.servicesOfTenant('team-a')).toEqual([]);
    expect(store.servicesOfTenant('team-b')).toHaveLength(1);
  });

  it('removes a service with its tasks and plans, and reports the removals', () => {
    const { store, diffs } = setup();
    store.apply('b1', { type: 'service-removed', at: 1, serviceNativeId: 'web' });
    store.flush();
    expect(store.service('b1/web')).toBeUndefined();
    expect(store.task('b1/t1')).toBeUndefined();
    expect(diffs[0]?.services.removed).toEqual(['b1/web']);
    expect(diffs[0]?.tasks.removed.sort()).toEqual(['b1/t1', 'b1/t2']);
  });

  it('replaces everything on a snapshot: entities missing from it are removed', () => {
    const { store } = setup();
    store.apply('b1', { type: 'snapshot', at: 2, snapshot: { services: [service('web')], tasks: [task('t2', 'web')], plans: [], hosts: [] } });
    expect(store.service('b1/api')).toBeUndefined();
    expect(store.task('b1/t1')).toBeUndefined();
    expect(store.task('b1/t2')).toBeDefined();
  });

  it('marks every service STALE when the backend disconnects, keeping last known values and the observed health', () => {
    const { store, clock } = setup();
    clock.advance(0);
    store.apply('b1', { type: 'disconnected', at: 5, error: { code: 'BACKEND_UNREACHABLE', message: 'connection refused' } });
    for (const s of store.servicesOfBackend('b1')) {
      expect(s.health.status).toBe('STALE');
      expect(s.health.reason).toContain('connection refused');
      expect(s.observedHealth.status).toBe('HEALTHY');
      expect(s.desired).toBe(2);
      expect(s.staleSince).toBe(clock.now());
    }
    expect(store.backend('b1')?.connection).toBe('stale');
  });

  it('turns a silent backend STALE after its freshness bound, and a new snapshot makes it live again', async () => {
    const { store, clock } = setup();
    const stop = startFreshnessTimer(store, clock, { intervalMs: 1000 });
    await clock.advance(9_000);
    expect(store.service('b1/web')?.health.status).toBe('HEALTHY');
    await clock.advance(2_000);
    expect(store.service('b1/web')?.health.status).toBe('STALE');
    expect(store.backend('b1')?.error?.message).toMatch(/No data from b1 for 1[01]s/);
    store.apply('b1', { type: 'snapshot', at: 0, snapshot: { services: [service('web', { healthy: 1, health: { status: 'DEGRADED', reason: '1/2 healthy' } })], tasks: [], plans: [], hosts: [] } });
    expect(store.service('b1/web')?.health.status).toBe('DEGRADED');
    expect(store.service('b1/web')?.staleSince).toBeUndefined();
    expect(store.backend('b1')?.connection).toBe('live');
    stop();
  });

  it('keeps heartbeats counting as liveness: a backend that only heartbeats stays fresh', async () => {
    const { store, clock } = setup();
    const stop = startFreshnessTimer(store, clock, { intervalMs: 1000 });
    for (let i = 0; i < 5; i++) {
      await clock.advance(5_000);
      store.apply('b1', { type: 'heartbeat', at: clock.now() });
    }
    expect(store.backend('b1')?.connection).toBe('live');
    stop();
  });

  it('updates of a stale backend stay STALE until a full snapshot: incremental events cannot vouch for the whole', () => {
    const { store } = setup();
    store.apply('b1', { type: 'disconnected', at: 5, error: { code: 'X', message: 'gone' } });
    store.apply('b1', { type: 'service-upserted', at: 6, service: service('web') });
    expect(store.service('b1/web')?.health.status).toBe('STALE');
  });

  it('keeps only identity fields of a registered backend, so its config and secrets never reach status', () => {
    const clock = new FakeClock();
    const store = new StateStore({ clock, publish: 'manual' });
    const backend = { id: 'b9', kind: 'memory' as const, cluster: 'c', freshnessBoundMs: 1000, token: 'super-secret-token' };
    store.registerBackend(backend);
    expect(JSON.stringify(store.backend('b9'))).not.toContain('super-secret-token');
    expect(Object.keys(store.backend('b9') ?? {}).sort()).toEqual(['cluster', 'connection', 'eventsIngested', 'freshnessBoundMs', 'id', 'kind', 'synced']);
  });

  it('keeps the last N events per service', () => {
    const clock = new FakeClock();
    const store = new StateStore({ clock, publish: 'manual', eventsPerService: 3 });
    store.registerBackend({ id: 'b1', kind: 'memory', cluster: 'c1', freshnessBoundMs: 10_000 });
    for (let i = 0; i < 5; i++) {
      store.apply('b1', { type: 'service-event', at: i, event: { serviceNativeId: 'web', at: i, severity: 'warning', reason: 'BackOff', message: `m${i}` } });
    }
    expect(store.recentEvents('b1/web').map((e) => e.message)).toEqual(['m2', 'm3', 'm4']);
  });

  it('refuses an event from a backend that was never registered, and a duplicate registration', () => {
    const { store } = setup();
    expect(() => store.apply('nope', { type: 'heartbeat', at: 0 })).toThrow(/unregistered backend/);
    expect(() => store.registerBackend({ id: 'b1', kind: 'memory', cluster: 'c', freshnessBoundMs: 1 })).toThrow(/used twice/);
  });

  it('publishes automatically once the burst is over, not in the middle of it', async () => {
    const clock = new FakeClock();
    const store = new StateStore({ clock });
    const diffs: StateDiff[] = [];
    store.subscribe((d) => diffs.push(d));
    store.registerBackend({ id: 'b1', kind: 'memory', cluster: 'c1', freshnessBoundMs: 10_000 });
    store.apply('b1', { type: 'service-upserted', at: 0, service: service('web') });
    store.apply('b1', { type: 'service-upserted', at: 0, service: service('api') });
    expect(diffs).toHaveLength(0);
    await Promise.resolve();
    expect(diffs).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(diffs).toHaveLength(1);
    expect(diffs[0]?.services.upserted).toHaveLength(2);
  });
});
