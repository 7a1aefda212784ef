/**
 * Picks the Engine events an on-call engineer wants in a service's "recent
 * events" (a crash exit, an OOM kill, a failing health check, an update
 * pausing or rolling back) and words them; the rest only trigger re-reads.
 */
import type { ServiceEventReport } from '../../core/model/backend-event.js';
import type { GroupKey } from './container-groups.js';
import type { EngineEvent } from './docker-types.js';

/** The service event an Engine event amounts to, if it is worth showing. */
export function notableEvent(event: EngineEvent, group: GroupKey, fallbackAt: number): ServiceEventReport | undefined {
  const at = event.timeNano !== undefined ? Math.floor(event.timeNano / 1e6) : event.time !== undefined ? event.time * 1000 : fallbackAt;
  const attributes = event.Actor?.Attributes ?? {};
  const action = event.Action ?? '';
  const base = { serviceNativeId: group.nativeId, at };
  if (event.Type === 'container') {
    const name = attributes.name ?? (event.Actor?.ID ?? '').slice(0, 12);
    if (action === 'oom') return { ...base, severity: 'error', reason: 'oom-killed', message: `container ${name} ran out of memory and was killed` };
    if (action === 'die' && attributes.exitCode !== undefined && attributes.exitCode !== '0') {
      return { ...base, severity: 'warning', reason: 'exited', message: `container ${name} exited with code ${attributes.exitCode}` };
    }
    if (action === 'health_status: unhealthy') return { ...base, severity: 'warning', reason: 'unhealthy', message: `container ${name} failed its health check` };
    if (action === 'health_status: healthy') return { ...base, severity: 'info', reason: 'healthy', message: `container ${name} passes its health check` };
    return undefined;
  }
  if (event.Type === 'service' && action === 'update') {
    const state = attributes['updatestate.new'];
    const name = attributes.name ?? group.nativeId;
    switch (state) {
      case 'updating':
        return { ...base, severity: 'info', reason: 'update-started', message: `update of ${name} started` };
      case 'paused':
        return { ...base, severity: 'error', reason: 'update-paused', message: `update of ${name} paused` };
      case 'completed':
        return { ...base, severity: 'info', reason: 'update-completed', message: `update of ${name} completed` };
      case 'rollback_started':
        return { ...base, severity: 'warning', reason: 'rollback-started', message: `rollback of ${name} started` };
      case 'rollback_paused':
        return { ...base, severity: 'error', reason: 'rollback-paused', message: `rollback of ${name} paused` };
      case 'rollback_completed':
        return { ...base, severity: 'info', reason: 'rollback-completed', message: `rollback of ${name} completed` };
      default:
        break;
    }
    const replicasOld = attributes['replicas.old'];
    const replicasNew = attributes['replicas.new'];
    if (replicasOld !== undefined && replicasNew !== undefined && replicasOld !== replicasNew) {
      return { ...base, severity: 'info', reason: 'scaled', message: `${name} scaled from ${replicasOld} to ${replicasNew}` };
    }
  }
  return undefined;
}
