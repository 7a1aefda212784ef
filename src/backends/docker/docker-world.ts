/**
 * The backend's raw picture of one Engine (Swarm services, tasks, nodes,
 * containers), loaded whole by a full reconcile or patched one group at a
 * time by targeted re-inspects, and projected into opsdeck reports.
 */
import type { BackendSnapshot } from '../../core/model/backend-event.js';
import type { HostReport } from '../../core/model/resources.js';
import { lastHealthOutput } from './container-state.js';
import { containerFiltersOf, groupOfContainer, type GroupKey } from './container-groups.js';
import type { DockerApi } from './docker-api.js';
import type { ContainerSummary, EngineInfo, SwarmNode, SwarmService, SwarmTask } from './docker-types.js';
import type { MapContext } from './map-context.js';
import { mapContainerService } from './map-container-service.js';
import { mapEngineHost, mapSwarmNodes } from './map-hosts.js';
import { mapSwarmService, type MappedService } from './map-swarm-service.js';
import { isCurrentTask } from './swarm-task-state.js';

/** Static mapping inputs of a world (the rest comes from the Engine). */
export interface WorldOptions {
  backendId: string;
  cluster: string;
  tenantLabel: string;
  defaultTenant: string;
}

/** Raw Engine state plus projections; one per watch session. */
export class DockerWorld {
  private info: EngineInfo = {};
  private swarmManager = false;
  private readonly services = new Map<string, SwarmService>();
  private readonly tasksByService = new Map<string, SwarmTask[]>();
  private nodes: SwarmNode[] = [];
  private readonly containers = new Map<string, ContainerSummary>();

  constructor(
    private readonly api: DockerApi,
    private readonly options: WorldOptions,
  ) {}

  /** Full reconcile through the list endpoints. */
  async loadAll(signal: AbortSignal): Promise<void> {
    const info = await this.api.info(signal);
    const manager = info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true;
    const [services, tasks, nodes, containers] = await Promise.all([
      manager ? this.api.listServices(undefined, signal) : Promise.resolve([]),
      manager ? this.api.listTasks(undefined, signal) : Promise.resolve([]),
      manager ? this.api.listNodes(signal) : Promise.resolve([]),
      this.api.listContainers(undefined, signal),
    ]);
    await this.enrich(containers, signal);
    this.info = info;
    this.swarmManager = manager;
    this.services.clear();
    for (const service of services) this.services.set(service.ID, service);
    this.tasksByService.clear();
    for (const task of tasks) {
      const list = this.tasksByService.get(task.ServiceID) ?? [];
      list.push(task);
      this.tasksByService.set(task.ServiceID, list);
    }
    this.nodes = nodes;
    this.containers.clear();
    for (const container of containers) this.containers.set(container.Id, container);
  }

  /** Re-reads one group (a Swarm service, Compose service or container) and its containers. */
  async refreshGroup(group: GroupKey, signal: AbortSignal): Promise<void> {
    const containers = await this.api.listContainers(containerFiltersOf(group), signal);
    await this.enrich(containers, signal);
    if (group.kind === 'swarm' && this.swarmManager) {
      const service = await this.api.inspectService(group.serviceId, signal).catch((error: unknown) => {
        if ((error as { code?: string }).code === 'NOT_FOUND') return undefined;
        throw error;
      });
      const tasks = service === undefined ? [] : await this.api.listTasks({ service: [group.serviceId] }, signal);
      if (service === undefined) this.services.delete(group.serviceId);
      else this.services.set(service.ID, service);
      this.tasksByService.set(group.serviceId, tasks.filter((t) => t.ServiceID === group.serviceId));
    }
    for (const [id, container] of this.containers) {
      if (groupOfContainer(container)?.nativeId === group.nativeId) this.containers.delete(id);
    }
    for (const container of containers) this.containers.set(container.Id, container);
  }

  /** Re-reads Swarm nodes (after node events). */
  async refreshNodes(signal: AbortSignal): Promise<void> {
    if (this.swarmManager) this.nodes = await this.api.listNodes(signal);
  }

  /** Every group currently known. */
  groups(): GroupKey[] {
    const keys = new Map<string, GroupKey>();
    for (const id of this.services.keys()) keys.set(id, { kind: 'swarm', nativeId: id, serviceId: id });
    for (const container of this.containers.values()) {
      const group = groupOfContainer(container);
      if (group !== undefined && group.kind !== 'swarm') keys.set(group.nativeId, group);
    }
    return [...keys.values()];
  }

  /** The reports of one group, or undefined when it no longer exists. */
  project(group: GroupKey, now: number): MappedService | undefined {
    const context = this.context(now);
    if (group.kind === 'swarm') {
      const service = this.services.get(group.serviceId);
      if (service === undefined) return undefined;
      return mapSwarmService(service, this.tasksByService.get(service.ID) ?? [], this.containers, context);
    }
    const members = [...this.containers.values()].filter((c) => groupOfContainer(c)?.nativeId === group.nativeId);
    return members.length === 0 ? undefined : mapContainerService(group, members, context);
  }

  /** Hosts: Swarm nodes on a manager, else the Engine itself. */
  hosts(now: number): HostReport[] {
    if (!this.swarmManager) return [mapEngineHost(this.info, now)];
    const tasks = [...this.tasksByService.values()].flat().filter(isCurrentTask);
    return mapSwarmNodes(this.nodes, tasks, now);
  }

  /** True when a Swarm group has converged (no event would tell us when pending tasks move on). */
  settled(group: GroupKey): boolean {
    if (group.kind !== 'swarm') return true;
    const service = this.services.get(group.serviceId);
    if (service === undefined) return true;
    const state = service.UpdateStatus?.State;
    if (state === 'updating' || state === 'rollback_started') return false;
    const tasks = (this.tasksByService.get(group.serviceId) ?? []).filter(isCurrentTask);
    const replicas = service.Spec.Mode?.Replicated?.Replicas;
    const running = tasks.filter((t) => t.DesiredState === 'running' && t.Status?.State === 'running').length;
    if (replicas !== undefined && running !== replicas) return false;
    return tasks.every((t) => t.Status?.State === 'running' && t.DesiredState === 'running');
  }

  /** The whole state as one snapshot. */
  snapshot(now: number): BackendSnapshot {
    const snapshot: BackendSnapshot = { services: [], tasks: [], plans: [], hosts: this.hosts(now) };
    for (const group of this.groups()) {
      const mapped = this.project(group, now);
      if (mapped === undefined) continue;
      snapshot.services.push(mapped.service);
      snapshot.tasks.push(...mapped.tasks);
      snapshot.plans.push(...mapped.plans);
    }
    return snapshot;
  }

  /** How many containers the last listing held (for benches and logs). */
  get containerCount(): number {
    return this.containers.size;
  }

  private context(now: number): MapContext {
    const nodeNames = new Map(this.nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
    return { ...this.options, nodeNames, localHostname: this.info.Name ?? 'docker', now };
  }

  /** Inspects only unhealthy containers, for the health log's last output and restart count. */
  private async enrich(containers: ContainerSummary[], signal: AbortSignal): Promise<void> {
    const unhealthy = containers.filter((c) => (c.Status ?? '').includes('(unhealthy)'));
    for (let i = 0; i < unhealthy.length; i += 8) {
      await Promise.all(
        unhealthy.slice(i, i + 8).map(async (container) => {
          const detail = await this.api.inspectContainer(container.Id, signal).catch(() => undefined);
          const log = detail?.State?.Health?.Log;
          const code = log?.at(-1)?.ExitCode;
          const output = lastHealthOutput(log) ?? (code === undefined ? undefined : `health check exited with code ${code}`);
          if (output !== undefined) container.healthOutput = output;
          if (detail?.RestartCount !== undefined) container.restartCount = detail.RestartCount;
        }),
      );
    }
  }
}
