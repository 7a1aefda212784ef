/**
 * Cluster capacity totals for the resources view: CPU and memory allocated
 * vs total over the hosts in scope, overall and per cluster, and the panel
 * model the blessed-contrib donuts and the per-cluster summary draw from.
 * Inactive hosts are counted but their capacity is left out (it cannot be used).
 */
import { utilisation, type Host } from '../../core/model/resources.js';
import type { ListFilter } from '../list-filter.js';
import type { Cell, CellColor } from '../list-model.js';

/** The scope the resources view shows: the cluster scope and the typed filter. */
export interface HostScope {
  filter?: ListFilter | undefined;
  cluster?: string | undefined;
}

/** True when the host is in the resources view's scope (shared by the list and the totals). */
export function hostInScope(host: Host, scope: HostScope): boolean {
  return (scope.cluster === undefined || host.cluster === scope.cluster) && (scope.filter === undefined || scope.filter.matches(`${host.hostname} ${host.cluster} ${host.backend}`));
}

/** Allocated vs total of one resource. */
export interface Allocation {
  allocated: number;
  total: number;
}

/** Capacity of a set of hosts (one cluster, or all in scope). */
export interface CapacityTotals {
  /** The cluster, or undefined for everything in scope. */
  cluster: string | undefined;
  hosts: number;
  inactive: number;
  cpus: Allocation;
  memMb: Allocation;
}

/** An active host and its fuller resource share (max of CPU and memory, 0..1). */
export interface HostPressure {
  host: Host;
  ratio: number;
}

/** Totals over every host in scope, per cluster sorted by name, and the fullest active hosts. */
export interface ScopeTotals {
  all: CapacityTotals;
  clusters: CapacityTotals[];
  /** Up to `fullest` (option) active hosts, fullest first (ties by hostname). */
  fullest: HostPressure[];
}

function pressure(h: Host): number {
  const u = utilisation(h);
  return Math.max(u.cpus, u.memMb);
}

function fuller(a: HostPressure, b: HostPressure): boolean {
  return a.ratio > b.ratio || (a.ratio === b.ratio && a.host.hostname < b.host.hostname);
}

/** Keeps the `limit` fullest hosts in a small sorted array (O(n · limit), no full sort). */
function keepFullest(top: HostPressure[], candidate: HostPressure, limit: number): void {
  if (limit <= 0) return;
  if (top.length === limit && !fuller(candidate, top[limit - 1]!)) return;
  let i = top.length;
  while (i > 0 && fuller(candidate, top[i - 1]!)) i--;
  top.splice(i, 0, candidate);
  if (top.length > limit) top.pop();
}

function empty(cluster: string | undefined): CapacityTotals {
  return { cluster, hosts: 0, inactive: 0, cpus: { allocated: 0, total: 0 }, memMb: { allocated: 0, total: 0 } };
}

function add(t: CapacityTotals, h: Host): void {
  t.hosts++;
  if (!h.active) {
    t.inactive++;
    return;
  }
  t.cpus.allocated += h.allocated.cpus;
  t.cpus.total += h.total.cpus;
  t.memMb.allocated += h.allocated.memMb;
  t.memMb.total += h.total.memMb;
}

/** Sums capacity in one pass over the hosts (no sorting: cheap on every redraw). */
export function capacityTotals(hosts: Iterable<Host>, scope: HostScope & { fullest?: number } = {}): ScopeTotals {
  const all = empty(undefined);
  const byCluster = new Map<string, CapacityTotals>();
  const fullest: HostPressure[] = [];
  const limit = scope.fullest ?? 0;
  for (const h of hosts) {
    if (!hostInScope(h, scope)) continue;
    add(all, h);
    if (h.active) keepFullest(fullest, { host: h, ratio: pressure(h) }, limit);
    let c = byCluster.get(h.cluster);
    if (c === undefined) byCluster.set(h.cluster, (c = empty(h.cluster)));
    add(c, h);
  }
  const clusters = [...byCluster.values()].sort((a, b) => (a.cluster! < b.cluster! ? -1 : a.cluster! > b.cluster! ? 1 : 0));
  return { all, clusters, fullest };
}

/** 0..1 share allocated (0 when nothing is offered; capped at 1 for over-committed hosts). */
export function allocationRatio(a: Allocation): number {
  return a.total > 0 ? Math.min(1, Math.max(0, a.allocated / a.total)) : 0;
}

/** Colour for a utilisation ratio: red from 90 %, yellow from 75 %. */
export function utilisationColor(ratio: number): CellColor {
  return ratio >= 0.9 ? 'red' : ratio >= 0.75 ? 'yellow' : 'green';
}

function amount(n: number): string {
  if (n >= 100) return String(Math.round(n));
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** CPU allocated/total, e.g. "36/80 cpu". */
export function cpuAmount(a: Allocation): string {
  return `${amount(a.allocated)}/${amount(a.total)} cpu`;
}

/** Memory allocated/total, e.g. "96/128 GiB" (TiB from 10 TiB on, so the donut label stays short). */
export function memoryAmount(a: Allocation): string {
  const tib = a.total >= 10 * 1024 * 1024;
  const div = tib ? 1024 * 1024 : 1024;
  return `${amount(a.allocated / div)}/${amount(a.total / div)} ${tib ? 'TiB' : 'GiB'}`;
}

function pct(a: Allocation): string {
  return `${Math.round(allocationRatio(a) * 100)}%`;
}

/** One donut: its ratio (0..1), colour and the short label under it. */
export interface DonutSpec {
  label: string;
  ratio: number;
  color: CellColor;
}

/** What the resources panel draws: two donuts (CPU, memory) and per-cluster summary lines. */
export interface ResourcePanelModel {
  donuts: [DonutSpec, DonutSpec];
  /** Label of the donut box, e.g. " capacity · all clusters ". */
  label: string;
  lines: Cell[][];
}

function hostsText(t: CapacityTotals): string {
  return `${t.hosts} host${t.hosts === 1 ? '' : 's'}${t.inactive > 0 ? `, ${t.inactive} inactive` : ''}`;
}

function summaryLine(t: CapacityTotals, options: { nameWidth: number; compact: boolean }): Cell[] {
  const cpu = allocationRatio(t.cpus);
  const mem = allocationRatio(t.memMb);
  const name: Cell = { text: `${(t.cluster ?? 'all').padEnd(options.nameWidth)}  `, bold: true, ...(t.cluster === undefined ? {} : { color: 'cyan' as const }) };
  const cpuPct: Cell = { text: `${pct(t.cpus).padStart(4)}`, color: utilisationColor(cpu), bold: true };
  const memPct: Cell = { text: `${pct(t.memMb).padStart(4)}`, color: utilisationColor(mem), bold: true };
  // Compact: the amounts are under the donuts and the host count is in the title.
  if (options.compact) return [name, { text: 'CPU' }, cpuPct, { text: ' MEM' }, memPct];
  return [
    name,
    { text: 'CPU ' },
    cpuPct,
    { text: ` ${cpuAmount(t.cpus).padEnd(16)}  MEM ` },
    memPct,
    { text: ` ${memoryAmount(t.memMb).padEnd(18)}  ` },
    { text: hostsText(t), ...(t.inactive > 0 ? { color: 'yellow' as const } : {}) },
  ];
}

function pressureLine(p: HostPressure, options: { nameWidth: number; showCluster: boolean; compact: boolean }): Cell[] {
  const u = utilisation(p.host);
  return [
    { text: `  ${p.host.hostname.padEnd(options.nameWidth)}  ${options.showCluster ? `${p.host.cluster}  ` : ''}` },
    { text: `${Math.round(p.ratio * 100)}%`.padStart(4), color: utilisationColor(p.ratio), bold: true },
    ...(options.compact ? [] : [{ text: `  cpu ${Math.round(u.cpus * 100)}% · mem ${Math.round(u.memMb * 100)}%` }]),
  ];
}

/** Inner width below which the panel's summary lines use the compact form. */
export const PANEL_FULL_SUMMARY_WIDTH = 88;

/**
 * The panel for the totals: donuts for the scope, one summary line per
 * cluster plus an "all" line when several, then the fullest hosts in the
 * rows left (`rows` is the summary box's inner height; `compact` drops the
 * amounts, for summary boxes narrower than PANEL_FULL_SUMMARY_WIDTH).
 */
export function resourcePanelModel(totals: ScopeTotals, options: { cluster?: string | undefined; rows?: number; compact?: boolean } = {}): ResourcePanelModel {
  const compact = options.compact === true;
  const { all, clusters } = totals;
  const cpu = allocationRatio(all.cpus);
  const mem = allocationRatio(all.memMb);
  const nameWidth = Math.max(3, ...clusters.map((c) => (c.cluster ?? '').length));
  const lines = clusters.map((c) => summaryLine(c, { nameWidth, compact }));
  if (clusters.length > 1) lines.push(summaryLine(all, { nameWidth, compact }));
  const room = (options.rows ?? Number.POSITIVE_INFINITY) - lines.length - 1;
  const shown = totals.fullest.slice(0, Math.max(0, room));
  if (shown.length > 0) {
    lines.push([{ text: 'fullest hosts', bold: true }]);
    const hostWidth = Math.max(...shown.map((x) => x.host.hostname.length));
    for (const p of shown) lines.push(pressureLine(p, { nameWidth: hostWidth, showCluster: clusters.length > 1, compact }));
  }
  return {
    donuts: [
      { label: `CPU ${cpuAmount(all.cpus)}`, ratio: cpu, color: utilisationColor(cpu) },
      { label: `MEM ${memoryAmount(all.memMb)}`, ratio: mem, color: utilisationColor(mem) },
    ],
    label: ` allocated · ${options.cluster === undefined ? (clusters.length === 1 ? `cluster ${clusters[0]!.cluster}` : 'all clusters') : `cluster ${options.cluster}`} `,
    lines,
  };
}

/** A one-line summary for the view title (read on narrow screens where the panel is left out). */
export function totalsTitle(t: CapacityTotals): string {
  return `${hostsText(t)} · CPU ${pct(t.cpus)} of ${amount(t.cpus.total)} · MEM ${pct(t.memMb)} of ${memoryAmount(t.memMb).split('/')[1]}`;
}
