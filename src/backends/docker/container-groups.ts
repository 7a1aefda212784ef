/**
 * Decides which opsdeck service a container belongs to: a Swarm service (its
 * task label), a Compose service (project + service labels) or itself. The
 * same key drives grouping in listings and targeted refreshes from events.
 */
import { LABELS, type ContainerSummary } from './docker-types.js';

/** Identity of a group of containers; `nativeId` is the opsdeck service's native id. */
export type GroupKey =
  | { kind: 'swarm'; nativeId: string; serviceId: string }
  | { kind: 'compose'; nativeId: string; project: string; service: string }
  | { kind: 'container'; nativeId: string; containerId: string };

const COMPOSE_PREFIX = 'compose:';
const CONTAINER_PREFIX = 'container:';

/** The group of a container from its labels (also works on event Actor attributes). */
export function groupOfLabels(containerId: string, labels: Record<string, string> | undefined): GroupKey | undefined {
  const swarmService = labels?.[LABELS.swarmServiceId];
  if (swarmService !== undefined) return { kind: 'swarm', nativeId: swarmService, serviceId: swarmService };
  const project = labels?.[LABELS.composeProject];
  const service = labels?.[LABELS.composeService];
  if (project !== undefined && service !== undefined) {
    if (labels?.[LABELS.composeOneoff] === 'True') return undefined;
    return { kind: 'compose', nativeId: `${COMPOSE_PREFIX}${project}/${service}`, project, service };
  }
  return { kind: 'container', nativeId: `${CONTAINER_PREFIX}${containerId}`, containerId };
}

/** The group of a listed container (`compose run` one-off containers belong to none). */
export function groupOfContainer(container: ContainerSummary): GroupKey | undefined {
  return groupOfLabels(container.Id, container.Labels);
}

/** Parses an opsdeck native service id back into its group (anything unprefixed is a Swarm service). */
export function groupOfNativeId(nativeId: string): GroupKey {
  if (nativeId.startsWith(COMPOSE_PREFIX)) {
    const rest = nativeId.slice(COMPOSE_PREFIX.length);
    const slash = rest.indexOf('/');
    return { kind: 'compose', nativeId, project: rest.slice(0, Math.max(0, slash)), service: rest.slice(slash + 1) };
  }
  if (nativeId.startsWith(CONTAINER_PREFIX)) return { kind: 'container', nativeId, containerId: nativeId.slice(CONTAINER_PREFIX.length) };
  return { kind: 'swarm', nativeId, serviceId: nativeId };
}

/** Engine list filters selecting exactly the containers of a group. */
export function containerFiltersOf(group: GroupKey): Record<string, string[]> {
  switch (group.kind) {
    case 'swarm':
      return { label: [`${LABELS.swarmServiceId}=${group.serviceId}`] };
    case 'compose':
      return { label: [`${LABELS.composeProject}=${group.project}`, `${LABELS.composeService}=${group.service}`] };
    case 'container':
      return { id: [group.containerId] };
  }
}
