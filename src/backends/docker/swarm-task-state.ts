/**
 * Maps Swarm task states onto opsdeck's task states, and says which tasks are
 * still part of a service (desired running) versus history Swarm keeps.
 */
import type { TaskState } from '../../core/model/task.js';
import type { SwarmTask } from './docker-types.js';

/** Opsdeck's state for a Swarm task (`Status.State`, with DesiredState for shutting-down tasks). */
export function swarmTaskState(task: SwarmTask): TaskState {
  const state = task.Status?.State ?? '';
  switch (state) {
    case 'new':
    case 'allocated':
    case 'pending':
    case 'assigned':
    case 'accepted':
    case 'preparing':
    case 'ready':
      return 'STAGING';
    case 'starting':
      return 'STARTING';
    case 'running':
      return task.DesiredState !== undefined && task.DesiredState !== 'running' ? 'KILLING' : 'RUNNING';
    case 'complete':
      return 'FINISHED';
    case 'shutdown':
    case 'remove':
      return 'KILLED';
    case 'failed':
    case 'rejected':
      return 'FAILED';
    case 'orphaned':
      return 'LOST';
    default:
      return 'UNKNOWN';
  }
}

const LIVE = new Set(['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running']);

/** True for tasks opsdeck shows: wanted running, or still live while being shut down. */
export function isCurrentTask(task: SwarmTask): boolean {
  return task.DesiredState === 'running' || task.DesiredState === 'ready' || LIVE.has(task.Status?.State ?? '');
}

/** Epoch ms of an RFC 3339 timestamp, undefined when absent or unparsable (Go zero time included). */
export function parseTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
