/**
 * Remembers what the backend last told the store and turns a fresh
 * projection of one service into just the events that changed, so targeted
 * re-inspects emit upserts and removals instead of whole snapshots.
 */
import type { BackendEvent, BackendSnapshot } from '../../core/model/backend-event.js';
import type { HostReport } from '../../core/model/resources.js';
import type { MappedService } from './map-swarm-service.js';

interface Emitted {
  service: string;
  tasks: Map<string, string>;
  plans: Map<string, string>;
}

/** Fingerprint of a report, ignoring `updatedAt` so an unchanged object is never re-sent. */
function fingerprint(value: { updatedAt: number }): string {
  const { updatedAt: _ignored, ...rest } = value;
  return JSON.stringify(rest);
}

/** Tracks emitted reports per service and per host. */
export class ReportDiffer {
  private readonly services = new Map<string, Emitted>();
  private readonly hosts = new Map<string, string>();

  /** Records a snapshot as the new baseline. */
  reset(snapshot: BackendSnapshot): void {
    this.services.clear();
    for (const service of snapshot.services) {
      this.services.set(service.nativeId, { service: fingerprint(service), tasks: new Map(), plans: new Map() });
    }
    for (const task of snapshot.tasks) this.services.get(task.serviceNativeId)?.tasks.set(task.nativeId, fingerprint(task));
    for (const plan of snapshot.plans) this.services.get(plan.serviceNativeId)?.plans.set(plan.name, fingerprint(plan));
    this.hosts.clear();
    for (const host of snapshot.hosts) this.hosts.set(host.nativeId, fingerprint(host));
  }

  /** Events that bring the store from what it has for `nativeId` to `mapped` (undefined = gone). */
  diffService(nativeId: string, mapped: MappedService | undefined, at: number): BackendEvent[] {
    const before = this.services.get(nativeId);
    const events: BackendEvent[] = [];
    if (mapped === undefined) {
      if (before === undefined) return events;
      for (const taskNativeId of before.tasks.keys()) events.push({ type: 'task-removed', at, taskNativeId });
      for (const planName of before.plans.keys()) events.push({ type: 'plan-removed', at, serviceNativeId: nativeId, planName });
      events.push({ type: 'service-removed', at, serviceNativeId: nativeId });
      this.services.delete(nativeId);
      return events;
    }
    const after: Emitted = { service: fingerprint(mapped.service), tasks: new Map(), plans: new Map() };
    if (before?.service !== after.service) events.push({ type: 'service-upserted', at, service: mapped.service });
    for (const task of mapped.tasks) {
      const print = fingerprint(task);
      after.tasks.set(task.nativeId, print);
      if (before?.tasks.get(task.nativeId) !== print) events.push({ type: 'task-upserted', at, task });
    }
    for (const taskNativeId of before?.tasks.keys() ?? []) {
      if (!after.tasks.has(taskNativeId)) events.push({ type: 'task-removed', at, taskNativeId });
    }
    for (const plan of mapped.plans) {
      const print = fingerprint(plan);
      after.plans.set(plan.name, print);
      if (before?.plans.get(plan.name) !== print) events.push({ type: 'plan-upserted', at, plan });
    }
    for (const planName of before?.plans.keys() ?? []) {
      if (!after.plans.has(planName)) events.push({ type: 'plan-removed', at, serviceNativeId: nativeId, planName });
    }
    this.services.set(nativeId, after);
    return events;
  }

  /** Events for hosts that appeared, changed or went away. */
  diffHosts(hosts: readonly HostReport[], at: number): BackendEvent[] {
    const events: BackendEvent[] = [];
    const seen = new Set<string>();
    for (const host of hosts) {
      seen.add(host.nativeId);
      const print = fingerprint(host);
      if (this.hosts.get(host.nativeId) !== print) events.push({ type: 'host-upserted', at, host });
      this.hosts.set(host.nativeId, print);
    }
    for (const id of [...this.hosts.keys()]) {
      if (!seen.has(id)) {
        this.hosts.delete(id);
        events.push({ type: 'host-removed', at, hostNativeId: id });
      }
    }
    return events;
  }
}
