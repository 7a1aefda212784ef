import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import type { HostReport } from '../../src/core/model/resources.js';
import { StateStore } from '../../src/core/state/store.js';
import { compileFilter } from '../../src/tui/list-filter.js';
import { ResourcesView } from '../../src/tui/resources-view.js';

const NOW = 4_000_000_000;
const host = (hostname: string, cpus: number): HostReport => ({ nativeId: hostname, hostname, active: true, total: { cpus: 8, memMb: 8192, diskMb: 0 }, allocated: { cpus, memMb: 1024, diskMb: 0 }, updatedAt: NOW });

describe('resources view cache', () => {
  it('reuses the host list and panel while nothing changed, and recomputes on a host change or a new scope', () => {
    const store = new StateStore({ clock: new FakeClock(NOW), publish: 'manual' });
    store.registerBackend({ id: 'b', kind: 'memory', cluster: 'east', freshnessBoundMs: 30_000 });
    store.apply('b', { type: 'snapshot', at: NOW, snapshot: { services: [], tasks: [], plans: [], hosts: [host('h1', 2), host('h2', 4)] } });
    store.flush();
    const view = new ResourcesView(store);
    const scope = { filter: undefined, cluster: undefined };
    const layout = { rows: 5, compact: false };
    const list = view.list(scope);
    const panel = view.panel(scope, layout);
    expect(view.list({ ...scope })).toBe(list);
    expect(view.panel({ ...scope }, layout)).toBe(panel);
    expect(panel.donuts[0].label).toBe('CPU 6/16 cpu');
    expect(view.panel(scope, { rows: 5, compact: true })).not.toBe(panel);

    store.apply('b', { type: 'host-upserted', at: NOW, host: host('h3', 8) });
    store.flush();
    expect(view.list(scope)).not.toBe(list);
    expect(view.list(scope).count).toBe(4);
    expect(view.panel(scope, layout).donuts[0].label).toBe('CPU 14/24 cpu');

    const filtered = { filter: compileFilter('h3'), cluster: undefined };
    expect(view.panel(filtered, layout).donuts[0].label).toBe('CPU 8/8 cpu');
    expect(view.panel(filtered, layout).donuts[0].color).toBe('red');
    expect(view.list(filtered).count).toBe(2);
  });
});
