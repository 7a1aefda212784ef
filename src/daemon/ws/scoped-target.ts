/**
 * Pins a remote command's target to an exact global id among the services
 * the caller's scope may see, before the engine is asked: a service of
 * another tenant gives the very same NOT_FOUND as a service that does not
 * exist, and a name can never resolve to something outside the scope.
 */
import { opsError } from '../../core/errors.js';
import type { Service } from '../../core/model/service.js';
import type { Task } from '../../core/model/task.js';
import type { ClusterStateView } from '../../core/state/cluster-state.js';
import { scopeSees, type RemoteCommandKind, type TenantScope } from '../ports.js';
import { visibleServices } from './tenant-snapshot.js';

function notFound(what: 'Service' | 'Task', ref: string): never {
  throw opsError('NOT_FOUND', `${what} "${ref}" was not found.`, {
    hint: what === 'Task' ? 'Check the task id; the snapshot lists the tasks you can see.' : 'Check the name or id; the snapshot lists the services you can see.',
  });
}

function ambiguous(what: string, ref: string, ids: string[]): never {
  const candidates = [...ids].sort();
  throw opsError('AMBIGUOUS', `"${ref}" matches ${candidates.length} ${what}: ${candidates.join(', ')}.`, {
    hint: 'Use the full id (backend/name) of the one you mean.',
    details: { candidates },
  });
}

/** The visible service `ref` names (exact id or unique name). */
export function scopedService(state: ClusterStateView, scope: TenantScope, ref: string): Service {
  const exact = state.service(ref);
  if (exact !== undefined) {
    if (scopeSees(scope, exact.tenant)) return exact;
    notFound('Service', ref);
  }
  const named = state.servicesNamed(ref).filter((s) => scopeSees(scope, s.tenant));
  if (named.length === 0) notFound('Service', ref);
  if (named.length > 1) ambiguous('services', ref, named.map((s) => s.id));
  return named[0] as Service;
}

/** The visible task `ref` names (exact global id, or native id unique among visible services). */
export function scopedTask(state: ClusterStateView, scope: TenantScope, ref: string): Task {
  const visible = (task: Task): boolean => {
    const owner = state.service(task.service);
    return owner !== undefined && scopeSees(scope, owner.tenant);
  };
  const exact = state.task(ref);
  if (exact !== undefined) {
    if (visible(exact)) return exact;
    notFound('Task', ref);
  }
  const matches = visibleServices(state, scope).flatMap((s) => state.tasksOf(s.id).filter((t) => t.nativeId === ref));
  if (matches.length === 0) notFound('Task', ref);
  if (matches.length > 1) ambiguous('tasks', ref, matches.map((t) => t.id));
  return matches[0] as Task;
}

/** The exact global id to hand the engine for `kind` + `ref`, resolved within the scope. */
export function pinTarget(state: ClusterStateView, scope: TenantScope, kind: RemoteCommandKind, ref: string): string {
  return kind === 'kill-task' ? scopedTask(state, scope, ref).id : scopedService(state, scope, ref).id;
}
