/**
 * The alert pipeline over state diffs: rules (per backend, service, plan) →
 * timing (for / resolve delay / flapping) → lifecycle (dedupe, inhibition).
 * Only entities a diff touched are evaluated, so 10,000 services cost nothing
 * until one changes; a periodic pass re-checks time-based rules.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ClusterStateView, StateDiff } from '../state/cluster-state.js';
import type { StateStore } from '../state/store.js';
import type { AlertBook } from './alert-book.js';
import type { AlertsConfig } from './config.js';
import { ConditionTracker } from './condition-tracker.js';
import { RestartTracker } from './restart-tracker.js';
import { evaluateBackendRules } from './rules/backend-rules.js';
import { evaluatePlanRules } from './rules/plan-rules.js';
import type { RuleContext } from './rules/rule-context.js';
import { evaluateServiceRules } from './rules/service-rules.js';
import { evaluateSlaRules } from './rules/sla-rules.js';

/** Construction options. */
export interface AlertEngineOptions {
  store: StateStore;
  book: AlertBook;
  clock: Clock;
  config: AlertsConfig;
  logger: Logger;
}

/** Runs the rules on every diff and on a timer, feeding the alert book. */
export class AlertEngine {
  private readonly tracker: ConditionTracker;
  private readonly restarts = new RestartTracker();
  private unsubscribe: (() => void) | undefined;
  private stopTimer: (() => void) | undefined;

  constructor(private readonly options: AlertEngineOptions) {
    const c = options.config;
    this.tracker = new ConditionTracker({
      resolveAfterMs: c.resolveAfter,
      flapFirings: c.flapping.firings,
      flapWindowMs: c.flapping.window,
      flapHoldMs: c.flapping.hold,
    });
    for (const alert of options.book.open()) {
      if (alert.source === 'external') continue;
      this.tracker.seedActive({
        fingerprint: alert.fingerprint,
        kind: alert.kind,
        severity: alert.severity,
        summary: alert.summary,
        labels: alert.labels,
        values: alert.values,
        remediations: alert.remediations,
        forMs: 0,
        source: alert.source,
        tenant: alert.tenant,
        ...(alert.service === undefined ? {} : { service: alert.service }),
        ...(alert.backend === undefined ? {} : { backend: alert.backend }),
      });
    }
  }

  /** Subscribes to the store, evaluates the current state once, and starts the periodic pass. */
  start(): void {
    if (this.unsubscribe !== undefined) return;
    this.unsubscribe = this.options.store.subscribe((diff, view) => this.onDiff(diff, view));
    this.evaluateAll();
    this.stopTimer = this.options.clock.every(this.options.config.evaluateEvery, () => this.tick());
  }

  /** Stops listening. */
  stop(): void {
    this.unsubscribe?.();
    this.stopTimer?.();
    this.unsubscribe = undefined;
    this.stopTimer = undefined;
  }

  /** Evaluates what a diff touched. */
  onDiff(diff: StateDiff, view: ClusterStateView): void {
    const ctx = this.context(view);
    const services = new Set<string>();
    const plans = new Set<string>();
    for (const backend of diff.backends) {
      this.tracker.setSource(`backend:${backend.id}`, evaluateBackendRules(backend, ctx), ctx.now);
      // Alerts carried over a restart (or a gap) whose entity vanished meanwhile get re-judged too.
      if (!this.judgeable(view, backend.id)) continue;
      for (const source of this.tracker.activeSources()) {
        if (source.startsWith(`service:${backend.id}/`)) services.add(source.slice('service:'.length));
        else if (source.startsWith(`plan:${backend.id}/`)) plans.add(source.slice('plan:'.length));
      }
    }
    for (const s of diff.services.upserted) services.add(s.id);
    for (const id of diff.services.removed) services.add(id);
    for (const id of this.restarts.observe(diff.tasks, ctx.now)) services.add(id);
    for (const t of diff.tasks.upserted) if (/CrashLoopBackOff/i.test(t.message ?? '')) services.add(t.service);
    for (const id of services) this.evaluateService(id, ctx);
    for (const plan of diff.plans.upserted) plans.add(plan.id);
    for (const id of diff.plans.removed) plans.add(id);
    for (const id of plans) this.evaluatePlan(id, ctx);
    this.apply(ctx.now);
  }

  /** The periodic pass: durations, restart windows, stuck plans. */
  tick(): void {
    const ctx = this.context(this.options.store);
    for (const id of this.restarts.activeServices()) this.evaluateService(id, ctx);
    for (const source of this.tracker.activeSources()) {
      if (source.startsWith('service:')) this.evaluateService(source.slice('service:'.length), ctx);
    }
    for (const plan of this.options.store.plans()) this.evaluatePlan(plan.id, ctx);
    this.apply(ctx.now);
  }

  /** Evaluates everything (on start). */
  evaluateAll(): void {
    const view = this.options.store;
    const ctx = this.context(view);
    for (const b of view.backends()) this.tracker.setSource(`backend:${b.id}`, evaluateBackendRules(b, ctx), ctx.now);
    for (const s of view.services()) {
      this.restarts.seed(view.tasksOf(s.id));
      this.evaluateService(s.id, ctx);
    }
    for (const p of view.plans()) this.evaluatePlan(p.id, ctx);
    this.apply(ctx.now);
  }

  private context(view: ClusterStateView): RuleContext {
    return { now: this.options.clock.now(), config: this.options.config, view, restarts: this.restarts };
  }

  /** True when the backend's data may be judged (synced and not stale). */
  private judgeable(view: ClusterStateView, backendId: string): boolean {
    const b = view.backend(backendId);
    return b !== undefined && b.synced && b.connection !== 'stale';
  }

  private evaluateService(id: string, ctx: RuleContext): void {
    const service = ctx.view.service(id);
    if (service === undefined) {
      // Gone: clear only once its backend has vouched for that (synced, live); before that, keep what fired.
      if (this.judgeable(ctx.view, backendOf(id))) this.tracker.setSource(`service:${id}`, [], ctx.now);
      return;
    }
    if (service.health.status === 'STALE' || !this.judgeable(ctx.view, service.backend)) return;
    this.tracker.setSource(`service:${id}`, [...evaluateServiceRules(service, ctx), ...evaluateSlaRules(service, ctx)], ctx.now);
  }

  private evaluatePlan(id: string, ctx: RuleContext): void {
    const plan = ctx.view.plan(id);
    if (plan === undefined) {
      if (this.judgeable(ctx.view, backendOf(id))) this.tracker.setSource(`plan:${id}`, [], ctx.now);
      return;
    }
    if (!this.judgeable(ctx.view, plan.backend)) return;
    this.tracker.setSource(`plan:${id}`, evaluatePlanRules(plan, ctx.view.service(plan.service), ctx), ctx.now);
  }

  private apply(now: number): void {
    const events = this.tracker.process(now);
    // Backend-wide alerts first, so per-service alerts opened in the same pass are inhibited.
    events.sort((a, b) => rank(a) - rank(b));
    if (events.length === 0) return;
    this.options.book.batch(() => {
      for (const event of events) {
        try {
          if (event.type === 'fire') this.options.book.fire(event.condition, { flapping: event.flapping });
          else if (event.type === 'update') this.options.book.refresh(event.condition);
          else this.options.book.clear(event.fingerprint);
        } catch (error) {
          this.options.logger.log('error', 'alert lifecycle change failed', { error });
        }
      }
    });
  }
}

/** The backend part of a global id (`<backend>/<native>`). */
function backendOf(globalId: string): string {
  const slash = globalId.indexOf('/');
  return slash < 0 ? globalId : globalId.slice(0, slash);
}

function rank(event: { type: string; condition?: { kind: string } }): number {
  return event.type !== 'clear' && event.condition?.kind === 'source-unreachable' ? 0 : 1;
}
