/**
 * The services table: every backend and cluster in one list, grouped by
 * cluster and tenant, filtered and sorted once per state change, and turned
 * into display rows only for the rows the viewport shows.
 */
import { healthSeverity, worstHealth } from '../../core/model/health.js';
import type { Service } from '../../core/model/service.js';
import { formatAge } from '../../core/time/duration.js';
import { healthStyle, PROTECTED_MARK } from '../health-style.js';
import type { ListFilter } from '../list-filter.js';
import type { Column, ListModel, ListRow } from '../list-model.js';

/** Orders within the table; 'tenant' also groups tenant-first. */
export type ServiceSort = 'name' | 'health' | 'tenant';

/** The sorts in the order `o` cycles through them. */
export const SERVICE_SORTS: readonly ServiceSort[] = ['name', 'health', 'tenant'];

/** What the person asked to see. */
export interface ServiceQuery {
  filter?: ListFilter | undefined;
  sort: ServiceSort;
  /** Only this cluster, when set. */
  cluster?: string | undefined;
}

/** A group header (with the range of its members) or a service, in display order. */
export type ServiceEntry =
  | { kind: 'group'; key: string; label: string; start: number; end: number }
  | { kind: 'service'; service: Service };

// Service objects are replaced on every change, so text cached per object never goes stale.
const searchTexts = new WeakMap<Service, string>();

/** The text the `/` filter matches for a service. */
export function serviceSearchText(s: Service): string {
  let text = searchTexts.get(s);
  if (text === undefined) {
    text = `${s.name} ${s.id} ${s.tenant} ${s.cluster} ${s.backend} ${s.health.status} ${s.version ?? ''}`;
    searchTexts.set(s, text);
  }
  return text;
}

/** The group a service falls in for a sort ('tenant' groups tenant-first). */
export function serviceGroup(s: Service, sort: ServiceSort): string {
  return sort === 'tenant' ? `${s.tenant}\u0000${s.cluster}` : `${s.cluster}\u0000${s.tenant}`;
}

/** One string that orders services for a sort (group, then health or name, then id). */
export function serviceSortKey(s: Service, sort: ServiceSort): string {
  const rank = sort === 'health' ? `${String.fromCharCode(90 - healthSeverity(s.health.status))}\u0000` : '';
  return `${serviceGroup(s, sort)}\u0001${rank}${s.name}\u0000${s.id}`;
}

/** True when the service passes the query's cluster scope and filter. */
export function serviceMatches(s: Service, query: ServiceQuery): boolean {
  if (query.cluster !== undefined && s.cluster !== query.cluster) return false;
  return query.filter === undefined || query.filter.matches(serviceSearchText(s));
}

/** A selected service with its sort key and group, kept sorted by key. */
export interface SortedService {
  s: Service;
  k: string;
  g: string;
}

/** Filters, sorts and groups services (the expensive step, done only when order or membership changes). */
export function selectServices(services: Iterable<Service>, query: ServiceQuery): ServiceEntry[] {
  return groupEntries(sortServices(services, query).sorted, query);
}

/**
 * Filters and sorts services, also returning each one's signature (its sort
 * key, or "absent" when filtered out) so a later diff can tell whether it moves.
 */
export function sortServices(services: Iterable<Service>, query: ServiceQuery): { sorted: SortedService[]; signatures: Map<string, string> } {
  const sorted: SortedService[] = [];
  const signatures = new Map<string, string>();
  for (const s of services) {
    if (!serviceMatches(s, query)) {
      signatures.set(s.id, 'absent');
      continue;
    }
    const k = serviceSortKey(s, query.sort);
    signatures.set(s.id, k);
    sorted.push({ s, k, g: serviceGroup(s, query.sort) });
  }
  sorted.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return { sorted, signatures };
}

/** Position of the first item whose key is ≥ k (binary search over a sorted list). */
export function lowerBound(sorted: readonly SortedService[], k: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.k < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Interleaves group headers (with their member ranges) into a sorted list: linear time. */
export function groupEntries(sorted: readonly SortedService[], query: ServiceQuery): ServiceEntry[] {
  const tenantFirst = query.sort === 'tenant';
  const out: ServiceEntry[] = [];
  let group: Extract<ServiceEntry, { kind: 'group' }> | undefined;
  for (const { s, g } of sorted) {
    if (group === undefined || group.key !== g) {
      if (group !== undefined) group.end = out.length;
      const [first, second] = g.split('\u0000');
      group = { kind: 'group', key: g, label: tenantFirst ? `tenant ${first} › cluster ${second}` : `cluster ${first} › tenant ${second}`, start: out.length + 1, end: out.length + 1 };
      out.push(group);
    }
    out.push({ kind: 'service', service: s });
  }
  if (group !== undefined) group.end = out.length;
  return out;
}

/** The table's columns; NAME takes the remaining width. */
export const SERVICE_COLUMNS: Column[] = [
  { title: 'HEALTH', width: 15 },
  { title: 'NAME', width: 0 },
  { title: 'TASKS', width: 7, align: 'right' },
  { title: 'TENANT', width: 12 },
  { title: 'BACKEND', width: 12 },
  { title: 'VERSION', width: 12 },
  { title: 'UPDATED', width: 7, align: 'right' },
];

/** Context a row needs that is not in the service itself. */
export interface RowContext {
  now: number;
  isProtected?: ((serviceId: string) => boolean) | undefined;
}

/** One service as a table row: health glyph + word (+ stale age), greyed when STALE. */
export function serviceRow(s: Service, ctx: RowContext): ListRow {
  const style = healthStyle(s.health.status);
  const stale = s.health.status === 'STALE';
  const healthText = stale ? `${style.glyph} STALE ${formatAge(ctx.now - (s.staleSince ?? ctx.now))}` : `${style.glyph} ${s.health.status}`;
  const isProtected = ctx.isProtected?.(s.id) ?? false;
  return {
    kind: 'item',
    dim: stale,
    target: { type: 'service', serviceId: s.id },
    cells: [
      { text: healthText, color: style.color },
      { text: isProtected ? `${PROTECTED_MARK} ${s.name}` : s.name, ...(isProtected ? { color: 'magenta' as const } : {}) },
      { text: `${s.healthy}/${s.desired}` },
      { text: s.tenant },
      { text: s.backend },
      { text: s.version ?? '-' },
      { text: formatAge(ctx.now - s.updatedAt) },
    ],
  };
}

function groupRow(entry: Extract<ServiceEntry, { kind: 'group' }>, members: readonly Service[]): ListRow {
  const worst = worstHealth(members.map((m) => m.health.status));
  const unhealthy = members.filter((m) => m.health.status === 'UNHEALTHY' || m.health.status === 'DEGRADED').length;
  const style = healthStyle(worst);
  const trouble = unhealthy > 0 ? `, ${unhealthy} not healthy` : '';
  const count = members.length;
  return { kind: 'group', cells: [{ text: `▾ ${entry.label} (${count} service${count === 1 ? '' : 's'}${trouble})`, color: style.color === 'green' ? 'cyan' : style.color, bold: true }] };
}

function entryKey(e: ServiceEntry | undefined): string {
  if (e === undefined) return '';
  return e.kind === 'group' ? `group:${e.key}` : `service:${e.service.id}`;
}

// A linear scan with no allocation: cheaper than building a 10k-entry index for every new selection.
function indexOfEntryKey(entries: readonly ServiceEntry[], key: string): number {
  if (key.startsWith('service:')) {
    const id = key.slice('service:'.length);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.kind === 'service' && e.service.id === id) return i;
    }
  } else if (key.startsWith('group:')) {
    const group = key.slice('group:'.length);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.kind === 'group' && e.key === group) return i;
    }
  }
  return -1;
}

/** The services view as a lazy ListModel over selected entries. */
export function servicesListModel(
  entries: readonly ServiceEntry[],
  ctx: RowContext & { title: string; lookup?: ((id: string) => Service | undefined) | undefined },
): ListModel {
  // Entries keep their order; rows read the freshest copy of each service, so an
  // update that does not change the order needs no re-selection.
  const fresh = (s: Service): Service => ctx.lookup?.(s.id) ?? s;
  const keyAt = (i: number): string => entryKey(entries[i]);
  return {
    title: ctx.title,
    columns: SERVICE_COLUMNS,
    count: entries.length,
    rowAt: (i) => {
      const e = entries[i];
      if (e === undefined) return { kind: 'text', cells: [] };
      if (e.kind === 'service') return serviceRow(fresh(e.service), ctx);
      const members: Service[] = [];
      for (let m = e.start; m < e.end; m++) {
        const member = entries[m];
        if (member?.kind === 'service') members.push(fresh(member.service));
      }
      return groupRow(e, members);
    },
    selectable: (i) => entries[i]?.kind === 'service',
    keyAt,
    indexOfKey: (key) => indexOfEntryKey(entries, key),
    empty: 'No services match.',
  };
}
