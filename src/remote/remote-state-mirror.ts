/**
 * The daemon's tenant-scoped state, mirrored locally so the dashboard runs on
 * it unchanged: snapshots, diffs and resyncs are replayed as backend events
 * into a private StateStore, which supplies the indexes, the coalesced
 * `StateDiff`s and the honesty rule. While the link to the daemon is down,
 * every backend is marked stale (services STALE, last values kept); the next
 * snapshot makes them live again.
 */
import type { Clock } from '../core/clock.js';
import type { BackendEvent } from '../core/model/backend-event.js';
import type { Host } from '../core/model/resources.js';
import type { Plan } from '../core/model/plan.js';
import type { Service } from '../core/model/service.js';
import type { Task } from '../core/model/task.js';
import type { BackendStatus, ClusterStateView, ServiceEvent, StateDiff } from '../core/state/cluster-state.js';
import { StateStore, type StateListener } from '../core/state/store.js';
import type { ScopedDiff } from '../daemon/ws/tenant-diff.js';
import type { TenantSnapshot } from '../daemon/ws/tenant-snapshot.js';
import { currentSnapshotOf, nativePart, serviceEventReport, serviceReport, snapshotsByBackend, hostReport, planReport, taskReport } from './entity-reports.js';

/** Why a backend's data is not vouched for (shown in the header, safe to display). */
export type StaleReason = { code: string; message: string; hint?: string };

/** Options of the mirror. */
export interface RemoteStateMirrorOptions {
  clock: Clock;
}

/** ClusterStateView + subscribe over the daemon's view, fed by ws messages. */
export class RemoteStateMirror implements ClusterStateView {
  private readonly store: StateStore;
  /** The daemon's own status per backend, as last reported. */
  private readonly remote = new Map<string, BackendStatus>();
  private linkDown: StaleReason | undefined;
  private daemonVersion = 0;

  constructor(options: RemoteStateMirrorOptions) {
    this.store = new StateStore({ clock: options.clock });
  }

  /** The daemon's state version of the last snapshot or diff applied. */
  get serverVersion(): number {
    return this.daemonVersion;
  }

  /** Replaces the whole view (first `snapshot` of a connection, or a `resync`). */
  applySnapshot(snapshot: TenantSnapshot): void {
    this.linkDown = undefined;
    this.daemonVersion = snapshot.version;
    for (const status of snapshot.backends) this.track(status);
    const grouped = snapshotsByBackend(snapshot);
    for (const [id, status] of this.remote) {
      if (!snapshot.backends.some((b) => b.id === id)) {
        this.event(id, { type: 'disconnected', at: 0, error: { code: 'BACKEND_UNREACHABLE', message: `The daemon no longer reports backend ${id}.` } });
        continue;
      }
      if (status.synced) {
        this.event(id, { type: 'snapshot', at: 0, snapshot: grouped.get(id) ?? { services: [], tasks: [], plans: [], hosts: [] } });
        if (status.connection === 'stale') this.event(id, { type: 'disconnected', at: 0, error: this.remoteReason(status) });
      } else if (this.store.backend(id)?.synced === true) {
        // The daemon restarted and has not listed this backend yet: keep what we knew, marked stale.
        this.event(id, { type: 'disconnected', at: 0, error: { code: 'BACKEND_UNREACHABLE', message: `The daemon has not synced ${id} yet.`, hint: 'It is connecting to the backend; values shown are the last known ones.' } });
      }
    }
  }

  /**
   * Folds one scoped diff in (upserts replace, removed ids delete, backend
   * status follows the daemon). Returns `complete: false` when the diff named
   * a backend the daemon never listed (a protocol gap): the caller should
   * ask for a `resync`.
   */
  applyDiff(diff: ScopedDiff): { complete: boolean } {
    this.daemonVersion = diff.version;
    const before = new Map(diff.backends.map((b) => [b.id, this.remote.get(b.id)]));
    for (const status of diff.backends) this.track(status);
    for (const id of diff.tasks.removed) this.removeTask(id);
    for (const id of diff.plans.removed) this.removePlan(id);
    for (const id of diff.hosts.removed) this.removeHost(id);
    for (const id of diff.services.removed) this.removeService(id);
    let complete = true;
    const entity = (backend: string, event: BackendEvent): void => {
      if (!this.entity(backend, event)) complete = false;
    };
    for (const s of diff.services.upserted) entity(s.backend, { type: 'service-upserted', at: 0, service: serviceReport(s) });
    for (const t of diff.tasks.upserted) entity(t.backend, { type: 'task-upserted', at: 0, task: taskReport(t) });
    for (const p of diff.plans.upserted) entity(p.backend, { type: 'plan-upserted', at: 0, plan: planReport(p) });
    for (const h of diff.hosts.upserted) entity(h.backend, { type: 'host-upserted', at: 0, host: hostReport(h) });
    for (const e of diff.events) entity(e.backend, { type: 'service-event', at: e.at, event: serviceEventReport(e) });
    for (const status of diff.backends) this.followConnection(status, before.get(status.id));
    return { complete };
  }

  /** The link to the daemon broke: nothing here is vouched for until the next snapshot. */
  markDisconnected(reason: StaleReason): void {
    this.linkDown = reason;
    for (const status of this.store.backends()) this.event(status.id, { type: 'disconnected', at: 0, error: reason });
  }

  /** The daemon answered: backends it reports live count as heard from (keeps "last event" ages honest). */
  markHeard(): void {
    if (this.linkDown !== undefined) return;
    for (const [id, status] of this.remote) if (status.connection === 'live' && this.store.backend(id)?.connection === 'live') this.event(id, { type: 'heartbeat', at: 0 });
  }

  /** Why the whole mirror is stale, while the link is down. */
  get disconnected(): StaleReason | undefined {
    return this.linkDown;
  }

  /** Publishes pending changes now instead of at the end of the current microtask (tests). */
  flush(): StateDiff | undefined {
    return this.store.flush();
  }

  subscribe(listener: StateListener): () => void {
    return this.store.subscribe((diff) => listener(diff, this));
  }

  // ---- ClusterStateView, answered by the private store ------------------

  get version(): number {
    return this.store.version;
  }
  services(): IterableIterator<Service> {
    return this.store.services();
  }
  service(id: string): Service | undefined {
    return this.store.service(id);
  }
  servicesNamed(name: string): Service[] {
    return this.store.servicesNamed(name);
  }
  servicesOfTenant(tenant: string): Service[] {
    return this.store.servicesOfTenant(tenant);
  }
  servicesOfBackend(backend: string): Service[] {
    return this.store.servicesOfBackend(backend);
  }
  tasksOf(serviceId: string): Task[] {
    return this.store.tasksOf(serviceId);
  }
  task(id: string): Task | undefined {
    return this.store.task(id);
  }
  plansOf(serviceId: string): Plan[] {
    return this.store.plansOf(serviceId);
  }
  plan(id: string): Plan | undefined {
    return this.store.plan(id);
  }
  plans(): IterableIterator<Plan> {
    return this.store.plans();
  }
  hosts(): IterableIterator<Host> {
    return this.store.hosts();
  }
  host(id: string): Host | undefined {
    return this.store.host(id);
  }
  backends(): BackendStatus[] {
    return this.store.backends();
  }
  backend(id: string): BackendStatus | undefined {
    return this.store.backend(id);
  }
  recentEvents(serviceId: string): ServiceEvent[] {
    return this.store.recentEvents(serviceId);
  }
  serviceCount(): number {
    return this.store.serviceCount();
  }
  taskCount(): number {
    return this.store.taskCount();
  }

  // ---- replay ------------------------------------------------------------

  private track(status: BackendStatus): void {
    this.remote.set(status.id, status);
    if (this.store.backend(status.id) === undefined) {
      this.store.registerBackend({ id: status.id, kind: status.kind, cluster: status.cluster, freshnessBoundMs: status.freshnessBoundMs });
    }
  }

  /** Makes the local status follow the daemon's after a diff changed it. */
  private followConnection(status: BackendStatus, before: BackendStatus | undefined): void {
    const local = this.store.backend(status.id);
    if (local === undefined) return;
    if (status.connection === 'stale') {
      if (local.connection !== 'stale' || before?.error?.message !== status.error?.message) this.event(status.id, { type: 'disconnected', at: 0, error: this.remoteReason(status) });
    } else if (status.connection === 'live' && status.synced && local.connection !== 'live') {
      // Live again on the daemon: re-assert what we hold (the diff's upserts are already in) as this backend's snapshot.
      this.event(status.id, { type: 'snapshot', at: 0, snapshot: currentSnapshotOf(this.store, status.id) });
    }
  }

  private remoteReason(status: BackendStatus): StaleReason {
    return status.error ?? { code: 'BACKEND_UNREACHABLE', message: `The daemon reports ${status.id} as stale.` };
  }

  /** Applies an entity event; false (nothing applied) when the daemon never listed its backend. */
  private entity(backend: string, event: BackendEvent): boolean {
    if (this.store.backend(backend) === undefined) return false;
    this.event(backend, event);
    return true;
  }

  private removeService(id: string): void {
    const s = this.store.service(id);
    if (s !== undefined) this.event(s.backend, { type: 'service-removed', at: 0, serviceNativeId: s.nativeId });
  }

  private removeTask(id: string): void {
    const t = this.store.task(id);
    if (t !== undefined) this.event(t.backend, { type: 'task-removed', at: 0, taskNativeId: t.nativeId });
  }

  private removePlan(id: string): void {
    const p = this.store.plan(id);
    if (p !== undefined) this.event(p.backend, { type: 'plan-removed', at: 0, serviceNativeId: nativePart(p.service, p.backend), planName: p.name });
  }

  private removeHost(id: string): void {
    const h = this.store.host(id);
    if (h !== undefined) this.event(h.backend, { type: 'host-removed', at: 0, hostNativeId: h.nativeId });
  }

  private event(backend: string, event: BackendEvent): void {
    this.store.apply(backend, event);
  }
}
