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

/** How a spec change rolls out: one instance at a time, all at once, or one first then wait for `continue`. */
export type ChangeStrategy = 'serial' | 'parallel' | 'canary';

/**
 * A backend-neutral view of what a service runs: Marathon app definitions,
 * SDK target configs, Swarm service specs and (later) Deployment / StatefulSet
 * pod templates all map onto it, so previews and audits compare like with like.
 */
export interface ServiceSpec {
  /** Container image (Marathon, Swarm, Kubernetes) when the backend runs images. */
  image?: string;
  /** Package / app version (DC/OS SDK package version) when the backend versions that way. */
  version?: string;
  /** Environment variables of the service's containers. */
  env: Record<string, string>;
  /** CPU share per instance (cores). */
  cpus?: number;
  /** Memory per instance in MB. */
  mem?: number;
  /** Desired instance count (per pod type for SDK services: the first pod type). */
  replicas?: number;
  /** How the backend rolls changes out today (native name, e.g. "serial", "parallelism 1, failure action pause"). */
  updateStrategy?: string;
}

/** What an operator asks to change; absent fields stay as they are, `unsetEnv` removes variables. */
export interface SpecChange {
  image?: string;
  version?: string;
  env?: Record<string, string>;
  unsetEnv?: string[];
  cpus?: number;
  mem?: number;
  replicas?: number;
}

/** One step of the plan a change will run, in order. */
export interface ChangePlanStep {
  name: string;
  /** Global id of the task the step replaces, when one exists already. */
  task?: string;
}

/** The plan a change will run: which instances are replaced in which order and how long it should take. */
export interface ChangePlan {
  /** Native plan name the change shows up as (SDK `deploy`, Swarm `update`, Marathon deployment, Kubernetes `rollout`). */
  planName: string;
  strategy: ChangeStrategy;
  phases: { name: string; steps: ChangePlanStep[] }[];
  /** Expected duration from the history of earlier rollouts, when the backend knows it. */
  expectedDurationMs?: number;
  /** Native mechanism details people should know (failure action, canary wait…). */
  notes: string[];
}

/** The side-effect-free answer of planChange: both specs and the plan. */
export interface ChangeProposal {
  current: ServiceSpec;
  proposed: ServiceSpec;
  plan: ChangePlan;
}

/** Options of applyChange. */
export interface ApplyChangeOptions extends ActOptions {
  strategy: ChangeStrategy;
}

/**
 * Upgrades and configuration changes as native rollouts (SDK update plan,
 * Marathon deployment, Swarm UpdateConfig, Kubernetes rollout with
 * `spec.paused`). planChange validates and previews without side effects
 * (INPUT_INVALID for unknown keys or values, NOT_FOUND for an image or version
 * that does not exist, CONFLICT while another rollout runs); applyChange
 * starts the rollout; continueChange lets a canary go on after its first step.
 * Pause / resume use PlanControllable or UpdateResumable, and going back to
 * the previous spec uses RollbackCapable.
 */
export interface SpecChangeable {
  currentSpec(service: Service, options?: { signal?: AbortSignal }): Promise<ServiceSpec>;
  planChange(service: Service, change: SpecChange, options: { strategy: ChangeStrategy; signal?: AbortSignal }): Promise<ChangeProposal>;
  applyChange(service: Service, change: SpecChange, options: ApplyChangeOptions): Promise<ActionReceipt>;
  continueChange(service: Service, options: ActOptions): Promise<ActionReceipt>;
}

/** True when the backend can upgrade and reconfigure services. */
export const isSpecChangeable = (b: Backend): b is Backend & SpecChangeable => hasMethods(b, 'currentSpec', 'planChange', 'applyChange', 'continueChange');
