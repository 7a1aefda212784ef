import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../src/tui/list-filter.js';
import { selectServices, serviceRow, servicesListModel } from '../../../src/tui/view-models/services-table.js';
import { fixtureService } from '../fixtures/services.js';

const NOW = 1_000_000_000;
const services = [
  fixtureService({ name: 'web' }),
  fixtureService({ name: 'api', health: { status: 'UNHEALTHY', reason: '0/2 healthy' }, healthy: 0, desired: 2 }),
  fixtureService({ name: 'cache', cluster: 'west', tenant: 'search', backend: 'west-mem' }),
  fixtureService({ name: 'ledger', tenant: 'billing', health: { status: 'DEGRADED', reason: '2/3' } }),
];

const names = (entries: ReturnType<typeof selectServices>): string[] => entries.map((e) => (e.kind === 'group' ? `[${e.label}]` : e.service.name));

describe('services table view-model', () => {
  it('groups by cluster then tenant and sorts by name within a group', () => {
    expect(names(selectServices(services, { sort: 'name' }))).toEqual([
      '[cluster east › tenant billing]',
      'ledger',
      '[cluster east › tenant payments]',
      'api',
      'web',
      '[cluster west › tenant search]',
      'cache',
    ]);
  });

  it('sorts worst health first when sorted by health, and groups tenant-first when sorted by tenant', () => {
    const byHealth = names(selectServices(services, { sort: 'health' }));
    expect(byHealth.slice(2, 5)).toEqual(['[cluster east › tenant payments]', 'api', 'web']);
    expect(names(selectServices(services, { sort: 'tenant' }))[0]).toBe('[tenant billing › cluster east]');
  });

  it('filters by regex over name, tenant and health, inverts with !, and scopes to a cluster', () => {
    expect(names(selectServices(services, { sort: 'name', filter: compileFilter('unhealthy|cache') }))).toEqual([
      '[cluster east › tenant payments]',
      'api',
      '[cluster west › tenant search]',
      'cache',
    ]);
    expect(names(selectServices(services, { sort: 'name', filter: compileFilter('!east') }))).toEqual(['[cluster west › tenant search]', 'cache']);
    expect(names(selectServices(services, { sort: 'name', cluster: 'west' }))).toEqual(['[cluster west › tenant search]', 'cache']);
  });

  it('shows health as glyph plus word, and a STALE service greyed with its age and last counts', () => {
    const healthy = serviceRow(services[0]!, { now: NOW });
    expect(healthy.cells[0]).toEqual({ text: '✔ HEALTHY', color: 'green' });
    expect(healthy.dim).toBe(false);
    const stale = fixtureService({ name: 'cache', health: { status: 'STALE', reason: 'no data' }, staleSince: NOW - 150_000 });
    const row = serviceRow(stale, { now: NOW });
    expect(row.cells[0]).toEqual({ text: '◌ STALE 2m', color: 'grey' });
    expect(row.dim).toBe(true);
    expect(row.cells[2]?.text).toBe('3/3');
  });

  it('marks protected services with the protected glyph', () => {
    const row = serviceRow(services[0]!, { now: NOW, isProtected: (id) => id === 'east-mem/web' });
    expect(row.cells[1]).toEqual({ text: '‡ web', color: 'magenta' });
  });

  it('builds only the rows asked for, with group headers counting members not healthy, and reads fresh copies', () => {
    const entries = selectServices(services, { sort: 'name' });
    let built = 0;
    const lookup = (id: string) => {
      built++;
      return id === 'east-mem/web' ? fixtureService({ name: 'web', health: { status: 'DEGRADED', reason: '1/3' } }) : services.find((s) => s.id === id);
    };
    const model = servicesListModel(entries, { now: NOW, lookup, title: 'services' });
    expect(model.count).toBe(7);
    expect(built).toBe(0);
    expect(model.rowAt(4).cells[0]?.text).toBe('▲ DEGRADED');
    expect(model.rowAt(2).cells[0]?.text).toBe('▾ cluster east › tenant payments (2 services, 2 not healthy)');
    expect(model.selectable(2)).toBe(false);
    expect(model.indexOfKey('service:east-mem/web')).toBe(4);
  });
});
