/**
 * The resources view's host table: CPU and memory allocated vs total per
 * host, with bars and percentages, grouped by cluster, inactive hosts marked.
 * Only the rows in the viewport are formatted; the cluster totals drawn
 * above it come from resource-totals.ts.
 */
import { utilisation, type Host } from '../../core/model/resources.js';
import { bar, percent } from '../format.js';
import type { ListFilter } from '../list-filter.js';
import type { CellColor, ListModel, ListRow } from '../list-model.js';
import { capacityTotals, hostInScope, totalsTitle } from './resource-totals.js';

function level(ratio: number): CellColor {
  return ratio >= 0.9 ? 'red' : ratio >= 0.75 ? 'yellow' : 'green';
}

function amount(used: number, total: number, unit: string): string {
  return `${round(used)}/${round(total)}${unit} ${percent(used, total)}`;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function hostRow(h: Host): ListRow {
  const u = utilisation(h);
  return {
    kind: 'item',
    dim: !h.active,
    cells: [
      { text: h.active ? `✔ ${h.hostname}` : `✖ ${h.hostname} (inactive)`, ...(h.active ? {} : { color: 'red' as const }) },
      { text: bar(u.cpus, 10), color: level(u.cpus) },
      { text: amount(h.allocated.cpus, h.total.cpus, ' cpu') },
      { text: bar(u.memMb, 10), color: level(u.memMb) },
      { text: amount(h.allocated.memMb / 1024, h.total.memMb / 1024, ' GiB') },
    ],
  };
}

function groupRow(cluster: string): ListRow {
  return { kind: 'group', cells: [{ text: `▾ cluster ${cluster}`, color: 'cyan', bold: true }] };
}

/**
 * Builds the resources view from the store's hosts: one sort and one pass to
 * place cluster headers; a row's cells are formatted only when the renderer
 * asks for it (the visible hosts), so thousands of hosts stay cheap to redraw.
 * Rows carry no target, so keys are positional, as for every untargeted row.
 */
export function resourcesListModel(hosts: Iterable<Host>, ctx: { filter?: ListFilter | undefined; cluster?: string | undefined }): ListModel {
  const list = [...hosts].filter((h) => hostInScope(h, ctx));
  list.sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
  const entries: Array<Host | string> = [];
  let cluster: string | undefined;
  for (const h of list) {
    if (h.cluster !== cluster) {
      cluster = h.cluster;
      entries.push(h.cluster);
    }
    entries.push(h);
  }
  const built = new Map<number, ListRow>();
  const rowAt = (i: number): ListRow => {
    const entry = entries[i];
    if (entry === undefined) return { kind: 'text', cells: [] };
    let row = built.get(i);
    if (row === undefined) built.set(i, (row = typeof entry === 'string' ? groupRow(entry) : hostRow(entry)));
    return row;
  };
  return {
    title: list.length === 0 ? 'resources (0 hosts)' : `resources (${totalsTitle(capacityTotals(list).all)})`,
    columns: [
      { title: 'HOST', width: 0 },
      { title: 'CPU', width: 10 },
      { title: 'ALLOCATED', width: 20 },
      { title: 'MEMORY', width: 10 },
      { title: 'ALLOCATED', width: 22 },
    ],
    count: entries.length,
    rowAt,
    selectable: (i) => typeof entries[i] === 'object',
    // Same as rowKey for untargeted rows: the position.
    keyAt: (i) => (i >= 0 && i < entries.length ? `#${i}` : ''),
    indexOfKey: (key) => {
      const n = /^#(\d+)$/.exec(key) === null ? -1 : Number(key.slice(1));
      return n < entries.length ? n : -1;
    },
    empty: 'No hosts reported (not every backend reports host capacity).',
  };
}
