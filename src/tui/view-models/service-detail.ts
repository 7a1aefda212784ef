/**
 * The service detail view: identity and health (with stale reason and a
 * health-history sparkline), tasks, the plan tree and recent events, as rows
 * where tasks and plan elements are selectable targets for actions.
 */
import { TERMINAL_TASK_STATES, type Task } from '../../core/model/task.js';
import type { ClusterStateView } from '../../core/state/cluster-state.js';
import { formatAge } from '../../core/time/duration.js';
import { fit } from '../format.js';
import { healthSparkline, type HealthSample } from '../health-history.js';
import { healthStyle, PROTECTED_MARK } from '../health-style.js';
import type { ListFilter } from '../list-filter.js';
import { listFromRows, type ListModel, type ListRow } from '../list-model.js';
import { planTreeRows } from './plan-tree.js';

/** Inputs to the detail view beyond the store. */
export interface DetailContext {
  now: number;
  history: readonly HealthSample[];
  isProtected?: boolean;
  filter?: ListFilter | undefined;
}

function section(title: string): ListRow {
  return { kind: 'group', cells: [{ text: title, color: 'cyan', bold: true }] };
}

function text(value: string, color?: ListRow['cells'][number]['color']): ListRow {
  return { kind: 'text', cells: [{ text: value, ...(color === undefined ? {} : { color }) }] };
}

function taskRow(task: Task, now: number): ListRow {
  const terminal = TERMINAL_TASK_STATES.has(task.state);
  const color = task.state === 'RUNNING' ? (task.healthy === false ? 'yellow' : 'green') : terminal ? 'red' : 'white';
  const health = task.healthy === undefined ? 'no check' : task.healthy ? 'healthy' : 'unhealthy';
  const glyph = task.state === 'RUNNING' ? (task.healthy === false ? '▲' : '✔') : terminal ? '✖' : '·';
  return {
    kind: 'item',
    free: true,
    target: { type: 'task', serviceId: task.service, taskId: task.id },
    cells: [
      { text: `  ${glyph} ${fit(task.state, 9)} `, color },
      { text: `${fit(task.nativeId, 28)} ${fit(task.host, 14)} ${fit(health, 10)} ${fit(`↻${task.restarts}`, 4)} ${fit(task.startedAt === undefined ? '-' : formatAge(now - task.startedAt), 5)} ` },
      { text: task.message ?? '', ...(terminal ? { color: 'red' as const } : {}) },
    ],
  };
}

/** Builds the detail rows for one service, or a "gone" note when it no longer exists. */
export function serviceDetailModel(state: ClusterStateView, serviceId: string, ctx: DetailContext): ListModel {
  const s = state.service(serviceId);
  if (s === undefined) {
    return listFromRows({ title: serviceId, columns: [{ title: '', width: 0 }], rows: [text(`${serviceId} no longer exists (removed by its backend).`, 'yellow')], empty: '' });
  }
  const style = healthStyle(s.health.status);
  const rows: ListRow[] = [];
  rows.push({
    kind: 'text',
    cells: [
      { text: `${s.name}`, bold: true },
      { text: `  ${s.id}  cluster ${s.cluster} · tenant ${s.tenant} · ${s.kind} · version ${s.version ?? '-'}${s.stateful ? ' · stateful' : ''}` },
      ...(ctx.isProtected === true ? [{ text: `  ${PROTECTED_MARK} PROTECTED`, color: 'magenta' as const, bold: true }] : []),
    ],
  });
  const since = s.health.since === undefined ? '' : ` for ${formatAge(ctx.now - s.health.since)}`;
  rows.push({ kind: 'text', dim: s.health.status === 'STALE', cells: [{ text: 'Health   ' }, { text: `${style.glyph} ${s.health.status}`, color: style.color, bold: true }, { text: `${since} — ${s.health.reason}` }] });
  rows.push(text(`Tasks    ${s.healthy} healthy / ${s.running} running / ${s.desired} desired`));
  const spark = healthSparkline(ctx.history, { now: ctx.now, windowMs: 3_600_000, width: 40 });
  rows.push({ kind: 'text', cells: [{ text: 'History  ' }, { text: spark === '' ? 'no changes observed yet' : `${spark}  (last hour, █ healthy ▅ degraded ▁ unhealthy ░ stale)` }] });

  const match = (value: string): boolean => ctx.filter === undefined || ctx.filter.matches(value);
  const tasks = state.tasksOf(serviceId).filter((t) => match(`${t.nativeId} ${t.host} ${t.state} ${t.message ?? ''}`));
  tasks.sort((a, b) => Number(TERMINAL_TASK_STATES.has(a.state)) - Number(TERMINAL_TASK_STATES.has(b.state)) || (a.nativeId < b.nativeId ? -1 : 1));
  rows.push(section(`TASKS (${tasks.length})`));
  if (tasks.length === 0) rows.push(text('  none'));
  for (const task of tasks) rows.push(taskRow(task, ctx.now));

  const plans = state.plansOf(serviceId);
  rows.push(section(`PLANS (${plans.length})`));
  if (plans.length === 0) rows.push(text('  none'));
  for (const plan of plans) rows.push(...planTreeRows(plan, { now: ctx.now, indent: '  ' }));

  const events = state.recentEvents(serviceId).slice().reverse();
  rows.push(section(`RECENT EVENTS (${events.length})`));
  if (events.length === 0) rows.push(text('  none'));
  for (const e of events) {
    const color = e.severity === 'error' ? 'red' : e.severity === 'warning' ? 'yellow' : 'white';
    rows.push({ kind: 'text', cells: [{ text: `  ${fit(formatAge(ctx.now - e.at), 5, 'right')} ago  ` }, { text: fit(e.severity.toUpperCase(), 8), color }, { text: `${e.reason}: ${e.message}` }] });
  }
  return listFromRows({ title: `service ${s.name}`, columns: [{ title: '', width: 0 }], rows, empty: '' });
}
