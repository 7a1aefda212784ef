/**
 * Optional backend abilities as separate interfaces with type guards (the k9s
 * `dao` pattern): callers check a guard, never a backend's kind.
 */
import type { Service } from '../model/service.js';
import type { Task } from '../model/task.js';
import type { ActOptions, ActionReceipt, Backend } from './port.js';

/** Changes the desired instance count. */
export interface Scalable {
  scale(service: Service, replicas: number, options: ActOptions): Promise<ActionReceipt>;
}

/** Rolling restart of every instance. */
export interface Restartable {
  restart(service: Service, options: ActOptions): Promise<ActionReceipt>;
}

/** Goes back to the spec that ran before the last change. */
export interface RollbackCapable {
  rollback(service: Service, options: ActOptions): Promise<ActionReceipt>;
}

/** Kills one task (the orchestrator replaces it). */
export interface TaskKillable {
  killTask(task: Task, options: ActOptions): Promise<ActionReceipt>;
}

/** Plan controls, as the DC/OS SDK defines them. */
export type PlanControl = 'pause' | 'resume' | 'restart' | 'force-complete';

/** Which plan element a plan control addresses (no phase = whole plan). */
export interface PlanTarget {
  plan: string;
  phase?: string;
  step?: string;
}

/** Pause / resume / restart / force-complete of a plan, phase or step. */
export interface PlanControllable {
  controlPlan(service: Service, control: PlanControl, target: PlanTarget, options: ActOptions): Promise<ActionReceipt>;
}

/** Pod-level restart in place or replace elsewhere (DC/OS SDK pods). */
export interface PodControllable {
  controlPod(service: Service, pod: string, action: 'restart' | 'replace', options: ActOptions): Promise<ActionReceipt>;
}

/** Stops and starts a service's instances (containers). */
export interface Stoppable {
  stop(service: Service, options: ActOptions): Promise<ActionReceipt>;
  start(service: Service, options: ActOptions): Promise<ActionReceipt>;
}

/** Resumes a paused rolling update (Swarm `update_paused`, paused rollouts). */
export interface UpdateResumable {
  resumeUpdate(service: Service, options: ActOptions): Promise<ActionReceipt>;
}

function hasMethods(backend: Backend, ...names: string[]): boolean {
  const record = backend as unknown as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}

/** True when the backend can scale. */
export const isScalable = (b: Backend): b is Backend & Scalable => hasMethods(b, 'scale');
/** True when the backend can restart services. */
export const isRestartable = (b: Backend): b is Backend & Restartable => hasMethods(b, 'restart');
/** True when the backend can roll back. */
export const isRollbackCapable = (b: Backend): b is Backend & RollbackCapable => hasMethods(b, 'rollback');
/** True when the backend can kill tasks. */
export const isTaskKillable = (b: Backend): b is Backend & TaskKillable => hasMethods(b, 'killTask');
/** True when the backend can control plans. */
export const isPlanControllable = (b: Backend): b is Backend & PlanControllable => hasMethods(b, 'controlPlan');
/** True when the backend can restart / replace pods. */
export const isPodControllable = (b: Backend): b is Backend & PodControllable => hasMethods(b, 'controlPod');
/** True when the backend can stop and start services. */
export const isStoppable = (b: Backend): b is Backend & Stoppable => hasMethods(b, 'stop', 'start');
/** True when the backend can resume paused updates. */
export const isUpdateResumable = (b: Backend): b is Backend & UpdateResumable => hasMethods(b, 'resumeUpdate');
