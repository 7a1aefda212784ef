/**
 * A Swarm service with its tasks (and their containers' health) as an opsdeck
 * service, tasks and update plan. Health counts only tasks that run and whose
 * container health check passes.
 */
import type { ActionKind } from '../../core/model/action.js';
import { healthFromCounts } from '../../core/model/health.js';
import type { PlanReport } from '../../core/model/plan.js';
import type { ServiceReport } from '../../core/model/service.js';
import type { TaskReport } from '../../core/model/task.js';
import { containerHealth, isContainerHealthy, taskHealthFlag } from './container-state.js';
import type { ContainerSummary, SwarmService, SwarmTask } from './docker-types.js';
import { shortImage, tenantOf, type MapContext } from './map-context.js';
import { mapUpdatePlan } from './map-update-plan.js';
import { isCurrentTask, parseTime, swarmTaskState } from './swarm-task-state.js';

/** Everything opsdeck reports for one Swarm service. */
export interface MappedService {
  service: ServiceReport;
  tasks: TaskReport[];
  plans: PlanReport[];
}

/** Maps one Swarm service; `containers` holds the task containers by container id (local node only). */
export function mapSwarmService(service: SwarmService, tasks: readonly SwarmTask[], containers: ReadonlyMap<string, ContainerSummary>, context: MapContext): MappedService {
  const current = tasks.filter(isCurrentTask);
  const containerOf = (task: SwarmTask): ContainerSummary | undefined => {
    const id = task.Status?.ContainerStatus?.ContainerID;
    return id === undefined ? undefined : containers.get(id);
  };
  const running = current.filter((t) => t.DesiredState === 'running' && t.Status?.State === 'running');
  // Swarm holds a task in `starting` until its health check first passes and fails it when the check
  // fails later, so a running task whose container is not visible here (another node) counts as healthy.
  const healthy = running.filter((t) => {
    const container = containerOf(t);
    return container === undefined || isContainerHealthy(container);
  });
  const replicated = service.Spec.Mode?.Replicated;
  const desired = replicated !== undefined ? (replicated.Replicas ?? 1) : (service.ServiceStatus?.DesiredTasks ?? current.filter((t) => t.DesiredState === 'running').length);
  const counts = healthFromCounts({ desired, running: running.length, healthy: healthy.length });
  const notes: string[] = [];
  const unhealthy = running.map(containerOf).filter((c): c is ContainerSummary => c !== undefined && containerHealth(c) === 'unhealthy');
  if (unhealthy.length > 0) notes.push(`unhealthy: ${unhealthy[0]?.healthOutput ?? 'health check failing'}`);
  const update = service.UpdateStatus;
  if (update?.State === 'paused' || update?.State === 'rollback_paused') notes.push(`${update.State.replace('_', ' ')}: ${update.Message ?? ''}`.trim());
  const plan = mapUpdatePlan(service, tasks, context);
  const actions: ActionKind[] = ['restart', 'kill-task', 'upgrade', 'config-set'];
  if (replicated !== undefined) actions.unshift('scale');
  if (service.PreviousSpec !== undefined) actions.push('rollback');
  if (update?.State === 'paused' || update?.State === 'rollback_paused') actions.push('update-resume');
  const report: ServiceReport = {
    nativeId: service.ID,
    cluster: context.cluster,
    tenant: tenantOf(service.Spec.Labels, context),
    name: service.Spec.Name ?? service.ID,
    kind: 'swarm-service',
    desired,
    running: running.length,
    healthy: Math.min(healthy.length, Math.max(running.length, desired)),
    health: { ...counts, reason: [counts.reason, ...notes].join('; ') },
    labels: { ...(service.Spec.Labels ?? {}) },
    stateful: false,
    actions,
    updatedAt: parseTime(service.UpdatedAt) ?? context.now,
  };
  const version = shortImage(service.Spec.TaskTemplate?.ContainerSpec?.Image);
  if (version !== undefined) report.version = version;
  return { service: report, tasks: current.map((t) => mapSwarmTask(t, containerOf(t), context)), plans: plan === undefined ? [] : [plan] };
}

/** One Swarm task as an opsdeck task. */
export function mapSwarmTask(task: SwarmTask, container: ContainerSummary | undefined, context: MapContext): TaskReport {
  const health = container === undefined ? undefined : taskHealthFlag(container);
  const message = container?.healthOutput !== undefined && containerHealth(container) === 'unhealthy' ? `unhealthy: ${container.healthOutput}` : (task.Status?.Err ?? task.Status?.Message);
  const startedAt = task.Status?.State === 'running' ? parseTime(task.Status.Timestamp) : undefined;
  const version = shortImage(task.Spec?.ContainerSpec?.Image);
  return {
    nativeId: task.ID,
    serviceNativeId: task.ServiceID,
    host: context.nodeNames.get(task.NodeID ?? '') ?? task.NodeID ?? '',
    state: swarmTaskState(task),
    restarts: 0,
    updatedAt: parseTime(task.UpdatedAt) ?? context.now,
    ...(health === undefined ? {} : { healthy: health }),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(message === undefined || message === '' ? {} : { message }),
    ...(version === undefined ? {} : { version }),
  };
}
