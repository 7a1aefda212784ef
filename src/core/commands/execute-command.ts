/**
 * Carries a command out through the target backend's capability interface
 * (checked with type guards, never by backend kind); UNSUPPORTED when the
 * backend or the service does not offer the action.
 */
import {
  isPlanControllable,
  isPodControllable,
  isRestartable,
  isRollbackCapable,
  isScalable,
  isSpecChangeable,
  isTaskKillable,
  type PlanControl,
} from '../backend/capabilities.js';
import type { ActionReceipt, Backend } from '../backend/port.js';
import { opsError } from '../errors.js';
import type { Command } from './command.js';
import type { ResolvedTarget } from './resolve-target.js';
import { specChangeOf } from './spec/spec-change-args.js';

/** Looks a backend up by id (the composition root supplies it). */
export type BackendLookup = (id: string) => Backend | undefined;

const PLAN_CONTROL: Record<string, PlanControl> = {
  'plan-pause': 'pause',
  'plan-resume': 'resume',
  'plan-restart-step': 'restart',
  'plan-force-complete': 'force-complete',
};

/** True when the backend has the capability for the command kind and the service lists the action. */
export function supportsCommand(backend: Backend | undefined, command: Command, target: ResolvedTarget): boolean {
  if (backend === undefined) return false;
  // A canary's `continue` belongs to the rollout an upgrade or config change started.
  if (command.kind === 'plan-continue') return isSpecChangeable(backend) && (target.service.actions.includes('upgrade') || target.service.actions.includes('config-set'));
  if (!target.service.actions.includes(command.kind)) return false;
  switch (command.kind) {
    case 'upgrade':
    case 'config-set':
      return isSpecChangeable(backend);
    case 'scale':
      return isScalable(backend);
    case 'restart':
      return isRestartable(backend);
    case 'rollback':
      return isRollbackCapable(backend);
    case 'kill-task':
      return isTaskKillable(backend);
    case 'pod-restart':
    case 'pod-replace':
      return isPodControllable(backend);
    default:
      return isPlanControllable(backend);
  }
}

function unsupported(command: Command, target: ResolvedTarget): never {
  throw opsError('UNSUPPORTED', `${target.service.name} (${target.service.backend}) does not support ${command.kind}.`, {
    hint: `Actions it supports: ${target.service.actions.join(', ') || 'none'}.`,
  });
}

/** Calls the backend; throws UNSUPPORTED, or whatever the backend throws (BACKEND_UNREACHABLE…). */
export async function executeCommand(
  backends: BackendLookup,
  command: Command,
  target: ResolvedTarget,
  options: { idempotencyKey: string; signal?: AbortSignal },
): Promise<ActionReceipt> {
  const backend = backends(target.service.backend);
  if (backend === undefined) {
    throw opsError('BACKEND_UNREACHABLE', `Backend ${target.service.backend} is not connected to this opsdeck.`, {
      hint: 'Check the backends section of opsdeck.yaml and that the daemon is running.',
      retryable: true,
    });
  }
  if (!supportsCommand(backend, command, target)) unsupported(command, target);
  const act = { idempotencyKey: options.idempotencyKey, ...(options.signal === undefined ? {} : { signal: options.signal }) };
  const { service } = target;
  switch (command.kind) {
    case 'scale':
      if (isScalable(backend)) return backend.scale(service, command.args.replicas, act);
      break;
    case 'restart':
      if (isRestartable(backend)) return backend.restart(service, act);
      break;
    case 'rollback':
      if (isRollbackCapable(backend)) return backend.rollback(service, act);
      break;
    case 'kill-task':
      if (isTaskKillable(backend) && target.task !== undefined) return backend.killTask(target.task, act);
      break;
    case 'upgrade':
    case 'config-set':
      if (isSpecChangeable(backend)) return backend.applyChange(service, specChangeOf(command), { ...act, strategy: command.args.strategy ?? 'serial' });
      break;
    case 'plan-continue':
      if (isSpecChangeable(backend)) return backend.continueChange(service, act);
      break;
    case 'pod-restart':
    case 'pod-replace':
      if (isPodControllable(backend)) return backend.controlPod(service, command.args.pod, command.kind === 'pod-restart' ? 'restart' : 'replace', act);
      break;
    default:
      if (isPlanControllable(backend) && target.plan !== undefined) {
        const planTarget = {
          plan: target.plan.name,
          ...(target.phase === undefined ? {} : { phase: target.phase.name }),
          ...(target.step === undefined ? {} : { step: target.step.name }),
        };
        return backend.controlPlan(service, PLAN_CONTROL[command.kind] as PlanControl, planTarget, act);
      }
  }
  return unsupported(command, target);
}
