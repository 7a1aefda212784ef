/**
 * Finds one service by exact id or unique name for read commands; an unknown
 * or ambiguous name is a clear error that lists the candidates.
 */
import { opsError } from '../core/errors.js';
import type { Service } from '../core/model/service.js';
import type { ClusterStateView } from '../core/state/cluster-state.js';

/** Returns the service `ref` names (id, or unique name), or throws NOT_FOUND / AMBIGUOUS. */
export function findService(state: ClusterStateView, ref: string): Service {
  const byId = state.service(ref);
  if (byId !== undefined) return byId;
  const named = state.servicesNamed(ref);
  const candidates = named.length > 0 ? named : [...state.services()].filter((s) => s.name.endsWith(`/${ref.replace(/^\//, '')}`));
  if (candidates.length === 1 && candidates[0] !== undefined) return candidates[0];
  if (candidates.length > 1) {
    throw opsError('AMBIGUOUS', `"${ref}" matches ${candidates.length} services: ${candidates.map((s) => s.id).join(', ')}.`, {
      hint: 'Use the full id shown above.',
      details: { candidates: candidates.map((s) => s.id) },
    });
  }
  throw opsError('NOT_FOUND', `No service named "${ref}".`, { hint: 'Run `opsdeck services` to list the services you can see.' });
}
