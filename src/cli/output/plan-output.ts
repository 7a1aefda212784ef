/**
 * Renders a plan as a phase / step tree with statuses and elapsed times, the
 * way `dcos <svc> plan show` does, plus a stable JSON form.
 */
import type { Plan } from '../../core/model/plan.js';
import { PLAN_GLYPH } from '../../core/model/status-glyphs.js';
import { formatAge } from '../../core/time/duration.js';


/** The tree people read: plan line, then phases, then steps, each with a glyph and status. */
export function renderPlanTree(plan: Plan, now: number): string[] {
  const flags = [plan.strategy, plan.interrupted ? 'paused' : undefined].filter(Boolean).join(', ');
  const lines = [`${plan.name} (${flags}) ${PLAN_GLYPH[plan.status]} ${plan.status}`];
  plan.phases.forEach((phase, pi) => {
    const lastPhase = pi === plan.phases.length - 1;
    lines.push(`${lastPhase ? '└─' : '├─'} ${phase.name} (${phase.strategy}${phase.interrupted ? ', paused' : ''}) ${PLAN_GLYPH[phase.status]} ${phase.status}`);
    phase.steps.forEach((step, si) => {
      const elbow = si === phase.steps.length - 1 ? '└─' : '├─';
      const elapsed =
        step.startedAt === undefined ? '' : ` ${formatAge((step.finishedAt ?? now) - step.startedAt)}`;
      lines.push(`${lastPhase ? '   ' : '│  '}${elbow} ${step.name} ${PLAN_GLYPH[step.status]} ${step.status}${elapsed}`);
    });
  });
  for (const error of plan.errors) lines.push(`error: ${error}`);
  return lines;
}

/** The stable JSON form of a plan. */
export function planToJson(plan: Plan): Record<string, unknown> {
  return {
    id: plan.id,
    service: plan.service,
    name: plan.name,
    strategy: plan.strategy,
    status: plan.status,
    interrupted: plan.interrupted ?? false,
    errors: plan.errors,
    phases: plan.phases.map((p) => ({
      id: p.id,
      name: p.name,
      strategy: p.strategy,
      status: p.status,
      steps: p.steps.map((s) => ({ id: s.id, name: s.name, status: s.status, message: s.message, ...(s.task === undefined ? {} : { task: s.task }) })),
    })),
  };
}
