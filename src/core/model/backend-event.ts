/**
 * The typed events a backend emits while it watches its orchestrator; the store
 * folds them into the cluster state. Backends speak only this vocabulary.
 */
import type { ServiceReport } from './service.js';
import type { TaskReport } from './task.js';
import type { PlanReport } from './plan.js';
import type { HostReport } from './resources.js';

/** A notable thing that happened to a service (for "recent events" views). */
export interface ServiceEventReport {
  serviceNativeId: string;
  at: number;
  severity: 'info' | 'warning' | 'error';
  reason: string;
  message: string;
}

/** Everything a backend knows, replacing all it said before (initial list, relist after a gap). */
export interface BackendSnapshot {
  services: ServiceReport[];
  tasks: TaskReport[];
  plans: PlanReport[];
  hosts: HostReport[];
}

/** The event vocabulary between backends and the store. */
export type BackendEvent =
  /** Transport is up (the backend may still be listing). */
  | { type: 'connected'; at: number }
  /** A full, consistent listing: replaces everything this backend reported before. */
  | { type: 'snapshot'; at: number; snapshot: BackendSnapshot }
  | { type: 'service-upserted'; at: number; service: ServiceReport }
  | { type: 'service-removed'; at: number; serviceNativeId: string }
  | { type: 'task-upserted'; at: number; task: TaskReport }
  | { type: 'task-removed'; at: number; taskNativeId: string }
  | { type: 'plan-upserted'; at: number; plan: PlanReport }
  | { type: 'plan-removed'; at: number; serviceNativeId: string; planName: string }
  | { type: 'host-upserted'; at: number; host: HostReport }
  | { type: 'host-removed'; at: number; hostNativeId: string }
  | { type: 'service-event'; at: number; event: ServiceEventReport }
  /** Liveness with no data change (Mesos HEARTBEAT, watch BOOKMARK). */
  | { type: 'heartbeat'; at: number }
  /** The stream broke or the orchestrator is unreachable; data is kept but no longer vouched for. */
  | { type: 'disconnected'; at: number; error: { code: string; message: string; hint?: string } };

/** The discriminator values of BackendEvent. */
export type BackendEventType = BackendEvent['type'];
