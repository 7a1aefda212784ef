/**
 * The full state one caller may see: services of its tenants, their tasks and
 * plans, hosts only of clusters where those services run, and backend status
 * (infrastructure facts with no tenant data). Pure function of the state.
 */
import type { Host } from '../../core/model/resources.js';
import type { Plan } from '../../core/model/plan.js';
import type { Service } from '../../core/model/service.js';
import type { Task } from '../../core/model/task.js';
import type { BackendStatus, ClusterStateView } from '../../core/state/cluster-state.js';
import { scopeSees, type TenantScope } from '../ports.js';
import { hostClusterOf } from './visibility-index.js';

/** Everything a scope may see at one state version. */
export interface TenantSnapshot {
  version: number;
  services: Service[];
  tasks: Task[];
  plans: Plan[];
  hosts: Host[];
  backends: BackendStatus[];
}

/** Services visible to the scope (uses the tenant index, never a full scan for listed tenants). */
export function visibleServices(state: ClusterStateView, scope: TenantScope): Service[] {
  if (scope.all) return [...state.services()];
  return [...scope.tenants].flatMap((tenant) => state.servicesOfTenant(tenant));
}

/** Builds the snapshot of exactly what `scope` may see. */
export function buildTenantSnapshot(state: ClusterStateView, scope: TenantScope): TenantSnapshot {
  const services = visibleServices(state, scope).filter((s) => scopeSees(scope, s.tenant));
  const clusters = new Set(services.map((s) => hostClusterOf(state, s)));
  const hosts: Host[] = [];
  for (const host of state.hosts()) if (clusters.has(host.cluster)) hosts.push(host);
  return {
    version: state.version,
    services,
    tasks: services.flatMap((s) => state.tasksOf(s.id)),
    plans: services.flatMap((s) => state.plansOf(s.id)),
    hosts,
    backends: state.backends(),
  };
}
