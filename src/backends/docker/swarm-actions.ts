/**
 * Swarm service actions through `POST /services/{id}/update`: scale, forced
 * rolling restart, rollback to PreviousSpec and resuming a paused update.
 * Each re-reads the service for its current version and retries once when
 * Swarm reports the update out of sequence.
 */
import type { ActionReceipt } from '../../core/backend/port.js';
import { isOpsdeckError, opsError } from '../../core/errors.js';
import type { DockerApi } from './docker-api.js';
import type { SwarmService, SwarmServiceSpec } from './docker-types.js';

/** What one edit of a service spec decided. */
export type Edit = { spec: SwarmServiceSpec; rollback?: boolean; message: string } | { already: string };

/** Reads the service (NOT_FOUND names it), applies `edit` to its spec and sends the update. */
export async function updateSwarmService(api: DockerApi, serviceRef: { nativeId: string; name: string }, edit: (service: SwarmService) => Edit, signal?: AbortSignal): Promise<ActionReceipt> {
  for (let attempt = 0; ; attempt++) {
    const service = await inspect(api, serviceRef, signal);
    const decision = edit(service);
    if ('already' in decision) return { message: decision.already, ref: service.ID, alreadyInEffect: true };
    try {
      await api.updateService(service.ID, decision.spec, { version: service.Version?.Index ?? 0, ...(decision.rollback ? { rollback: true } : {}), ...(signal === undefined ? {} : { signal }) });
      return { message: decision.message, ref: service.ID };
    } catch (error) {
      if (attempt === 0 && isOpsdeckError(error) && /out of sequence/i.test(error.message)) continue;
      throw error;
    }
  }
}

async function inspect(api: DockerApi, ref: { nativeId: string; name: string }, signal?: AbortSignal): Promise<SwarmService> {
  try {
    return await api.inspectService(ref.nativeId, signal);
  } catch (error) {
    if (isOpsdeckError(error) && error.code === 'NOT_FOUND') {
      throw opsError('NOT_FOUND', `No Swarm service "${ref.name}" on this Engine.`, {
        hint: 'Check the name with `docker service ls` (or `opsdeck ls`); it may have been removed.',
        cause: error,
      });
    }
    throw error;
  }
}

/** Edit: set the replica count of a replicated service. */
export function scaleEdit(replicas: number) {
  return (service: SwarmService): Edit => {
    const name = service.Spec.Name ?? service.ID;
    const replicated = service.Spec.Mode?.Replicated;
    if (replicated === undefined) {
      throw opsError('UNSUPPORTED', `Swarm service "${name}" is global (one task per node) and cannot be scaled.`, { hint: 'Change node availability or constraints instead.' });
    }
    const from = replicated.Replicas ?? 1;
    if (from === replicas) return { already: `${name} already has ${replicas} replicas` };
    return { spec: { ...service.Spec, Mode: { ...service.Spec.Mode, Replicated: { ...replicated, Replicas: replicas } } }, message: `scaled ${name} from ${from} to ${replicas}` };
  };
}

/** Edit: bump TaskTemplate.ForceUpdate so Swarm replaces every task in a rolling fashion. */
export function forceRestartEdit(service: SwarmService): Edit {
  const template = service.Spec.TaskTemplate ?? {};
  const force = (template.ForceUpdate ?? 0) + 1;
  return { spec: { ...service.Spec, TaskTemplate: { ...template, ForceUpdate: force } }, message: `rolling restart of ${service.Spec.Name ?? service.ID} started (ForceUpdate ${force})` };
}

/** Edit: restore PreviousSpec (`rollback=previous`; the body is ignored by Swarm). */
export function rollbackEdit(service: SwarmService): Edit {
  const name = service.Spec.Name ?? service.ID;
  if (service.PreviousSpec === undefined) {
    throw opsError('CONFLICT', `Swarm service "${name}" has no previous spec to roll back to.`, { hint: 'Rollback needs at least one earlier update of the service.' });
  }
  const image = service.PreviousSpec.TaskTemplate?.ContainerSpec?.Image;
  return { spec: service.Spec, rollback: true, message: `rolling back ${name}${image === undefined ? '' : ` to ${image.replace(/@sha256:.*/, '')}`}` };
}

/** Edit: re-send the current spec, which makes Swarm resume a paused update or rollback. */
export function resumeEdit(service: SwarmService): Edit {
  const name = service.Spec.Name ?? service.ID;
  const state = service.UpdateStatus?.State;
  if (state !== 'paused' && state !== 'rollback_paused') {
    throw opsError('CONFLICT', `Swarm service "${name}" has no paused update (state: ${state ?? 'none'}).`, { hint: 'Resume applies only when `docker service ps` shows the update paused.' });
  }
  return { spec: service.Spec, message: `resumed the ${state === 'paused' ? 'update' : 'rollback'} of ${name}` };
}
