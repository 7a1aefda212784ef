/**
 * Resolves a command's target against the live state: exact id or unique
 * name, only among services the actor's tenants may see, so a hidden service
 * and a missing one give the very same NOT_FOUND.
 */
import type { AccessGate } from '../access/access-gate.js';
import { opsError } from '../errors.js';
import type { Actor } from '../model/actor.js';
import { findPlanElement, planId, type Phase, type Plan, type Step } from '../model/plan.js';
import type { Service } from '../model/service.js';
import type { Task } from '../model/task.js';
import type { ClusterStateView } from '../state/cluster-state.js';
import { isPlanCommand, type Command } from './command.js';

/** What a command acts on, as found in the state. */
export interface ResolvedTarget {
  service: Service;
  /** Set for kill-task. */
  task?: Task;
  /** Set for plan commands. */
  plan?: Plan;
  phase?: Phase;
  step?: Step;
}

function notFound(what: string, ref: string): never {
  throw opsError('NOT_FOUND', `${what} "${ref}" was not found.`, {
    hint: what === 'Task' ? 'Check the task id; `opsdeck tasks <service>` lists them.' : 'Check the name or id; `opsdeck services` lists what you can see.',
  });
}

/** Finds a service by exact id or unique name among the services the actor may see. */
export function resolveService(state: ClusterStateView, access: AccessGate, actor: Actor, ref: string): Service {
  const exact = state.service(ref);
  if (exact !== undefined) {
    if (access.canSee(actor, exact.tenant)) return exact;
    notFound('Service', ref);
  }
  const named = state.servicesNamed(ref).filter((s) => access.canSee(actor, s.tenant));
  if (named.length === 0) notFound('Service', ref);
  if (named.length > 1) {
    const candidates = named.map((s) => s.id).sort();
    throw opsError('AMBIGUOUS', `"${ref}" matches ${named.length} services: ${candidates.join(', ')}.`, {
      hint: 'Use the full id (backend/name) of the one you mean.',
      details: { candidates },
    });
  }
  return named[0] as Service;
}

/** Finds a task by exact global id, or by native id when unique among visible services. */
export function resolveTask(state: ClusterStateView, access: AccessGate, actor: Actor, ref: string): { task: Task; service: Service } {
  const exact = state.task(ref);
  const candidates: Task[] = [];
  if (exact !== undefined) candidates.push(exact);
  else {
    for (const service of state.services()) {
      if (!access.canSee(actor, service.tenant)) continue;
      for (const task of state.tasksOf(service.id)) if (task.nativeId === ref) candidates.push(task);
    }
  }
  const visible = candidates.filter((t) => {
    const service = state.service(t.service);
    return service !== undefined && access.canSee(actor, service.tenant);
  });
  if (visible.length === 0) notFound('Task', ref);
  if (visible.length > 1) {
    const ids = visible.map((t) => t.id).sort();
    throw opsError('AMBIGUOUS', `"${ref}" matches ${visible.length} tasks: ${ids.join(', ')}.`, { hint: 'Use the full task id.', details: { candidates: ids } });
  }
  const task = visible[0] as Task;
  return { task, service: state.service(task.service) as Service };
}

function choosePlan(state: ClusterStateView, service: Service, name: string | undefined): Plan {
  const plans = state.plansOf(service.id);
  if (name !== undefined) {
    const plan = state.plan(planId(service.id, name));
    if (plan !== undefined) return plan;
    throw opsError('NOT_FOUND', `Plan "${name}" was not found for ${service.name}.`, {
      hint: plans.length === 0 ? `${service.name} has no plans.` : `Plans of ${service.name}: ${plans.map((p) => p.name).join(', ')}.`,
    });
  }
  const active = plans.filter((p) => p.status !== 'COMPLETE');
  const pick = active.length === 1 ? active[0] : plans.length === 1 ? plans[0] : plans.find((p) => p.name === 'deploy');
  if (pick !== undefined) return pick;
  throw opsError('NOT_FOUND', plans.length === 0 ? `${service.name} has no plans.` : `Which plan of ${service.name}?`, {
    hint: plans.length === 0 ? 'Plan commands need a service with deployment plans.' : `Pass --plan with one of: ${plans.map((p) => p.name).join(', ')}.`,
  });
}

/** Resolves the whole target of a command (service, task, plan element). */
export function resolveTarget(state: ClusterStateView, access: AccessGate, command: Command): ResolvedTarget {
  if (command.kind === 'kill-task') return resolveTask(state, access, command.actor, command.target);
  const service = resolveService(state, access, command.actor, command.target);
  if (!isPlanCommand(command)) return { service };
  const plan = choosePlan(state, service, command.args.plan);
  const { phase, step } = findPlanElement(plan, command.args);
  if (command.args.phase !== undefined && phase === undefined) {
    throw opsError('NOT_FOUND', `Phase "${command.args.phase}" was not found in plan ${plan.name} of ${service.name}.`, {
      hint: `Phases: ${plan.phases.map((p) => p.name).join(', ') || 'none'}.`,
    });
  }
  if (command.args.step !== undefined && step === undefined) {
    throw opsError('NOT_FOUND', `Step "${command.args.step}" was not found in phase ${phase?.name ?? ''} of ${service.name}.`, {
      hint: `Steps: ${phase?.steps.map((s) => s.name).join(', ') || 'none'}.`,
    });
  }
  return { service, plan, ...(phase === undefined ? {} : { phase }), ...(step === undefined ? {} : { step }) };
}
