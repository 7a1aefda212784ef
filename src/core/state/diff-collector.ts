/**
 * Collects which entities changed between two publications, so a burst of
 * events about one task becomes one entry in the next diff (coalescing).
 */
import type { ClusterStateView, EntityChanges, ServiceEvent, StateDiff } from './cluster-state.js';

/** Dirty-set bookkeeping for the store; entries are resolved against the state at publication time. */
export class DiffCollector {
  private services = new Set<string>();
  private tasks = new Set<string>();
  private plans = new Set<string>();
  private hosts = new Set<string>();
  private backends = new Set<string>();
  private events: ServiceEvent[] = [];

  service(id: string): void {
    this.services.add(id);
  }
  task(id: string): void {
    this.tasks.add(id);
  }
  plan(id: string): void {
    this.plans.add(id);
  }
  host(id: string): void {
    this.hosts.add(id);
  }
  backend(id: string): void {
    this.backends.add(id);
  }
  event(event: ServiceEvent): void {
    this.events.push(event);
  }

  isEmpty(): boolean {
    return (
      this.services.size + this.tasks.size + this.plans.size + this.hosts.size + this.backends.size + this.events.length === 0
    );
  }

  /** Builds the diff from the current state and resets the collector. */
  take(state: ClusterStateView, version: number): StateDiff {
    const diff: StateDiff = {
      version,
      services: resolve(this.services, (id) => state.service(id)),
      tasks: resolve(this.tasks, (id) => state.task(id)),
      plans: resolve(this.plans, (id) => state.plan(id)),
      hosts: resolve(this.hosts, (id) => state.host(id)),
      backends: [...this.backends].map((id) => state.backend(id)).filter((b) => b !== undefined),
      events: this.events,
    };
    this.services = new Set();
    this.tasks = new Set();
    this.plans = new Set();
    this.hosts = new Set();
    this.backends = new Set();
    this.events = [];
    return diff;
  }
}

function resolve<T>(ids: ReadonlySet<string>, lookup: (id: string) => T | undefined): EntityChanges<T> {
  const upserted: T[] = [];
  const removed: string[] = [];
  for (const id of ids) {
    const value = lookup(id);
    if (value === undefined) removed.push(id);
    else upserted.push(value);
  }
  return { upserted, removed };
}
