/**
 * Cuts one store diff down to what a tenant scope may see. A service of
 * another tenant never appears, not even as a removed id; tasks and plans
 * follow their service's tenant; hosts follow the clusters the scope has
 * services on. A service moving into or out of the scope brings its tasks
 * and plans in or takes them out, so the client's view stays exact.
 */
import type { Host } from '../../core/model/resources.js';
import type { Plan } from '../../core/model/plan.js';
import type { Service } from '../../core/model/service.js';
import type { Task } from '../../core/model/task.js';
import type { BackendStatus, ClusterStateView, ServiceEvent, StateDiff } from '../../core/state/cluster-state.js';
import { scopeSees, type TenantScope } from '../ports.js';
import { hostClusterOf, type VisibilityIndex } from './visibility-index.js';

/** A diff restricted to one scope (same shape as the store's diff). */
export interface ScopedDiff {
  version: number;
  services: { upserted: Service[]; removed: string[] };
  tasks: { upserted: Task[]; removed: string[] };
  plans: { upserted: Plan[]; removed: string[] };
  hosts: { upserted: Host[]; removed: string[] };
  backends: BackendStatus[];
  events: ServiceEvent[];
}

/** Accumulates upserts and removals of one kind, a later entry for an id replacing an earlier one. */
class Changes<T extends { id: string }> {
  readonly upserted = new Map<string, T>();
  readonly removed = new Set<string>();
  upsert(item: T): void {
    this.removed.delete(item.id);
    this.upserted.set(item.id, item);
  }
  remove(id: string): void {
    this.upserted.delete(id);
    this.removed.add(id);
  }
  out(): { upserted: T[]; removed: string[] } {
    return { upserted: [...this.upserted.values()], removed: [...this.removed] };
  }
}

/** Per-scope filter; keeps how many visible services each cluster has, to decide host visibility. */
export class TenantDiffFilter {
  private readonly clusterCounts = new Map<string, number>();

  constructor(
    readonly scope: TenantScope,
    index: VisibilityIndex,
  ) {
    for (const [, owner] of index.allServices()) if (scopeSees(scope, owner.tenant)) this.bump(owner.cluster, 1);
  }

  /** True when the scope has at least one service on `cluster`. */
  seesCluster(cluster: string): boolean {
    return (this.clusterCounts.get(cluster) ?? 0) > 0;
  }

  /**
   * Filters `diff` (state = the store after the diff; index = owners before it).
   * Returns undefined when nothing in it concerns this scope.
   */
  filter(diff: StateDiff, state: ClusterStateView, index: VisibilityIndex): ScopedDiff | undefined {
    const services = new Changes<Service>();
    const tasks = new Changes<Task>();
    const plans = new Changes<Plan>();
    const hosts = new Changes<Host>();
    const clustersBefore = new Set([...this.clusterCounts.entries()].filter(([, n]) => n > 0).map(([c]) => c));
    const sees = (tenant: string | undefined): boolean => tenant !== undefined && scopeSees(this.scope, tenant);
    const seesServiceNow = (id: string): boolean => sees(state.service(id)?.tenant);
    const seesServiceBefore = (id: string | undefined): boolean => id !== undefined && sees(index.service(id)?.tenant);

    for (const service of diff.services.upserted) {
      const before = index.service(service.id);
      const was = before !== undefined && sees(before.tenant);
      const now = sees(service.tenant);
      if (was) this.bump(before.cluster, -1);
      if (now) this.bump(hostClusterOf(state, service), 1);
      if (now) {
        services.upsert(service);
        if (!was) {
          for (const t of state.tasksOf(service.id)) tasks.upsert(t);
          for (const p of state.plansOf(service.id)) plans.upsert(p);
        }
      } else if (was) {
        services.remove(service.id);
        for (const t of state.tasksOf(service.id)) tasks.remove(t.id);
        for (const p of state.plansOf(service.id)) plans.remove(p.id);
      }
    }
    for (const id of diff.services.removed) {
      const before = index.service(id);
      if (before === undefined || !sees(before.tenant)) continue;
      this.bump(before.cluster, -1);
      services.remove(id);
    }
    for (const task of diff.tasks.upserted) {
      if (seesServiceNow(task.service)) tasks.upsert(task);
      else if (seesServiceBefore(index.serviceOfTask(task.id))) tasks.remove(task.id);
    }
    for (const id of diff.tasks.removed) if (seesServiceBefore(index.serviceOfTask(id))) tasks.remove(id);
    for (const plan of diff.plans.upserted) {
      if (seesServiceNow(plan.service)) plans.upsert(plan);
      else if (seesServiceBefore(index.serviceOfPlan(plan.id))) plans.remove(plan.id);
    }
    for (const id of diff.plans.removed) if (seesServiceBefore(index.serviceOfPlan(id))) plans.remove(id);

    this.hostChanges(diff, state, index, clustersBefore, hosts);
    const events = diff.events.filter((e) => seesServiceNow(e.service) || seesServiceBefore(e.service));
    const scoped: ScopedDiff = {
      version: diff.version,
      services: services.out(),
      tasks: tasks.out(),
      plans: plans.out(),
      hosts: hosts.out(),
      backends: diff.backends,
      events,
    };
    return isEmptyScoped(scoped) ? undefined : scoped;
  }

  private hostChanges(diff: StateDiff, state: ClusterStateView, index: VisibilityIndex, clustersBefore: Set<string>, hosts: Changes<Host>): void {
    for (const cluster of this.clusterCounts.keys()) {
      if (this.seesCluster(cluster) && !clustersBefore.has(cluster)) {
        for (const host of state.hosts()) if (host.cluster === cluster) hosts.upsert(host);
      }
    }
    for (const cluster of clustersBefore) {
      if (!this.seesCluster(cluster)) for (const id of index.hostsOfCluster(cluster)) hosts.remove(id);
    }
    for (const host of diff.hosts.upserted) {
      if (this.seesCluster(host.cluster)) hosts.upsert(host);
      else if (clustersBefore.has(index.clusterOfHost(host.id) ?? '')) hosts.remove(host.id);
    }
    for (const id of diff.hosts.removed) {
      const cluster = index.clusterOfHost(id);
      if (cluster !== undefined && (clustersBefore.has(cluster) || this.seesCluster(cluster))) hosts.remove(id);
    }
    for (const [cluster, n] of this.clusterCounts) if (n <= 0) this.clusterCounts.delete(cluster);
  }

  private bump(cluster: string, by: number): void {
    this.clusterCounts.set(cluster, (this.clusterCounts.get(cluster) ?? 0) + by);
  }
}

/** True when a scoped diff carries nothing. */
export function isEmptyScoped(diff: ScopedDiff): boolean {
  return (
    diff.services.upserted.length + diff.services.removed.length + diff.tasks.upserted.length + diff.tasks.removed.length +
      diff.plans.upserted.length + diff.plans.removed.length + diff.hosts.upserted.length + diff.hosts.removed.length +
      diff.backends.length + diff.events.length ===
    0
  );
}
