/**
 * The store folds every backend's events into one ClusterState, keeps indexes
 * for lookups, publishes coalesced diffs, and marks a silent backend's
 * services STALE (last values kept) instead of healthy or down.
 */
import type { Clock } from '../clock.js';
import { opsError } from '../errors.js';
import type { BackendKind } from '../backend/port.js';
import type { BackendEvent, BackendSnapshot, ServiceEventReport } from '../model/backend-event.js';
import { planId, type Plan, type PlanReport } from '../model/plan.js';
import type { Host, HostReport } from '../model/resources.js';
import { serviceId, type Service, type ServiceReport } from '../model/service.js';
import { taskId, type Task, type TaskReport } from '../model/task.js';
import type { BackendStatus, ClusterStateView, ServiceEvent, StateDiff } from './cluster-state.js';
import { DiffCollector } from './diff-collector.js';
import { effectiveHealth } from './effective-health.js';
import { MultiIndex, pick } from './multi-index.js';

/** Receives each coalesced diff; the state view is already updated when it is called. */
export type StateListener = (diff: StateDiff, state: ClusterStateView) => void;

/** How the store schedules publication of diffs. */
export interface StoreOptions {
  clock: Clock;
  /**
   * 'burst' publishes once the current burst of events has been applied (after
   * pending promise continuations, so events a backend emitted together, even
   * when consumed one by one through an async iterator, land in one diff);
   * 'manual' only on flush().
   */
  publish?: 'burst' | 'manual';
  /** Recent events kept per service. */
  eventsPerService?: number;
  /** Tenant given to services whose backend reports none. */
  defaultTenant?: string;
}

/** Facts needed to register a backend with the store. */
export interface BackendRegistration {
  id: string;
  kind: BackendKind;
  cluster: string;
  freshnessBoundMs: number;
}

/** The single writer of cluster state. */
export class StateStore implements ClusterStateView {
  private readonly clock: Clock;
  private readonly eventsPerService: number;
  private readonly defaultTenant: string;
  private readonly servicesById = new Map<string, Service>();
  private readonly tasksById = new Map<string, Task>();
  private readonly plansById = new Map<string, Plan>();
  private readonly hostsById = new Map<string, Host>();
  private readonly backendsById = new Map<string, BackendStatus>();
  private readonly eventsByService = new Map<string, ServiceEvent[]>();
  private readonly byName = new MultiIndex();
  private readonly byTenant = new MultiIndex();
  private readonly byBackend = new MultiIndex();
  private readonly tasksByService = new MultiIndex();
  private readonly plansByService = new MultiIndex();
  private readonly diff = new DiffCollector();
  private readonly listeners = new Set<StateListener>();
  private readonly publishMode: 'burst' | 'manual';
  private flushScheduled = false;
  private currentVersion = 0;

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.publishMode = options.publish ?? 'burst';
    this.eventsPerService = options.eventsPerService ?? 20;
    this.defaultTenant = options.defaultTenant ?? 'default';
  }

  get version(): number {
    return this.currentVersion;
  }

  /** Declares a backend before its events arrive, so it shows as "connecting" rather than absent. */
  registerBackend(registration: BackendRegistration): void {
    if (this.backendsById.has(registration.id)) {
      throw opsError('CONFIG_INVALID', `Backend id "${registration.id}" is used twice.`, {
        hint: 'Give every backend in the config a unique id.',
      });
    }
    // Only the identity fields: a backend object passed here must never leak its config or secrets into status.
    this.backendsById.set(registration.id, {
      id: registration.id,
      kind: registration.kind,
      cluster: registration.cluster,
      freshnessBoundMs: registration.freshnessBoundMs,
      connection: 'connecting',
      synced: false,
      eventsIngested: 0,
    });
    this.diff.backend(registration.id);
    this.schedule();
  }

  /** Folds one backend event into the state. */
  apply(backendId: string, event: BackendEvent): void {
    const backend = this.backendsById.get(backendId);
    if (backend === undefined) {
      throw opsError('INTERNAL', `Event from unregistered backend "${backendId}".`);
    }
    const now = this.clock.now();
    backend.eventsIngested++;
    backend.lastEventAt = now;
    switch (event.type) {
      case 'connected':
        this.setConnection(backend, backend.synced ? backend.connection : 'connecting');
        break;
      case 'snapshot':
        this.replaceAll(backend, event.snapshot);
        backend.synced = true;
        backend.lastSnapshotAt = now;
        this.setConnection(backend, 'live');
        break;
      case 'heartbeat':
        // Liveness only. A stale backend becomes live again only with a full snapshot:
        // events may have been missed while it was silent, so heartbeats cannot vouch for the state.
        break;
      case 'disconnected':
        backend.error = event.error;
        this.setConnection(backend, 'stale');
        break;
      case 'service-upserted':
        this.upsertService(backend, event.service);
        break;
      case 'service-removed':
        this.removeService(serviceId(backend.id, event.serviceNativeId));
        break;
      case 'task-upserted':
        this.upsertTask(backend.id, event.task);
        break;
      case 'task-removed':
        this.removeTask(taskId(backend.id, event.taskNativeId));
        break;
      case 'plan-upserted':
        this.upsertPlan(backend.id, event.plan);
        break;
      case 'plan-removed':
        this.removePlan(planId(serviceId(backend.id, event.serviceNativeId), event.planName));
        break;
      case 'host-upserted':
        this.upsertHost(backend, event.host);
        break;
      case 'host-removed':
        this.removeHost(`${backend.id}/${event.hostNativeId}`);
        break;
      case 'service-event':
        this.recordEvent(backend.id, event.event);
        break;
    }
    this.schedule();
  }

  /**
   * Marks backends that have been silent longer than their freshness bound as
   * STALE. Call it periodically (see startFreshnessTimer).
   */
  checkFreshness(): void {
    const now = this.clock.now();
    for (const backend of this.backendsById.values()) {
      if (backend.connection !== 'live' || backend.lastEventAt === undefined) continue;
      const silentMs = now - backend.lastEventAt;
      if (silentMs > backend.freshnessBoundMs) {
        backend.error = {
          code: 'BACKEND_SILENT',
          message: `No data from ${backend.id} for ${Math.round(silentMs / 1000)}s.`,
          hint: 'The event stream may be stalled; opsdeck keeps the last known values and reconnects.',
        };
        this.setConnection(backend, 'stale');
      }
    }
    this.schedule();
  }

  /** Subscribes to coalesced diffs; returns the unsubscribe function. */
  subscribe(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Publishes pending changes now (tests and 'manual' mode call this). Returns the diff, if any. */
  flush(): StateDiff | undefined {
    this.flushScheduled = false;
    if (this.diff.isEmpty()) return undefined;
    this.currentVersion++;
    const diff = this.diff.take(this, this.currentVersion);
    for (const listener of this.listeners) listener(diff, this);
    return diff;
  }

  // ---- read side -------------------------------------------------------

  services(): IterableIterator<Service> {
    return this.servicesById.values();
  }
  service(id: string): Service | undefined {
    return this.servicesById.get(id);
  }
  servicesNamed(name: string): Service[] {
    return pick(this.servicesById, this.byName.get(name));
  }
  servicesOfTenant(tenant: string): Service[] {
    return pick(this.servicesById, this.byTenant.get(tenant));
  }
  servicesOfBackend(backend: string): Service[] {
    return pick(this.servicesById, this.byBackend.get(backend));
  }
  tasksOf(id: string): Task[] {
    return pick(this.tasksById, this.tasksByService.get(id));
  }
  task(id: string): Task | undefined {
    return this.tasksById.get(id);
  }
  plansOf(id: string): Plan[] {
    return pick(this.plansById, this.plansByService.get(id));
  }
  plan(id: string): Plan | undefined {
    return this.plansById.get(id);
  }
  plans(): IterableIterator<Plan> {
    return this.plansById.values();
  }
  hosts(): IterableIterator<Host> {
    return this.hostsById.values();
  }
  host(id: string): Host | undefined {
    return this.hostsById.get(id);
  }
  backends(): BackendStatus[] {
    return [...this.backendsById.values()].map((b) => ({ ...b }));
  }
  backend(id: string): BackendStatus | undefined {
    const b = this.backendsById.get(id);
    return b === undefined ? undefined : { ...b };
  }
  recentEvents(id: string): ServiceEvent[] {
    return [...(this.eventsByService.get(id) ?? [])];
  }
  serviceCount(): number {
    return this.servicesById.size;
  }
  taskCount(): number {
    return this.tasksById.size;
  }

  // ---- write side ------------------------------------------------------

  private setConnection(backend: BackendStatus, connection: BackendStatus['connection']): void {
    const wasStale = backend.connection === 'stale';
    backend.connection = connection;
    this.diff.backend(backend.id);
    if (connection === 'stale' && !wasStale) {
      backend.staleSince = this.clock.now();
      for (const id of this.byBackend.get(backend.id)) this.refreshEffectiveHealth(id);
    } else if (connection !== 'stale' && wasStale) {
      delete backend.staleSince;
      delete backend.error;
      for (const id of this.byBackend.get(backend.id)) this.refreshEffectiveHealth(id);
    }
  }

  private refreshEffectiveHealth(id: string): void {
    const service = this.servicesById.get(id);
    if (service === undefined) return;
    const backend = this.backendsById.get(service.backend);
    this.servicesById.set(id, effectiveHealth(service, backend, this.clock.now()));
    this.diff.service(id);
  }

  private replaceAll(backend: BackendStatus, snapshot: BackendSnapshot): void {
    const seen = { services: new Set<string>(), tasks: new Set<string>(), plans: new Set<string>(), hosts: new Set<string>() };
    for (const s of snapshot.services) seen.services.add(this.upsertService(backend, s));
    for (const t of snapshot.tasks) seen.tasks.add(this.upsertTask(backend.id, t));
    for (const p of snapshot.plans) seen.plans.add(this.upsertPlan(backend.id, p));
    for (const h of snapshot.hosts) seen.hosts.add(this.upsertHost(backend, h));
    for (const id of [...this.byBackend.get(backend.id)]) {
      if (!seen.services.has(id)) this.removeService(id);
    }
    for (const [id, task] of this.tasksById) if (task.backend === backend.id && !seen.tasks.has(id)) this.removeTask(id);
    for (const [id, plan] of this.plansById) if (plan.backend === backend.id && !seen.plans.has(id)) this.removePlan(id);
    for (const [id, host] of this.hostsById) if (host.backend === backend.id && !seen.hosts.has(id)) this.removeHost(id);
  }

  private upsertService(backend: BackendStatus, report: ServiceReport): string {
    const id = serviceId(backend.id, report.nativeId);
    const previous = this.servicesById.get(id);
    const tenant = report.tenant === '' ? this.defaultTenant : report.tenant;
    const since = previous !== undefined && previous.observedHealth.status === report.health.status ? previous.observedHealth.since : this.clock.now();
    const observedHealth = { ...report.health, since: report.health.since ?? since ?? this.clock.now() };
    const service = effectiveHealth({ ...report, id, backend: backend.id, tenant, observedHealth, health: observedHealth }, backend, this.clock.now());
    this.servicesById.set(id, service);
    this.byName.move(previous?.name, service.name, id);
    this.byTenant.move(previous?.tenant, service.tenant, id);
    if (previous === undefined) this.byBackend.add(backend.id, id);
    this.diff.service(id);
    return id;
  }

  private removeService(id: string): void {
    const service = this.servicesById.get(id);
    if (service === undefined) return;
    this.servicesById.delete(id);
    this.byName.remove(service.name, id);
    this.byTenant.remove(service.tenant, id);
    this.byBackend.remove(service.backend, id);
    this.eventsByService.delete(id);
    for (const t of [...this.tasksByService.get(id)]) this.removeTask(t);
    for (const p of [...this.plansByService.get(id)]) this.removePlan(p);
    this.diff.service(id);
  }

  private upsertTask(backendId: string, report: TaskReport): string {
    const id = taskId(backendId, report.nativeId);
    const owner = serviceId(backendId, report.serviceNativeId);
    const previous = this.tasksById.get(id);
    // Built field by field (not with rest/spread): one hidden class for every task, and the hot path stays fast.
    const task: Task = {
      id,
      nativeId: report.nativeId,
      backend: backendId,
      service: owner,
      host: report.host,
      state: report.state,
      healthy: report.healthy,
      startedAt: report.startedAt,
      restarts: report.restarts,
      message: report.message,
      version: report.version,
      updatedAt: report.updatedAt,
    };
    this.tasksById.set(id, task);
    this.tasksByService.move(previous?.service, owner, id);
    this.diff.task(id);
    return id;
  }

  private removeTask(id: string): void {
    const task = this.tasksById.get(id);
    if (task === undefined) return;
    this.tasksById.delete(id);
    this.tasksByService.remove(task.service, id);
    this.diff.task(id);
  }

  private upsertPlan(backendId: string, report: PlanReport): string {
    const owner = serviceId(backendId, report.serviceNativeId);
    const id = planId(owner, report.name);
    const { serviceNativeId: _native, ...rest } = report;
    if (!this.plansById.has(id)) this.plansByService.add(owner, id);
    this.plansById.set(id, { ...rest, id, backend: backendId, service: owner });
    this.diff.plan(id);
    return id;
  }

  private removePlan(id: string): void {
    const plan = this.plansById.get(id);
    if (plan === undefined) return;
    this.plansById.delete(id);
    this.plansByService.remove(plan.service, id);
    this.diff.plan(id);
  }

  private upsertHost(backend: BackendStatus, report: HostReport): string {
    const id = `${backend.id}/${report.nativeId}`;
    this.hostsById.set(id, { ...report, id, backend: backend.id, cluster: backend.cluster });
    this.diff.host(id);
    return id;
  }

  private removeHost(id: string): void {
    if (this.hostsById.delete(id)) this.diff.host(id);
  }

  private recordEvent(backendId: string, report: ServiceEventReport): void {
    const { serviceNativeId, ...rest } = report;
    const event: ServiceEvent = { ...rest, service: serviceId(backendId, serviceNativeId), backend: backendId };
    let list = this.eventsByService.get(event.service);
    if (list === undefined) {
      list = [];
      this.eventsByService.set(event.service, list);
    }
    list.push(event);
    if (list.length > this.eventsPerService) list.splice(0, list.length - this.eventsPerService);
    this.diff.event(event);
  }

  private schedule(): void {
    if (this.publishMode === 'manual' || this.flushScheduled || this.listeners.size === 0) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }
}
