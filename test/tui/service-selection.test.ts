import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import type { ServiceReport } from '../../src/core/model/service.js';
import { StateStore } from '../../src/core/state/store.js';
import { compileFilter } from '../../src/tui/list-filter.js';
import { ServiceSelection } from '../../src/tui/service-selection.js';
import { selectServices } from '../../src/tui/view-models/services-table.js';

const report = (name: string, healthy: number): ServiceReport => ({
  nativeId: name,
  cluster: 'east',
  tenant: 'payments',
  name,
  kind: 'other',
  desired: 2,
  running: 2,
  healthy,
  health: healthy === 2 ? { status: 'HEALTHY', reason: 'ok' } : { status: 'DEGRADED', reason: `${healthy}/2` },
  labels: {},
  stateful: false,
  actions: [],
  updatedAt: 0,
});

function setup() {
  const clock = new FakeClock(0);
  const store = new StateStore({ clock, publish: 'manual' });
  store.registerBackend({ id: 'b', kind: 'memory', cluster: 'east', freshnessBoundMs: 30_000 });
  store.apply('b', { type: 'snapshot', at: 0, snapshot: { services: ['a', 'b', 'c'].map((n) => report(n, 2)), tasks: [], plans: [], hosts: [] } });
  store.flush();
  const selection = new ServiceSelection(store);
  const upsert = (name: string, healthy: number) => {
    store.apply('b', { type: 'service-upserted', at: 0, service: report(name, healthy) });
    selection.noteDiff(store.flush()!);
  };
  return { store, selection, upsert };
}

describe('service selection', () => {
  it('does not re-select when an update keeps every service in place (name sort)', () => {
    const { selection, upsert } = setup();
    selection.select({ sort: 'name' });
    upsert('b', 1);
    selection.select({ sort: 'name' });
    expect(selection.rebuilds).toBe(1);
  });

  it('re-inserts moved services instead of re-sorting: health sort, a new service, a filter membership change', () => {
    const { selection, upsert } = setup();
    selection.select({ sort: 'health' });
    upsert('c', 1);
    const entries = selection.select({ sort: 'health' });
    expect(selection.rebuilds).toBe(1);
    expect(selection.patches).toBe(1);
    expect(entries.map((e) => (e.kind === 'service' ? e.service.name : '#'))).toEqual(['#', 'c', 'a', 'b']);
    upsert('d', 2);
    expect(selection.select({ sort: 'health' }).length).toBe(5);
    const filter = compileFilter('degraded');
    expect(selection.select({ sort: 'name', filter }).length).toBe(2);
    expect(selection.rebuilds).toBe(2);
    upsert('a', 1);
    expect(selection.select({ sort: 'name', filter }).map((e) => (e.kind === 'service' ? e.service.name : '#'))).toEqual(['#', 'a', 'c']);
    expect(selection.select({ sort: 'name', filter: compileFilter('!degraded') }).map((e) => (e.kind === 'service' ? e.service.name : '#'))).toEqual(['#', 'b', 'd']);
    expect(selection.rebuilds).toBe(2);
  });

  it('always matches a fresh selection after a random stream of upserts and removals', () => {
    const { store, selection } = setup();
    const names = Array.from({ length: 40 }, (_, i) => `svc-${i}`);
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const query = { sort: 'health' as const, filter: compileFilter('!svc-3|DEGRADED') };
    selection.select(query);
    for (let round = 0; round < 60; round++) {
      for (let k = 0; k < 5; k++) {
        const name = names[rnd(names.length)]!;
        if (rnd(6) === 0) store.apply('b', { type: 'service-removed', at: 0, serviceNativeId: name });
        else store.apply('b', { type: 'service-upserted', at: 0, service: { ...report(name, rnd(3)), tenant: rnd(2) === 0 ? 'payments' : 'search' } });
      }
      const diff = store.flush();
      if (diff !== undefined) selection.noteDiff(diff);
      const ids = (entries: ReturnType<typeof selection.select>) => entries.map((e) => (e.kind === 'service' ? e.service.id : `#${e.label}:${e.start}-${e.end}`));
      expect(ids(selection.select(query))).toEqual(ids(selectServices(store.services(), query)));
    }
    expect(selection.rebuilds).toBe(1);
  });
});
