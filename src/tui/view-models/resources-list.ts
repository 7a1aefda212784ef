/**
 * The resources view: CPU and memory allocated vs total per host, with bars
 * and percentages, grouped by cluster, inactive hosts marked.
 */
import { utilisation, type Host } from '../../core/model/resources.js';
import { bar, percent } from '../format.js';
import type { ListFilter } from '../list-filter.js';
import { listFromRows, type CellColor, type ListModel, type ListRow } from '../list-model.js';

function level(ratio: number): CellColor {
  return ratio >= 0.9 ? 'red' : ratio >= 0.75 ? 'yellow' : 'green';
}

function amount(used: number, total: number, unit: string): string {
  return `${round(used)}/${round(total)}${unit} ${percent(used, total)}`;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Builds the resources view from the store's hosts. */
export function resourcesListModel(hosts: Iterable<Host>, ctx: { filter?: ListFilter | undefined; cluster?: string | undefined }): ListModel {
  const list = [...hosts].filter((h) => (ctx.cluster === undefined || h.cluster === ctx.cluster) && (ctx.filter === undefined || ctx.filter.matches(`${h.hostname} ${h.cluster} ${h.backend}`)));
  list.sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
  const rows: ListRow[] = [];
  let cluster: string | undefined;
  for (const h of list) {
    if (h.cluster !== cluster) {
      cluster = h.cluster;
      rows.push({ kind: 'group', cells: [{ text: `▾ cluster ${h.cluster}`, color: 'cyan', bold: true }] });
    }
    const u = utilisation(h);
    rows.push({
      kind: 'item',
      dim: !h.active,
      cells: [
        { text: h.active ? `✔ ${h.hostname}` : `✖ ${h.hostname} (inactive)`, ...(h.active ? {} : { color: 'red' as const }) },
        { text: bar(u.cpus, 10), color: level(u.cpus) },
        { text: amount(h.allocated.cpus, h.total.cpus, ' cpu') },
        { text: bar(u.memMb, 10), color: level(u.memMb) },
        { text: amount(h.allocated.memMb / 1024, h.total.memMb / 1024, ' GiB') },
      ],
    });
  }
  return listFromRows({
    title: `resources (${list.length} hosts)`,
    columns: [
      { title: 'HOST', width: 0 },
      { title: 'CPU', width: 10 },
      { title: 'ALLOCATED', width: 20 },
      { title: 'MEMORY', width: 10 },
      { title: 'ALLOCATED', width: 22 },
    ],
    rows,
    empty: 'No hosts reported (not every backend reports host capacity).',
  });
}
