/**
 * One store subscription for all ws clients: each diff is filtered and
 * serialised once per distinct tenant scope, then handed to every client of
 * that scope, so fan-out cost grows with scopes, not with clients.
 */
import type { ClusterStateView, StateDiff } from '../../core/state/cluster-state.js';
import type { StateStore } from '../../core/state/store.js';
import { scopeKey, type TenantScope } from '../ports.js';
import { TenantDiffFilter } from './tenant-diff.js';
import { VisibilityIndex } from './visibility-index.js';

/** A receiver of serialised diffs. */
export interface DiffSink {
  sendDiff(text: string): void;
}

interface ScopeGroup {
  filter: TenantDiffFilter;
  sinks: Set<DiffSink>;
}

/** Filters and fans out store diffs per tenant scope. */
export class DiffFanout {
  private readonly index: VisibilityIndex;
  private readonly groups = new Map<string, ScopeGroup>();
  private readonly unsubscribe: () => void;

  constructor(store: StateStore) {
    this.index = VisibilityIndex.fromState(store);
    this.unsubscribe = store.subscribe((diff, state) => this.publish(diff, state));
  }

  /** Adds a sink for `scope`; returns the function that removes it. */
  join(scope: TenantScope, sink: DiffSink): () => void {
    const key = scopeKey(scope);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { filter: new TenantDiffFilter(scope, this.index), sinks: new Set() };
      this.groups.set(key, group);
    }
    group.sinks.add(sink);
    const joined = group;
    return () => {
      joined.sinks.delete(sink);
      if (joined.sinks.size === 0 && this.groups.get(key) === joined) this.groups.delete(key);
    };
  }

  /** Stops listening to the store. */
  close(): void {
    this.unsubscribe();
    this.groups.clear();
  }

  private publish(diff: StateDiff, state: ClusterStateView): void {
    for (const group of this.groups.values()) {
      const scoped = group.filter.filter(diff, state, this.index);
      if (scoped === undefined) continue;
      const text = JSON.stringify({ v: 1, type: 'diff', ...scoped });
      for (const sink of group.sinks) sink.sendDiff(text);
    }
    this.index.apply(diff, state);
  }
}
