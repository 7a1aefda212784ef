/**
 * Plan rules: a plan in ERROR, or an active plan that stopped moving (not
 * paused by an operator) for longer than the configured bound.
 */
import { isPlanActive, type Plan } from '../../model/plan.js';
import type { Service } from '../../model/service.js';
import type { AlertCondition } from '../alert.js';
import { condition, type RuleContext } from './rule-context.js';
import { remediationsFor } from './service-rules.js';

function stepRef(plan: Plan, wanted: (status: string) => boolean): { phase: string; step: string } | undefined {
  for (const phase of plan.phases) for (const step of phase.steps) if (wanted(step.status)) return { phase: phase.name, step: step.name };
  return undefined;
}

/** Evaluates the plan rules for one plan of `service`. */
export function evaluatePlanRules(plan: Plan, service: Service | undefined, ctx: RuleContext): AlertCondition[] {
  const tenant = service?.tenant ?? ctx.config.platformTenant;
  const labels = { tenant, backend: plan.backend, service: plan.service, plan: plan.name };
  const common = { tenant, service: plan.service, backend: plan.backend, source: `plan:${plan.id}`, labels };
  if (plan.status === 'ERROR') {
    const ref = stepRef(plan, (s) => s === 'ERROR');
    return [
      condition({
        ...common,
        kind: 'plan-error',
        severity: 'critical',
        summary: `Plan ${plan.name} of ${service?.name ?? plan.service} is in ERROR${ref ? ` at ${ref.phase}/${ref.step}` : ''}${plan.errors.length > 0 ? `: ${plan.errors.join('; ')}` : ''}`,
        values: { status: plan.status, errors: plan.errors.join('; '), ...(ref ?? {}) },
        remediations: service === undefined || ref === undefined ? [] : remediationsFor(service, ['plan-restart-step'], { 'plan-restart-step': { plan: plan.name, ...ref } }),
        forMs: 0,
      }),
    ];
  }
  const paused = plan.interrupted === true || plan.phases.some((p) => p.interrupted === true);
  if (isPlanActive(plan) && !paused && ctx.now - plan.updatedAt > ctx.config.rules.planStuckAfter) {
    const ref = stepRef(plan, (s) => s !== 'COMPLETE');
    return [
      condition({
        ...common,
        kind: 'plan-stuck',
        severity: 'warning',
        summary: `Plan ${plan.name} of ${service?.name ?? plan.service} has not moved for ${Math.round((ctx.now - plan.updatedAt) / 60_000)}m (${plan.status})`,
        values: { status: plan.status, lastChange: plan.updatedAt, ...(ref ?? {}) },
        remediations: service === undefined || ref === undefined ? [] : remediationsFor(service, ['plan-restart-step'], { 'plan-restart-step': { plan: plan.name, ...ref } }),
        forMs: 0,
      }),
    ];
  }
  return [];
}
