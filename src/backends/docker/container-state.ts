/**
 * Reads a container's run state and health-check verdict from the list
 * summary (state plus the human Status text), so a full listing needs no
 * per-container inspect; only unhealthy ones are inspected for their log.
 */
import type { TaskState } from '../../core/model/task.js';
import type { ContainerSummary } from './docker-types.js';

/** Health-check verdict of a container: undefined when it has no health check. */
export type ContainerHealth = 'healthy' | 'unhealthy' | 'starting' | undefined;

/** The health verdict encoded in a summary's Status text ("Up 2 minutes (healthy)"). */
export function containerHealth(summary: Pick<ContainerSummary, 'Status'>): ContainerHealth {
  const status = summary.Status ?? '';
  if (status.includes('(healthy)')) return 'healthy';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(health: starting)')) return 'starting';
  return undefined;
}

/** Opsdeck's task state for a container state (lowercase per the daemon). */
export function containerTaskState(summary: Pick<ContainerSummary, 'State' | 'Status'>): TaskState {
  switch (summary.State) {
    case 'created':
      return 'STAGING';
    case 'running':
    case 'paused':
      return 'RUNNING';
    case 'restarting':
      return 'STARTING';
    case 'removing':
      return 'KILLING';
    case 'exited':
      return /^Exited \(0\)/.test(summary.Status ?? '') ? 'FINISHED' : 'FAILED';
    case 'dead':
      return 'FAILED';
    default:
      return 'UNKNOWN';
  }
}

/** True when the container runs and its health check (if any) passes. */
export function isContainerHealthy(summary: ContainerSummary): boolean {
  return summary.State === 'running' && containerHealth(summary) !== 'unhealthy' && containerHealth(summary) !== 'starting';
}

/** The `healthy` field of a task: undefined without a health check. */
export function taskHealthFlag(summary: ContainerSummary): boolean | undefined {
  const health = containerHealth(summary);
  return health === undefined ? undefined : health === 'healthy';
}

/** A container's display name (first name without the leading slash). */
export function containerName(summary: ContainerSummary): string {
  return (summary.Names?.[0] ?? summary.Id.slice(0, 12)).replace(/^\//, '');
}

/** Last health-check output, trimmed to one readable line. */
export function lastHealthOutput(log: { Output?: string }[] | undefined): string | undefined {
  const last = log?.at(-1)?.Output?.trim();
  if (last === undefined || last.length === 0) return undefined;
  const oneLine = last.replace(/\s+/g, ' ');
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}
