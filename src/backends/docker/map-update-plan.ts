/**
 * A Swarm service update or rollback as an opsdeck plan: one step per slot
 * (or node, for global services) being replaced, statuses from the tasks and
 * from `UpdateStatus` (updating, paused, completed, rollback_*).
 */
import { rollUpPlan, type PlanReport, type PlanStatus, type Step } from '../../core/model/plan.js';
import type { SwarmService, SwarmTask, SwarmTaskTemplate } from './docker-types.js';
import { shortImage, type MapContext } from './map-context.js';
import { isCurrentTask, parseTime } from './swarm-task-state.js';
import { CANARY_LABEL } from './swarm-spec-change.js';

/** Plan names this backend reports for a service. */
export type SwarmPlanName = 'update' | 'rollback';

/** The plan name an update state belongs to. */
export function planNameFor(state: string): SwarmPlanName {
  return state.startsWith('rollback') ? 'rollback' : 'update';
}

/** The update/rollback plan of a service, or undefined when Swarm reports no update. */
export function mapUpdatePlan(service: SwarmService, tasks: readonly SwarmTask[], context: MapContext): PlanReport | undefined {
  const update = service.UpdateStatus;
  const state = update?.State;
  if (update === undefined || state === undefined) return undefined;
  const target = service.Spec.TaskTemplate ?? {};
  const done = state === 'completed' || state === 'rollback_completed';
  const paused = state === 'paused' || state === 'rollback_paused';
  const bySlot = groupBySlot(tasks);
  const steps: Step[] = [...bySlot.entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([slot, slotTasks]) => stepFor(service, slot, slotTasks, target, { done, context }));
  // Swarm keeps monitoring the last replaced tasks before it calls the update complete: show that as STARTED.
  if (!done && !paused && steps.length > 0 && steps.every((s) => s.status === 'COMPLETE')) {
    const last = steps.reduce((a, b) => ((b.finishedAt ?? 0) >= (a.finishedAt ?? 0) ? b : a));
    last.status = 'STARTED';
    last.message = `${last.message}; Swarm monitors it before completing the ${planNameFor(state)}`;
  }
  // A canary (opsdeck label) holds the update after its first task until `continue`: the plan waits.
  const canaryWaiting = !done && !paused && service.Spec.Labels?.[CANARY_LABEL] === 'waiting' && steps.some((s) => s.status === 'COMPLETE');
  const parallel = (service.Spec.UpdateConfig?.Parallelism ?? 1) !== 1;
  const errors = paused ? [update.Message ?? `${planNameFor(state)} paused`] : [];
  const updatedAt = parseTime(update.CompletedAt) ?? parseTime(update.StartedAt) ?? parseTime(service.UpdatedAt) ?? context.now;
  return rollUpPlan({
    serviceNativeId: service.ID,
    name: planNameFor(state),
    strategy: parallel ? 'parallel' : 'serial',
    status: 'PENDING',
    errors,
    interrupted: paused || canaryWaiting,
    updatedAt,
    phases: [{ id: 'tasks', name: state === 'rollback_started' || state === 'rollback_paused' || state === 'rollback_completed' ? 'roll back tasks' : 'replace tasks', strategy: parallel ? 'parallel' : 'serial', status: 'PENDING', steps }],
  });
}

function groupBySlot(tasks: readonly SwarmTask[]): Map<string, SwarmTask[]> {
  const groups = new Map<string, SwarmTask[]>();
  for (const task of tasks) {
    const slot = task.Slot !== undefined && task.Slot > 0 ? String(task.Slot) : (task.NodeID ?? task.ID);
    const list = groups.get(slot) ?? [];
    list.push(task);
    groups.set(slot, list);
  }
  // Slots with no current task (scaled away) are not part of the update.
  for (const [slot, list] of groups) if (!list.some(isCurrentTask)) groups.delete(slot);
  return groups;
}

function stepFor(service: SwarmService, slot: string, tasks: SwarmTask[], target: SwarmTaskTemplate, options: { done: boolean; context: MapContext }): Step {
  const name = `${service.Spec.Name ?? service.ID}.${slot}`;
  const newest = [...tasks].sort((a, b) => (b.Version?.Index ?? 0) - (a.Version?.Index ?? 0))[0];
  const current = tasks.filter((t) => t.DesiredState === 'running' || t.DesiredState === 'ready');
  const onTarget = current.filter((t) => matchesTemplate(t.Spec, target));
  const image = shortImage(target.ContainerSpec?.Image) ?? 'the new spec';
  const shown = current[0] ?? newest;
  const base = { id: slot, name, ...(shown === undefined ? {} : { task: `${options.context.backendId}/${shown.ID}` }) };
  const startedAt = parseTime(newest?.CreatedAt);
  const timing = startedAt === undefined ? {} : { startedAt };
  if (options.done) return { ...base, ...timing, status: 'COMPLETE', message: `${name} runs ${image}` };
  const running = onTarget.find((t) => t.Status?.State === 'running');
  if (running !== undefined) {
    const finishedAt = parseTime(running.Status?.Timestamp);
    return { ...base, ...timing, ...(finishedAt === undefined ? {} : { finishedAt }), status: 'COMPLETE', message: `${name} runs ${image}` };
  }
  const failed = tasks.filter((t) => matchesTemplate(t.Spec, target) && (t.Status?.State === 'failed' || t.Status?.State === 'rejected'));
  const starting = onTarget[0];
  if (starting !== undefined) {
    const status: PlanStatus = starting.Status?.State === 'starting' ? 'STARTED' : 'STARTING';
    return { ...base, ...timing, status, message: `${name}: ${starting.Status?.State ?? 'pending'} ${image}${failed.length > 0 ? ` (${failed.length} failed before)` : ''}` };
  }
  if (failed.length > 0) {
    const last = failed.sort((a, b) => (b.Version?.Index ?? 0) - (a.Version?.Index ?? 0))[0];
    return { ...base, ...timing, status: 'ERROR', message: `${name}: ${last?.Status?.Err ?? last?.Status?.Message ?? 'task failed'}` };
  }
  return { ...base, status: 'PENDING', message: `${name} waits to be replaced with ${image}` };
}

/** True when a task was created from this task template (compared on what an update can change). */
export function matchesTemplate(spec: SwarmTaskTemplate | undefined, target: SwarmTaskTemplate): boolean {
  if (spec === undefined) return false;
  return canonical(stripDigest(spec.ContainerSpec)) === canonical(stripDigest(target.ContainerSpec)) && (spec.ForceUpdate ?? 0) === (target.ForceUpdate ?? 0) && canonical(spec.Resources) === canonical(target.Resources);
}

function stripDigest(spec: SwarmTaskTemplate['ContainerSpec']): unknown {
  if (spec === undefined) return undefined;
  return { ...spec, Image: shortImage(spec.Image) };
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  ) ?? '';
}
