import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../src/tui/list-filter.js';
import { capacityTotals, memoryAmount, resourcePanelModel } from '../../../src/tui/view-models/resource-totals.js';
import { resourcesListModel } from '../../../src/tui/view-models/resources-list.js';
import { fixtureHost } from '../fixtures/services.js';

const GiB = 1024;
const hosts = [
  fixtureHost({ hostname: 'a1' }),
  fixtureHost({ hostname: 'a2', allocated: { cpus: 7.5, memMb: 30 * GiB, diskMb: 0 } }),
  fixtureHost({ hostname: 'a3', active: false, allocated: { cpus: 8, memMb: 32 * GiB, diskMb: 0 } }),
  fixtureHost({ hostname: 'b1', cluster: 'west', backend: 'west-mem', id: 'west-mem/b1', total: { cpus: 16, memMb: 64 * GiB, diskMb: 0 }, allocated: { cpus: 4, memMb: 56 * GiB, diskMb: 0 } }),
];
const line = (cells: { text: string }[]): string => cells.map((c) => c.text).join('').trimEnd();

describe('resource totals', () => {
  it('sums allocated vs total per cluster and overall, counting inactive hosts but not their capacity', () => {
    const t = capacityTotals(hosts);
    expect(t.all).toEqual({ cluster: undefined, hosts: 4, inactive: 1, cpus: { allocated: 13.5, total: 32 }, memMb: { allocated: 94 * GiB, total: 128 * GiB } });
    expect(t.clusters.map((c) => [c.cluster, c.hosts, c.inactive, c.cpus.allocated, c.cpus.total])).toEqual([
      ['east', 3, 1, 9.5, 16],
      ['west', 1, 0, 4, 16],
    ]);
  });

  it('applies the same scope as the host table: cluster scope and the typed filter', () => {
    expect(capacityTotals(hosts, { cluster: 'west' }).all.hosts).toBe(1);
    expect(capacityTotals(hosts, { filter: compileFilter('a[12]') }).all.cpus).toEqual({ allocated: 9.5, total: 16 });
    expect(resourcesListModel(hosts, { filter: compileFilter('a[12]') }).title).toBe('resources (2 hosts · CPU 59% of 16 · MEM 59% of 64 GiB)');
  });

  it('keeps the fullest active hosts, fullest first, without the inactive one', () => {
    const t = capacityTotals(hosts, { fullest: 2 });
    expect(t.fullest.map((p) => [p.host.hostname, Math.round(p.ratio * 100)])).toEqual([
      ['a2', 94],
      ['b1', 88],
    ]);
    expect(capacityTotals(hosts).fullest).toEqual([]);
  });

  it('builds the panel: donuts for the scope coloured by pressure, a line per cluster, an "all" line, then the fullest hosts that fit', () => {
    const panel = resourcePanelModel(capacityTotals(hosts, { fullest: 7 }), { rows: 5 });
    expect(panel.label).toBe(' allocated · all clusters ');
    expect(panel.donuts).toEqual([
      { label: 'CPU 13.5/32 cpu', ratio: 13.5 / 32, color: 'green' },
      { label: 'MEM 94/128 GiB', ratio: 94 / 128, color: 'green' },
    ]);
    expect(panel.lines.map(line)).toEqual([
      'east  CPU  59% 9.5/16 cpu        MEM  59% 38/64 GiB           3 hosts, 1 inactive',
      'west  CPU  25% 4/16 cpu          MEM  88% 56/64 GiB           1 host',
      'all   CPU  42% 13.5/32 cpu       MEM  73% 94/128 GiB          4 hosts, 1 inactive',
      'fullest hosts',
      '  a2  east   94%  cpu 94% · mem 94%',
    ]);
    expect(panel.lines[1]![4]).toMatchObject({ text: ' 88%', color: 'yellow' });
    expect(panel.lines[4]![1]).toMatchObject({ color: 'red' });
  });

  it('has a compact form for narrow screens: percentages only (amounts stay under the donuts, the host count in the title)', () => {
    const panel = resourcePanelModel(capacityTotals(hosts, { fullest: 7 }), { rows: 5, compact: true });
    expect(panel.lines.map(line)).toEqual(['east  CPU 59% MEM 59%', 'west  CPU 25% MEM 88%', 'all   CPU 42% MEM 73%', 'fullest hosts', '  a2  east   94%']);
    expect(Math.max(...panel.lines.map((l) => line(l).length))).toBeLessThanOrEqual(30);
  });

  it('names the cluster in scope and switches memory to TiB for large clusters so donut labels stay short', () => {
    const panel = resourcePanelModel(capacityTotals(hosts, { cluster: 'east' }), { cluster: 'east' });
    expect(panel.label).toBe(' allocated · cluster east ');
    expect(panel.lines).toHaveLength(1);
    expect(memoryAmount({ allocated: 12 * 1024 * GiB, total: 20 * 1024 * GiB })).toBe('12/20 TiB');
    expect(memoryAmount({ allocated: 0, total: 0 })).toBe('0/0 GiB');
  });
});
