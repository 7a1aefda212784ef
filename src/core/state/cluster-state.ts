/**
 * The read side of the store: the shapes front ends, alerts and commands see
 * (backend status, coalesced diffs, the state view) without the write API.
 */
import type { BackendKind } from '../backend/port.js';
import type { Host } from '../model/resources.js';
import type { Plan } from '../model/plan.js';
import type { Service } from '../model/service.js';
import type { Task } from '../model/task.js';
import type { ServiceEventReport } from '../model/backend-event.js';

/** Connection state of one backend as people see it. */
export type BackendConnection = 'connecting' | 'live' | 'stale';

/** Freshness and connection facts about one backend. */
export interface BackendStatus {
  id: string;
  kind: BackendKind;
  cluster: string;
  connection: BackendConnection;
  /** True once the first full snapshot arrived; nothing is judged before it. */
  synced: boolean;
  freshnessBoundMs: number;
  /** Epoch ms of the last event of any kind (heartbeats count). */
  lastEventAt?: number;
  lastSnapshotAt?: number;
  staleSince?: number;
  /** Why the backend is stale (safe to show: no secrets). */
  error?: { code: string; message: string; hint?: string };
  eventsIngested: number;
}

/** A service event with its global service id. */
export interface ServiceEvent extends Omit<ServiceEventReport, 'serviceNativeId'> {
  service: string;
  backend: string;
}

/** Upserts and removals of one entity kind in a diff. */
export interface EntityChanges<T> {
  upserted: T[];
  removed: string[];
}

/** What changed since the previous diff; many events to one entity coalesce into one entry. */
export interface StateDiff {
  /** Monotonic state version after this diff. */
  version: number;
  services: EntityChanges<Service>;
  tasks: EntityChanges<Task>;
  plans: EntityChanges<Plan>;
  hosts: EntityChanges<Host>;
  backends: BackendStatus[];
  events: ServiceEvent[];
}

/** Read-only access to the live state, shared by every consumer. */
export interface ClusterStateView {
  readonly version: number;
  services(): IterableIterator<Service>;
  service(id: string): Service | undefined;
  servicesNamed(name: string): Service[];
  servicesOfTenant(tenant: string): Service[];
  servicesOfBackend(backend: string): Service[];
  tasksOf(serviceId: string): Task[];
  task(id: string): Task | undefined;
  plansOf(serviceId: string): Plan[];
  plan(id: string): Plan | undefined;
  plans(): IterableIterator<Plan>;
  hosts(): IterableIterator<Host>;
  host(id: string): Host | undefined;
  backends(): BackendStatus[];
  backend(id: string): BackendStatus | undefined;
  recentEvents(serviceId: string): ServiceEvent[];
  serviceCount(): number;
  taskCount(): number;
}

/** True when a diff carries no change at all. */
export function isEmptyDiff(diff: StateDiff): boolean {
  return (
    diff.services.upserted.length + diff.services.removed.length + diff.tasks.upserted.length + diff.tasks.removed.length +
      diff.plans.upserted.length + diff.plans.removed.length + diff.hosts.upserted.length + diff.hosts.removed.length +
      diff.backends.length + diff.events.length ===
    0
  );
}
