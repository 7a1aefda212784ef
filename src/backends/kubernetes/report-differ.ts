/**
 * Turns the cluster model into opsdeck reports and emits only what really
 * changed: a full snapshot after a (re)list, then upserts and removals for the
 * services, tasks and plans an informer change touched.
 */
import type { Clock } from '../../core/clock.js';
import type { BackendEvent, BackendSnapshot } from '../../core/model/backend-event.js';
import type { PlanReport } from '../../core/model/plan.js';
import type { ServiceReport } from '../../core/model/service.js';
import type { TaskReport } from '../../core/model/task.js';
import type { Affected, ClusterModel } from './cluster-model.js';
import { podToTask } from './pod-task.js';
import { ROLLOUT_PLAN, rolloutPlan } from './rollout-plan.js';
import { workloadToService, type TenantRule } from './workload-service.js';
import type { Workload } from './workload.js';

/** Options for the differ. */
export interface ReportDifferOptions {
  backendId: string;
  cluster: string;
  tenantFrom?: TenantRule;
  clock: Clock;
}

const fingerprint = (report: { updatedAt: number }): string => JSON.stringify({ ...report, updatedAt: 0 });

/** Computes reports from the model and remembers what was last emitted. */
export class ReportDiffer {
  private services = new Map<string, string>();
  private tasks = new Map<string, string>();
  private plans = new Map<string, string>();

  constructor(
    private readonly model: ClusterModel,
    private readonly options: ReportDifferOptions,
  ) {}

  private service(workload: Workload | undefined, now: number): ServiceReport | undefined {
    if (workload === undefined) return undefined;
    return workloadToService(workload, { cluster: this.options.cluster, now, ...(this.options.tenantFrom === undefined ? {} : { tenantFrom: this.options.tenantFrom }) });
  }

  private plan(workload: Workload | undefined, now: number): PlanReport | undefined {
    return workload === undefined ? undefined : rolloutPlan(workload, { backendId: this.options.backendId, now });
  }

  private task(id: string, now: number): TaskReport | undefined {
    const pod = this.model.pod(id);
    const owner = pod === undefined ? undefined : this.model.workloadOfPod(pod);
    return pod === undefined || owner === undefined ? undefined : podToTask(pod, owner, now);
  }

  /** Everything, replacing what was emitted before. */
  snapshot(): BackendSnapshot {
    const now = this.options.clock.now();
    const services: ServiceReport[] = [];
    const plans: PlanReport[] = [];
    const tasks: TaskReport[] = [];
    this.services = new Map();
    this.plans = new Map();
    this.tasks = new Map();
    for (const id of this.model.workloadIds()) {
      const workload = this.model.workload(id);
      const service = this.service(workload, now);
      const plan = this.plan(workload, now);
      if (service !== undefined) {
        services.push(service);
        this.services.set(id, fingerprint(service));
      }
      if (plan !== undefined) {
        plans.push(plan);
        this.plans.set(id, fingerprint(plan));
      }
    }
    for (const id of this.model.podIds()) {
      const task = this.task(id, now);
      if (task === undefined) continue;
      tasks.push(task);
      this.tasks.set(id, fingerprint(task));
    }
    return { services, tasks, plans, hosts: [] };
  }

  /**
   * Events that bring what was emitted in line with the whole model (after a
   * relist while live): upserts for what changed, removals for what vanished.
   */
  resync(): BackendEvent[] {
    const workloads = new Set([...this.model.workloadIds(), ...this.services.keys(), ...this.plans.keys()]);
    const pods = new Set([...this.model.podIds(), ...this.tasks.keys()]);
    return this.changes({ workloads, pods });
  }

  /** Merges `from` into `into` (to coalesce a burst of informer changes into one diff). */
  static merge(into: Affected, from: Affected): void {
    for (const id of from.workloads) into.workloads.add(id);
    for (const id of from.pods) into.pods.add(id);
  }

  /** Events for what changed among the affected reports. */
  changes(affected: Affected): BackendEvent[] {
    const at = this.options.clock.now();
    const events: BackendEvent[] = [];
    for (const id of affected.workloads) {
      const workload = this.model.workload(id);
      const service = this.service(workload, at);
      if (service === undefined) {
        if (this.services.delete(id)) events.push({ type: 'service-removed', at, serviceNativeId: id });
        if (this.plans.delete(id)) events.push({ type: 'plan-removed', at, serviceNativeId: id, planName: ROLLOUT_PLAN });
        continue;
      }
      const known = this.services.has(id);
      const print = fingerprint(service);
      const serviceEvents: BackendEvent[] = [];
      if (this.services.get(id) !== print) {
        this.services.set(id, print);
        serviceEvents.push({ type: 'service-upserted', at, service });
      }
      const plan = this.plan(workload, at);
      const planPrint = plan === undefined ? undefined : fingerprint(plan);
      const planEvents: BackendEvent[] = [];
      if (plan !== undefined && planPrint !== undefined && this.plans.get(id) !== planPrint) {
        this.plans.set(id, planPrint);
        planEvents.push({ type: 'plan-upserted', at, plan });
      }
      // For a known service the plan goes first: a reader between the two events must never see the new spec next to the old (COMPLETE) plan.
      events.push(...(known ? [...planEvents, ...serviceEvents] : [...serviceEvents, ...planEvents]));
    }
    for (const id of affected.pods) {
      const task = this.task(id, at);
      if (task === undefined) {
        if (this.tasks.delete(id)) events.push({ type: 'task-removed', at, taskNativeId: id });
        continue;
      }
      const print = fingerprint(task);
      if (this.tasks.get(id) !== print) {
        this.tasks.set(id, print);
        events.push({ type: 'task-upserted', at, task });
      }
    }
    return events;
  }
}
