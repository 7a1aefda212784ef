/**
 * A deployment plan as a live tree (plan → phases → steps) with statuses,
 * strategy, pause marks and elapsed times, one selectable row per element so
 * plan controls act on exactly the element under the cursor.
 */
import type { Phase, Plan, Step } from '../../core/model/plan.js';
import { formatElapsed } from '../format.js';
import { planStatusStyle } from '../health-style.js';
import type { Cell, ListRow } from '../list-model.js';
import { informativeStepMessage } from './step-message.js';

function elapsed(steps: readonly Step[], now: number): string {
  const starts = steps.map((s) => s.startedAt).filter((v): v is number => v !== undefined);
  if (starts.length === 0) return '';
  const begin = Math.min(...starts);
  const done = steps.every((s) => s.finishedAt !== undefined);
  const end = done ? Math.max(...steps.map((s) => s.finishedAt!)) : now;
  return formatElapsed(end - begin);
}

function status(statusText: Plan['status']): Cell {
  const style = planStatusStyle(statusText);
  return { text: `${style.glyph} ${statusText}`, color: style.color };
}

/** Rows for one plan: the plan line, its phases and their steps. */
export function planTreeRows(plan: Plan, options: { now: number; indent?: string; showService?: boolean }): ListRow[] {
  const indent = options.indent ?? '';
  const allSteps = plan.phases.flatMap((p) => p.steps);
  const rows: ListRow[] = [];
  const planName = options.showService === true ? `${plan.service} ${plan.name}` : plan.name;
  const base = { type: 'plan' as const, serviceId: plan.service, planName: plan.name };
  rows.push({
    kind: 'item',
    free: true,
    target: base,
    cells: [
      { text: `${indent}▾ plan ${planName}  `, bold: true },
      status(plan.status),
      { text: `  ${plan.strategy}  ${elapsed(allSteps, options.now)}` },
      ...(plan.interrupted === true ? [{ text: '  ‖ PAUSED', color: 'yellow' as const, bold: true }] : []),
      ...(plan.errors.length > 0 ? [{ text: `  errors: ${plan.errors.join('; ')}`, color: 'red' as const }] : []),
    ],
  });
  plan.phases.forEach((phase, pi) => {
    const lastPhase = pi === plan.phases.length - 1;
    rows.push(phaseRow(phase, { ...base, indent: `${indent}  ${lastPhase ? '└─' : '├─'} `, now: options.now }));
    phase.steps.forEach((step, si) => {
      const lastStep = si === phase.steps.length - 1;
      const prefix = `${indent}  ${lastPhase ? ' ' : '│'}   ${lastStep ? '└─' : '├─'} `;
      rows.push(stepRow(step, phase, { ...base, prefix, now: options.now }));
    });
  });
  return rows;
}

function phaseRow(phase: Phase, ctx: { serviceId: string; planName: string; indent: string; now: number }): ListRow {
  return {
    kind: 'item',
    free: true,
    target: { type: 'plan', serviceId: ctx.serviceId, planName: ctx.planName, phase: phase.name },
    cells: [
      { text: `${ctx.indent}phase ${phase.name}  ` },
      status(phase.status),
      { text: `  ${phase.strategy}  ${elapsed(phase.steps, ctx.now)}` },
      ...(phase.interrupted === true ? [{ text: '  ‖ PAUSED', color: 'yellow' as const, bold: true }] : []),
    ],
  };
}

function stepRow(step: Step, phase: Phase, ctx: { serviceId: string; planName: string; prefix: string; now: number }): ListRow {
  const time = step.startedAt === undefined ? '' : `  ${formatElapsed((step.finishedAt ?? ctx.now) - step.startedAt)}`;
  const message = informativeStepMessage(step);
  return {
    kind: 'item',
    free: true,
    target: { type: 'plan', serviceId: ctx.serviceId, planName: ctx.planName, phase: phase.name, step: step.name },
    cells: [
      { text: `${ctx.prefix}${step.name}  ` },
      status(step.status),
      { text: `${time}${message === '' ? '' : `  ${message}`}` },
    ],
  };
}
