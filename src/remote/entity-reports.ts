/**
 * Turns the daemon's stored entities back into the reports a backend would
 * have sent, so the remote mirror can feed a real StateStore and inherit its
 * indexes, coalesced diffs and STALE rule instead of re-implementing them.
 */
import type { BackendSnapshot, ServiceEventReport } from '../core/model/backend-event.js';
import type { PlanReport, Plan } from '../core/model/plan.js';
import type { Host, HostReport } from '../core/model/resources.js';
import type { Service, ServiceReport } from '../core/model/service.js';
import type { Task, TaskReport } from '../core/model/task.js';
import type { ClusterStateView, ServiceEvent } from '../core/state/cluster-state.js';

/** The native part of a global id (`<backend>/<native>`). */
export function nativePart(globalId: string, backend: string): string {
  const prefix = `${backend}/`;
  return globalId.startsWith(prefix) ? globalId.slice(prefix.length) : globalId;
}

/** A service as its backend reported it: the last observed health, not the effective (maybe STALE) one. */
export function serviceReport(service: Service): ServiceReport {
  const { id: _id, backend: _backend, health: _health, observedHealth, staleSince: _stale, ...rest } = service;
  return { ...rest, health: observedHealth };
}

/** A task as its backend reported it. */
export function taskReport(task: Task): TaskReport {
  const { id: _id, backend, service, ...rest } = task;
  return { ...rest, serviceNativeId: nativePart(service, backend) };
}

/** A plan as its backend reported it. */
export function planReport(plan: Plan): PlanReport {
  const { id: _id, backend, service, ...rest } = plan;
  return { ...rest, serviceNativeId: nativePart(service, backend) };
}

/** A host as its backend reported it. */
export function hostReport(host: Host): HostReport {
  const { id: _id, backend: _backend, cluster: _cluster, ...rest } = host;
  return rest;
}

/** A service event as its backend reported it. */
export function serviceEventReport(event: ServiceEvent): ServiceEventReport {
  const { service, backend, ...rest } = event;
  return { ...rest, serviceNativeId: nativePart(service, backend) };
}

/** Entities of a snapshot, split per backend as backend snapshots. */
export function snapshotsByBackend(entities: { services: Service[]; tasks: Task[]; plans: Plan[]; hosts: Host[] }): Map<string, BackendSnapshot> {
  const out = new Map<string, BackendSnapshot>();
  const of = (backend: string): BackendSnapshot => {
    let snapshot = out.get(backend);
    if (snapshot === undefined) {
      snapshot = { services: [], tasks: [], plans: [], hosts: [] };
      out.set(backend, snapshot);
    }
    return snapshot;
  };
  for (const s of entities.services) of(s.backend).services.push(serviceReport(s));
  for (const t of entities.tasks) of(t.backend).tasks.push(taskReport(t));
  for (const p of entities.plans) of(p.backend).plans.push(planReport(p));
  for (const h of entities.hosts) of(h.backend).hosts.push(hostReport(h));
  return out;
}

/** What a view currently holds for one backend, as that backend's snapshot (to re-assert it unchanged). */
export function currentSnapshotOf(state: ClusterStateView, backend: string): BackendSnapshot {
  const services = state.servicesOfBackend(backend);
  const hosts: Host[] = [];
  for (const host of state.hosts()) if (host.backend === backend) hosts.push(host);
  return {
    services: services.map(serviceReport),
    tasks: services.flatMap((s) => state.tasksOf(s.id)).map(taskReport),
    plans: services.flatMap((s) => state.plansOf(s.id)).map(planReport),
    hosts: hosts.map(hostReport),
  };
}
