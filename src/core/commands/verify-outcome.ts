/**
 * Checks that an executed command actually helped: follows the state (via
 * waitForState, never polling) until the target converged healthy or a
 * deadline passed, and names the outcome with a rollback suggestion on failure.
 */
import type { ActionReceipt } from '../backend/port.js';
import type { Clock } from '../clock.js';
import { isOpsdeckError } from '../errors.js';
import type { Health } from '../model/health.js';
import { findPlanElement, isPlanActive, type PlanStatus } from '../model/plan.js';
import { TERMINAL_TASK_STATES } from '../model/task.js';
import type { ClusterStateView } from '../state/cluster-state.js';
import type { StateStore } from '../state/store.js';
import { waitForState } from '../state/wait-for-state.js';
import type { Command } from './command.js';
import type { ResolvedTarget } from './resolve-target.js';

/** How a command ended after execution. */
export type OutcomeStatus = 'succeeded' | 'failed' | 'timed-out';

/** The verified result of an executed command. */
export interface VerifiedOutcome {
  status: OutcomeStatus;
  message: string;
  /** Health of the service when verification ended. */
  health: Health;
  durationMs: number;
  receipt?: ActionReceipt;
  /** What to do next when it did not succeed (e.g. "opsdeck rollback web"). */
  suggestion?: string;
  /** The command a face should offer as a button or key next (the suggestion in typed form). */
  followUp?: 'rollback' | 'plan-continue';
}

/** Facts captured just before execution that convergence is judged against. */
export interface BeforeExecution {
  runningTaskIds: string[];
  stepStatuses: Record<string, PlanStatus>;
  at: number;
  /** The service's version (image) before execution, so a rollback that keeps some tasks is still recognised. */
  version?: string;
}

/** Captures the facts verification needs; call right before executing. */
export function captureBefore(state: ClusterStateView, target: ResolvedTarget, now: number): BeforeExecution {
  const runningTaskIds = state.tasksOf(target.service.id).filter((t) => t.state === 'RUNNING').map((t) => t.id);
  const stepStatuses: Record<string, PlanStatus> = {};
  for (const step of stepsOf(target)) stepStatuses[step.id] = step.status;
  const version = state.service(target.service.id)?.version;
  return { runningTaskIds, stepStatuses, at: now, ...(version === undefined ? {} : { version }) };
}

function stepsOf(target: Pick<ResolvedTarget, 'plan' | 'phase' | 'step'>): { id: string; status: PlanStatus }[] {
  if (target.step !== undefined) return [target.step];
  if (target.phase !== undefined) return target.phase.steps;
  return target.plan?.phases.flatMap((p) => p.steps) ?? [];
}

/** True when the service is HEALTHY with every desired instance running and healthy. */
export function isServiceHealthy(state: ClusterStateView, serviceId: string): boolean {
  return healthy(state, serviceId);
}

function healthy(state: ClusterStateView, serviceId: string): boolean {
  const s = state.service(serviceId);
  return s !== undefined && s.health.status === 'HEALTHY' && s.healthy >= s.desired && s.running >= s.desired;
}

/** True when the state shows the command's intended effect (and health where it matters). */
export function hasConverged(state: ClusterStateView, command: Command, target: ResolvedTarget, before: BeforeExecution): boolean {
  const serviceId = target.service.id;
  const service = state.service(serviceId);
  if (service === undefined) return false;
  const stillRunning = (ids: readonly string[]): boolean => ids.some((id) => state.task(id)?.state === 'RUNNING');
  switch (command.kind) {
    case 'scale':
      return service.desired === command.args.replicas && healthy(state, serviceId);
    case 'restart':
      return !stillRunning(before.runningTaskIds) && healthy(state, serviceId);
    case 'rollback': {
      // Rollouts replace only instances that differ, so a rollback after a half-done upgrade keeps the old ones.
      const settled = state.plansOf(serviceId).every((p) => !isPlanActive(p) && p.status !== 'ERROR');
      const versionBack = before.version !== undefined && service.version !== undefined && service.version !== before.version;
      return (!stillRunning(before.runningTaskIds) || versionBack) && settled && healthy(state, serviceId);
    }
    case 'pod-restart':
    case 'pod-replace': {
      const podTasks = before.runningTaskIds.filter((id) => id.includes(command.args.pod));
      return !stillRunning(podTasks) && healthy(state, serviceId);
    }
    case 'kill-task': {
      const task = target.task === undefined ? undefined : state.task(target.task.id);
      return (task === undefined || TERMINAL_TASK_STATES.has(task.state)) && healthy(state, serviceId);
    }
    default: {
      const plan = target.plan === undefined ? undefined : state.plan(target.plan.id);
      if (plan === undefined) return false;
      const { phase, step } = findPlanElement(plan, { ...(target.phase ? { phase: target.phase.id } : {}), ...(target.step ? { step: target.step.id } : {}) });
      if (command.kind === 'plan-pause') return (target.phase !== undefined ? phase?.interrupted : plan.interrupted) === true;
      if (command.kind === 'plan-resume') return (target.phase !== undefined ? phase?.interrupted : plan.interrupted) !== true;
      const steps = stepsOf({ plan, ...(phase ? { phase } : {}), ...(step ? { step } : {}) });
      if (command.kind === 'plan-force-complete') return steps.length > 0 && steps.every((s) => s.status === 'COMPLETE');
      return steps.length > 0 && steps.every((s) => s.status !== 'ERROR' && (s.status === 'PENDING' || s.status !== before.stepStatuses[s.id]));
    }
  }
}

/** Rollback is offered after a failed non-rollback action when the service supports it. */
function followUpFor(command: Command, target: ResolvedTarget): VerifiedOutcome['followUp'] {
  if (command.kind === 'rollback' || command.kind.startsWith('plan-')) return undefined;
  return target.service.actions.includes('rollback') ? 'rollback' : undefined;
}

function suggestionFor(command: Command, target: ResolvedTarget): string {
  const name = target.service.name;
  if (command.kind === 'rollback') return `The rollback did not settle; inspect the tasks of ${name} (opsdeck tasks ${name}).`;
  if (command.kind.startsWith('plan-')) return `Check the plan (opsdeck plan show ${name}).`;
  if (target.service.actions.includes('rollback')) return `Consider rolling back: opsdeck rollback ${name} --reason "…"`;
  return `Inspect the tasks of ${name} (opsdeck tasks ${name}).`;
}

/** What verification needs: the state to follow, the command and its target, what it looked like before, and the deadline. */
export interface VerifyInput {
  store: StateStore;
  clock: Clock;
  command: Command;
  target: ResolvedTarget;
  before: BeforeExecution;
  receipt: ActionReceipt;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Waits for convergence until the deadline and classifies the outcome. */
export async function verifyOutcome(input: VerifyInput): Promise<VerifiedOutcome> {
  const { store, clock, command, target, before, receipt } = input;
  const healthNow = (): Health => store.service(target.service.id)?.health ?? { status: 'UNKNOWN', reason: 'service no longer reported' };
  try {
    await waitForState(store, (state) => hasConverged(state, command, target, before), {
      clock,
      timeoutMs: input.timeoutMs,
      ...(input.signal === undefined ? {} : { signal: input.signal }),
      description: `${target.service.name} to converge`,
    });
    return { status: 'succeeded', message: `${receipt.message}; ${target.service.name} converged`, health: healthNow(), durationMs: clock.now() - before.at, receipt };
  } catch (error) {
    if (!isOpsdeckError(error) || error.code !== 'TIMEOUT') throw error;
    const health = healthNow();
    const failed = health.status === 'UNHEALTHY' || health.status === 'DEGRADED';
    return {
      status: failed ? 'failed' : 'timed-out',
      message: failed
        ? `${target.service.name} is ${health.status.toLowerCase()} after ${command.kind} (${health.reason})`
        : `${target.service.name} did not converge within ${Math.round(input.timeoutMs / 1000)}s (${health.status.toLowerCase()}: ${health.reason})`,
      health,
      durationMs: clock.now() - before.at,
      receipt,
      suggestion: suggestionFor(command, target),
      ...(followUpFor(command, target) === undefined ? {} : { followUp: followUpFor(command, target) }),
    };
  }
}
