/**
 * Emits only what changed: remembers the last report sent for every service,
 * task, host and plan (ignoring `updatedAt`) and turns a fresh computation
 * into upserted / removed events.
 */
import type { BackendEvent, BackendSnapshot } from '../../core/model/backend-event.js';
import type { PlanReport } from '../../core/model/plan.js';
import type { HostReport } from '../../core/model/resources.js';
import type { ServiceReport } from '../../core/model/service.js';
import type { TaskReport } from '../../core/model/task.js';

const fingerprint = (value: { updatedAt: number }): string => JSON.stringify({ ...value, updatedAt: 0 });
const planKey = (p: PlanReport): string => `${p.serviceNativeId}#${p.name}`;

/** Change detector in front of the event queue. */
export class ReportPublisher {
  private readonly services = new Map<string, string>();
  private readonly tasks = new Map<string, string>();
  private readonly hosts = new Map<string, string>();
  private readonly plans = new Map<string, { serviceNativeId: string; name: string; print: string }>();

  constructor(
    private readonly emit: (event: BackendEvent) => void,
    private readonly now: () => number,
  ) {}

  /** Sends a full snapshot and remembers it as the baseline. */
  snapshot(snapshot: BackendSnapshot): void {
    this.services.clear();
    this.tasks.clear();
    this.hosts.clear();
    this.plans.clear();
    for (const s of snapshot.services) this.services.set(s.nativeId, fingerprint(s));
    for (const t of snapshot.tasks) this.tasks.set(t.nativeId, fingerprint(t));
    for (const h of snapshot.hosts) this.hosts.set(h.nativeId, fingerprint(h));
    for (const p of snapshot.plans) this.plans.set(planKey(p), { serviceNativeId: p.serviceNativeId, name: p.name, print: fingerprint(p) });
    this.emit({ type: 'snapshot', at: this.now(), snapshot });
  }

  service(nativeId: string, report: ServiceReport | undefined): void {
    if (report === undefined) {
      if (this.services.delete(nativeId)) this.emit({ type: 'service-removed', at: this.now(), serviceNativeId: nativeId });
      return;
    }
    const print = fingerprint(report);
    if (this.services.get(nativeId) === print) return;
    this.services.set(nativeId, print);
    this.emit({ type: 'service-upserted', at: this.now(), service: report });
  }

  /** Service ids sent so far (to find ones that disappeared). */
  serviceIds(): string[] {
    return [...this.services.keys()];
  }

  task(nativeId: string, report: TaskReport | undefined): void {
    if (report === undefined) {
      if (this.tasks.delete(nativeId)) this.emit({ type: 'task-removed', at: this.now(), taskNativeId: nativeId });
      return;
    }
    const print = fingerprint(report);
    if (this.tasks.get(nativeId) === print) return;
    this.tasks.set(nativeId, print);
    this.emit({ type: 'task-upserted', at: this.now(), task: report });
  }

  host(report: HostReport): void {
    const print = fingerprint(report);
    if (this.hosts.get(report.nativeId) === print) return;
    this.hosts.set(report.nativeId, print);
    this.emit({ type: 'host-upserted', at: this.now(), host: report });
  }

  /** Replaces the plans of the given services (all services when omitted) with `plans`. */
  plansOf(plans: PlanReport[], services?: ReadonlySet<string>): void {
    const seen = new Set<string>();
    for (const plan of plans) {
      const key = planKey(plan);
      seen.add(key);
      const print = fingerprint(plan);
      if (this.plans.get(key)?.print === print) continue;
      this.plans.set(key, { serviceNativeId: plan.serviceNativeId, name: plan.name, print });
      this.emit({ type: 'plan-upserted', at: this.now(), plan });
    }
    for (const [key, known] of [...this.plans]) {
      if (seen.has(key) || (services !== undefined && !services.has(known.serviceNativeId))) continue;
      this.plans.delete(key);
      this.emit({ type: 'plan-removed', at: this.now(), serviceNativeId: known.serviceNativeId, planName: known.name });
    }
  }
}
