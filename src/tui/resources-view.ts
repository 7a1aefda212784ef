/**
 * The resources view's data, cached per published state version (the
 * dashboard redraws on each publish) and scope: a key
 * press asks for the host list several times (move, cursor sync, compose), and
 * every redraw asks for the capacity panel; both are recomputed only when the
 * store, the filter or the cluster scope changed.
 */
import type { ClusterStateView } from '../core/state/cluster-state.js';
import type { ListFilter } from './list-filter.js';
import type { ListModel } from './list-model.js';
import { capacityTotals, resourcePanelModel, type ResourcePanelModel } from './view-models/resource-totals.js';
import { resourcesListModel } from './view-models/resources-list.js';

/** What the resources view shows: the typed filter and the cluster scope. */
export interface ResourcesScope {
  filter: ListFilter | undefined;
  cluster: string | undefined;
}

interface Memo<T> {
  version: number;
  scope: ResourcesScope;
  rows: number;
  compact: boolean;
  value: T;
}

function fresh<T>(memo: Memo<T> | undefined, key: Omit<Memo<T>, 'value'>): memo is Memo<T> {
  return memo !== undefined && memo.version === key.version && memo.scope.filter === key.scope.filter && memo.scope.cluster === key.scope.cluster && memo.rows === key.rows && memo.compact === key.compact;
}

/** Memoised host list and capacity panel over one store. */
export class ResourcesView {
  private listMemo: Memo<ListModel> | undefined;
  private panelMemo: Memo<ResourcePanelModel> | undefined;

  constructor(private readonly store: ClusterStateView) {}

  /** The host table for the scope. */
  list(scope: ResourcesScope): ListModel {
    const key = { version: this.store.version, scope, rows: 0, compact: false };
    if (fresh(this.listMemo, key)) return this.listMemo.value;
    const value = resourcesListModel(this.store.hosts(), scope);
    this.listMemo = { ...key, value };
    return value;
  }

  /** The capacity panel for the scope, with room for `rows` summary lines (compact ones on narrow screens). */
  panel(scope: ResourcesScope, layout: { rows: number; compact: boolean }): ResourcePanelModel {
    const key = { version: this.store.version, scope, ...layout };
    if (fresh(this.panelMemo, key)) return this.panelMemo.value;
    const totals = capacityTotals(this.store.hosts(), { ...scope, fullest: layout.rows });
    const value = resourcePanelModel(totals, { cluster: scope.cluster, ...layout });
    this.panelMemo = { ...key, value };
    return value;
  }
}
