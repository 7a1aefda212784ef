/**
 * A Compose service (containers sharing project + service labels) or a
 * standalone container as an opsdeck service with one task per container.
 * Health comes from container state and health checks, with the health log's
 * last output as the reason when a check fails.
 */
import type { ActionKind } from '../../core/model/action.js';
import { healthFromCounts } from '../../core/model/health.js';
import type { TaskReport } from '../../core/model/task.js';
import { containerHealth, containerName, containerTaskState, isContainerHealthy, taskHealthFlag } from './container-state.js';
import type { GroupKey } from './container-groups.js';
import { LABELS, type ContainerSummary } from './docker-types.js';
import { tenantOf, type MapContext } from './map-context.js';
import type { MappedService } from './map-swarm-service.js';

const CONTAINER_ACTIONS: ActionKind[] = ['restart', 'stop', 'start', 'kill-task'];

/** Maps a Compose service or standalone container group (non-empty) to an opsdeck service. */
export function mapContainerService(group: Exclude<GroupKey, { kind: 'swarm' }>, containers: readonly ContainerSummary[], context: MapContext): MappedService {
  const sorted = [...containers].sort((a, b) => containerName(a).localeCompare(containerName(b), undefined, { numeric: true }));
  const first = sorted[0];
  const running = sorted.filter((c) => c.State === 'running');
  const healthy = running.filter(isContainerHealthy);
  const counts = healthFromCounts({ desired: sorted.length, running: running.length, healthy: healthy.length });
  const notes = sorted.flatMap((c) => {
    if (containerHealth(c) === 'unhealthy') return [`${containerName(c)} unhealthy: ${c.healthOutput ?? 'health check failing'}`];
    if (c.State !== 'running') return [`${containerName(c)} ${(c.Status ?? c.State ?? 'not running').toLowerCase()}`];
    return [];
  });
  const labels = { ...(first?.Labels ?? {}) };
  for (const key of [LABELS.composeOneoff, 'com.docker.compose.container-number', 'com.docker.compose.config-hash']) delete labels[key];
  const name = group.kind === 'compose' ? `${group.project}-${group.service}` : first === undefined ? group.containerId.slice(0, 12) : containerName(first);
  const image = first?.Image;
  return {
    service: {
      nativeId: group.nativeId,
      cluster: context.cluster,
      tenant: tenantOf(first?.Labels, context),
      name,
      kind: group.kind === 'compose' ? 'compose-service' : 'container',
      desired: sorted.length,
      running: running.length,
      healthy: healthy.length,
      health: { ...counts, reason: [counts.reason, ...notes.slice(0, 3)].join('; ') },
      labels,
      stateful: false,
      actions: [...CONTAINER_ACTIONS],
      updatedAt: Math.max(0, ...sorted.map((c) => (c.Created ?? 0) * 1000)) || context.now,
      ...(image === undefined ? {} : { version: image }),
    },
    tasks: sorted.map((c) => mapContainerTask(group.nativeId, c, context)),
    plans: [],
  };
}

/** One container as an opsdeck task. */
export function mapContainerTask(serviceNativeId: string, container: ContainerSummary, context: MapContext): TaskReport {
  const healthy = taskHealthFlag(container);
  const message = containerHealth(container) === 'unhealthy' ? `unhealthy: ${container.healthOutput ?? 'health check failing'}` : container.Status;
  return {
    nativeId: container.Id,
    serviceNativeId,
    host: context.localHostname,
    state: containerTaskState(container),
    restarts: container.restartCount ?? 0,
    updatedAt: context.now,
    ...(container.Created === undefined ? {} : { startedAt: container.Created * 1000 }),
    ...(healthy === undefined ? {} : { healthy }),
    ...(message === undefined ? {} : { message }),
    ...(container.Image === undefined ? {} : { version: container.Image }),
  };
}
