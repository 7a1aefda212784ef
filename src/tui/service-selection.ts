/**
 * Keeps the services table's order across state changes and keystrokes
 * without re-sorting 10,000 rows: the cluster-scoped list is kept sorted, a
 * diff that moves a few services re-inserts them by binary search, and the `/`
 * filter is a linear pass over that sorted list (typing never re-sorts).
 */
import type { Service } from '../core/model/service.js';
import type { ClusterStateView, StateDiff } from '../core/state/cluster-state.js';
import { groupEntries, lowerBound, serviceGroup, serviceSearchText, serviceSortKey, type ServiceEntry, type ServiceQuery, type SortedService } from './view-models/services-table.js';

/** Above this many moved services a full re-sort is cheaper than re-inserting. */
const INCREMENTAL_LIMIT = 256;

/** Incrementally maintained selection of services for one query at a time. */
export class ServiceSelection {
  /** Cluster-scoped services, sorted by key, unfiltered. */
  private base: SortedService[] = [];
  /** id → sort key in `base`, or 'absent' when outside the cluster scope. */
  private signatures = new Map<string, string>();
  private readonly moved = new Set<string>();
  private baseQuery: Pick<ServiceQuery, 'sort' | 'cluster'> | undefined;
  private baseDirty = true;
  private entriesDirty = true;
  private filterText: string | undefined;
  private filter: ServiceQuery['filter'];
  private entries: ServiceEntry[] = [];
  /** Full re-sorts performed (the bench and tests read it). */
  rebuilds = 0;
  /** Incremental re-insertions performed. */
  patches = 0;
  /** Services (not group headers) in the current selection. */
  count = 0;

  constructor(private readonly state: ClusterStateView) {}

  /** Notes a store diff: refreshes services in place and remembers which ones moved. */
  noteDiff(diff: Pick<StateDiff, 'services'>): void {
    const q = this.baseQuery;
    if (this.baseDirty || q === undefined) return;
    for (const id of diff.services.removed) if (this.signatures.has(id)) this.moved.add(id);
    for (const s of diff.services.upserted) {
      const signature = this.signature(s, q);
      const old = this.signatures.get(s.id) ?? 'absent';
      if (signature !== old) this.moved.add(s.id);
      else if (old !== 'absent') {
        const item = this.base[lowerBound(this.base, old)];
        if (item === undefined || item.k !== old) continue;
        // Same place in the order: only a change of filter match needs the entries rebuilt.
        if (this.filter !== undefined && this.filter.matches(serviceSearchText(item.s)) !== this.filter.matches(serviceSearchText(s))) this.entriesDirty = true;
        item.s = s;
      }
    }
    if (this.moved.size > INCREMENTAL_LIMIT) this.baseDirty = true;
  }

  /** The entries for a query: re-sorted, patched or re-filtered only when needed. */
  select(query: ServiceQuery): ServiceEntry[] {
    const q = this.baseQuery;
    if (this.baseDirty || q === undefined || q.sort !== query.sort || q.cluster !== query.cluster) this.rebuild(query);
    else if (this.moved.size > 0) this.patch(q);
    const filterText = query.filter?.text ?? '';
    if (this.entriesDirty || filterText !== this.filterText) {
      const filter = query.filter;
      const shown = filter === undefined ? this.base : this.base.filter((item) => filter.matches(serviceSearchText(item.s)));
      this.entries = groupEntries(shown, query);
      this.count = shown.length;
      this.filterText = filterText;
      this.filter = filter;
      this.entriesDirty = false;
    }
    return this.entries;
  }

  private signature(s: Service, q: Pick<ServiceQuery, 'sort' | 'cluster'>): string {
    return q.cluster === undefined || s.cluster === q.cluster ? serviceSortKey(s, q.sort) : 'absent';
  }

  private rebuild(query: ServiceQuery): void {
    const q = { sort: query.sort, cluster: query.cluster };
    const base: SortedService[] = [];
    const signatures = new Map<string, string>();
    for (const s of this.state.services()) {
      const k = this.signature(s, q);
      signatures.set(s.id, k);
      if (k !== 'absent') base.push({ s, k, g: serviceGroup(s, q.sort) });
    }
    base.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    this.base = base;
    this.signatures = signatures;
    this.baseQuery = q;
    this.moved.clear();
    this.baseDirty = false;
    this.entriesDirty = true;
    this.rebuilds++;
  }

  private patch(q: Pick<ServiceQuery, 'sort' | 'cluster'>): void {
    for (const id of this.moved) {
      const old = this.signatures.get(id);
      if (old !== undefined && old !== 'absent') {
        const at = lowerBound(this.base, old);
        if (this.base[at]?.k === old) this.base.splice(at, 1);
      }
      const s = this.state.service(id);
      if (s === undefined) {
        this.signatures.delete(id);
        continue;
      }
      const k = this.signature(s, q);
      this.signatures.set(id, k);
      if (k !== 'absent') this.base.splice(lowerBound(this.base, k), 0, { s, k, g: serviceGroup(s, q.sort) });
    }
    this.moved.clear();
    this.entriesDirty = true;
    this.patches++;
  }
}
