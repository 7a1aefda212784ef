/**
 * What each published entity belonged to as of the last diff: a removed
 * service, task, plan or host is gone from the store when its removal is
 * published, so tenant filtering of removals needs this memory of owners.
 */
import type { Service } from '../../core/model/service.js';
import type { ClusterStateView, StateDiff } from '../../core/state/cluster-state.js';

/**
 * The cluster a service's hosts are filed under: its backend's registered
 * cluster (hosts get theirs the same way), falling back to what it reports.
 */
export function hostClusterOf(state: ClusterStateView, service: Pick<Service, 'backend' | 'cluster'>): string {
  return state.backend(service.backend)?.cluster ?? service.cluster;
}

/** Tenant and cluster of a published service. */
export interface ServiceOwner {
  tenant: string;
  cluster: string;
}

/** Owners of every entity published so far; updated after each diff has been filtered. */
export class VisibilityIndex {
  private readonly services = new Map<string, ServiceOwner>();
  private readonly taskService = new Map<string, string>();
  private readonly planService = new Map<string, string>();
  private readonly hostCluster = new Map<string, string>();

  /** Seeds the index from the current state (at fan-out start). */
  static fromState(state: ClusterStateView): VisibilityIndex {
    const index = new VisibilityIndex();
    for (const s of state.services()) {
      index.services.set(s.id, { tenant: s.tenant, cluster: hostClusterOf(state, s) });
      for (const t of state.tasksOf(s.id)) index.taskService.set(t.id, s.id);
    }
    for (const p of state.plans()) index.planService.set(p.id, p.service);
    for (const h of state.hosts()) index.hostCluster.set(h.id, h.cluster);
    return index;
  }

  service(id: string): ServiceOwner | undefined {
    return this.services.get(id);
  }
  serviceOfTask(id: string): string | undefined {
    return this.taskService.get(id);
  }
  serviceOfPlan(id: string): string | undefined {
    return this.planService.get(id);
  }
  clusterOfHost(id: string): string | undefined {
    return this.hostCluster.get(id);
  }
  /** Every published service with its owner (for building per-scope cluster counts). */
  allServices(): IterableIterator<[string, ServiceOwner]> {
    return this.services.entries();
  }
  /** Host ids last published for a cluster. */
  hostsOfCluster(cluster: string): string[] {
    const out: string[] = [];
    for (const [id, c] of this.hostCluster) if (c === cluster) out.push(id);
    return out;
  }

  /** Records the diff's changes; call after every scope has filtered it. */
  apply(diff: StateDiff, state: ClusterStateView): void {
    for (const s of diff.services.upserted) this.services.set(s.id, { tenant: s.tenant, cluster: hostClusterOf(state, s) });
    for (const id of diff.services.removed) this.services.delete(id);
    for (const t of diff.tasks.upserted) this.taskService.set(t.id, t.service);
    for (const id of diff.tasks.removed) this.taskService.delete(id);
    for (const p of diff.plans.upserted) this.planService.set(p.id, p.service);
    for (const id of diff.plans.removed) this.planService.delete(id);
    for (const h of diff.hosts.upserted) this.hostCluster.set(h.id, h.cluster);
    for (const id of diff.hosts.removed) this.hostCluster.delete(id);
  }
}
