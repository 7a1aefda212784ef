/**
 * Lifecycle actions on Compose services and standalone containers: restart,
 * stop, start each member container, and kill one container (a task).
 */
import type { ActionReceipt } from '../../core/backend/port.js';
import { opsError } from '../../core/errors.js';
import { containerFiltersOf, groupOfContainer, type GroupKey } from './container-groups.js';
import { containerName } from './container-state.js';
import type { DockerApi } from './docker-api.js';

/** A container lifecycle verb applied to a whole group. */
export type GroupVerb = 'restart' | 'stop' | 'start';

/** Applies `verb` to every container of a Compose service / standalone container. */
export async function actOnGroup(api: DockerApi, group: Exclude<GroupKey, { kind: 'swarm' }>, name: string, verb: GroupVerb, signal?: AbortSignal): Promise<ActionReceipt> {
  const listed = await api.listContainers(containerFiltersOf(group), signal);
  const containers = listed.filter((c) => groupOfContainer(c)?.nativeId === group.nativeId);
  if (containers.length === 0) {
    throw opsError('NOT_FOUND', `No container of "${name}" exists on this Engine.`, { hint: 'Check with `docker ps -a`; it may have been removed.' });
  }
  const results = await Promise.all(containers.map((c) => api.containerAction(c.Id, verb, signal === undefined ? {} : { signal })));
  const changed = results.filter((r) => !r.already).length;
  const names = containers.map(containerName).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).join(', ');
  const past = verb === 'stop' ? 'stopped' : verb === 'start' ? 'started' : 'restarted';
  if (changed === 0) return { message: `${name} already ${past} (${names})`, alreadyInEffect: true };
  return { message: `${past} ${name} (${names})` };
}

/** Kills one container with SIGKILL; its restart policy or orchestrator decides what happens next. */
export async function killContainer(api: DockerApi, containerId: string, label: string, signal?: AbortSignal): Promise<ActionReceipt> {
  try {
    await api.containerAction(containerId, 'kill', signal === undefined ? {} : { signal });
  } catch (error) {
    if ((error as { code?: string }).code === 'CONFLICT') return { message: `${label} was not running`, ref: containerId, alreadyInEffect: true };
    throw error;
  }
  return { message: `killed ${label}`, ref: containerId };
}
