/**
 * Hosts with capacity: Swarm nodes (total from the node description,
 * allocated from running tasks' reservations) or, outside a swarm, the local
 * Engine itself from `/info`.
 */
import type { HostReport } from '../../core/model/resources.js';
import type { EngineInfo, SwarmNode, SwarmTask } from './docker-types.js';

const MB = 1024 * 1024;

/** Swarm nodes as hosts; `tasks` are all current tasks (for reservations). */
export function mapSwarmNodes(nodes: readonly SwarmNode[], tasks: readonly SwarmTask[], now: number): HostReport[] {
  return nodes.map((node) => {
    const onNode = tasks.filter((t) => t.NodeID === node.ID && t.DesiredState === 'running' && t.Status?.State === 'running');
    const reserved = onNode.reduce(
      (sum, t) => ({
        cpus: sum.cpus + (t.Spec?.Resources?.Reservations?.NanoCPUs ?? 0) / 1e9,
        memMb: sum.memMb + (t.Spec?.Resources?.Reservations?.MemoryBytes ?? 0) / MB,
      }),
      { cpus: 0, memMb: 0 },
    );
    return {
      nativeId: node.ID,
      hostname: node.Description?.Hostname ?? node.ID,
      active: node.Status?.State === 'ready' && (node.Spec?.Availability ?? 'active') === 'active',
      total: { cpus: (node.Description?.Resources?.NanoCPUs ?? 0) / 1e9, memMb: Math.round((node.Description?.Resources?.MemoryBytes ?? 0) / MB), diskMb: 0 },
      allocated: { cpus: reserved.cpus, memMb: Math.round(reserved.memMb), diskMb: 0 },
      updatedAt: now,
    };
  });
}

/** The local Engine as the one host when it is not a Swarm manager (nothing is reserved outside Swarm). */
export function mapEngineHost(info: EngineInfo, now: number): HostReport {
  return {
    nativeId: info.ID ?? info.Name ?? 'engine',
    hostname: info.Name ?? 'docker',
    active: true,
    total: { cpus: info.NCPU ?? 0, memMb: Math.round((info.MemTotal ?? 0) / MB), diskMb: 0 },
    allocated: { cpus: 0, memMb: 0, diskMb: 0 },
    updatedAt: now,
  };
}
