/**
 * Counts task restarts per service over time (restart-counter increases and
 * tasks that fail or get lost), so restart-rate, crash-loop and SLA rules can
 * ask "how many in the last hour".
 */
import type { EntityChanges } from '../state/cluster-state.js';
import type { Task } from '../model/task.js';

const HOUR = 3_600_000;

/** Per-service restart timestamps, pruned to the last hour. */
export class RestartTracker {
  private readonly lastSeen = new Map<string, { restarts: number; state: Task['state']; service: string }>();
  private readonly events = new Map<string, number[]>();

  /**
   * Remembers tasks that already exist (on start), so the first crash of a task
   * that was running before alerting started is counted like any other.
   */
  seed(tasks: Iterable<Task>): void {
    for (const task of tasks) {
      if (!this.lastSeen.has(task.id)) this.lastSeen.set(task.id, { restarts: task.restarts, state: task.state, service: task.service });
    }
  }

  /** Folds a diff's task changes in; returns the services whose count changed. */
  observe(changes: EntityChanges<Task>, now: number): Set<string> {
    const touched = new Set<string>();
    for (const task of changes.upserted) {
      const previous = this.lastSeen.get(task.id);
      this.lastSeen.set(task.id, { restarts: task.restarts, state: task.state, service: task.service });
      if (previous === undefined) continue;
      let count = Math.max(0, task.restarts - previous.restarts);
      const failedNow = task.state === 'FAILED' || task.state === 'LOST';
      if (failedNow && previous.state !== task.state) count++;
      if (count > 0) {
        this.record(task.service, now, count);
        touched.add(task.service);
      }
    }
    for (const id of changes.removed) this.lastSeen.delete(id);
    return touched;
  }

  /** Restarts of the service within the last `windowMs`. */
  count(serviceId: string, now: number, windowMs: number = HOUR): number {
    const list = this.events.get(serviceId);
    if (list === undefined) return 0;
    while (list.length > 0 && (list[0] ?? 0) <= now - HOUR) list.shift();
    if (list.length === 0) this.events.delete(serviceId);
    let n = 0;
    for (const at of list) if (at > now - windowMs) n++;
    return n;
  }

  /** Services with restarts inside the last hour (their rates change with time alone). */
  activeServices(): string[] {
    return [...this.events.keys()];
  }

  private record(serviceId: string, now: number, count: number): void {
    let list = this.events.get(serviceId);
    if (list === undefined) {
      list = [];
      this.events.set(serviceId, list);
    }
    for (let i = 0; i < count; i++) list.push(now);
  }
}
