/**
 * The pager's executor: opens a page (frozen escalation, grouping window,
 * night policy) when an alert opens, fires durable timers, asks the pure step
 * function what to do, writes the outcome and the notification intents in one
 * transaction under the page's fencing token, then lets the outbox send.
 */
import { randomUUID } from 'node:crypto';
import type { Alert } from '../alerts/alert.js';
import type { AlertBook, AlertEvent } from '../alerts/alert-book.js';
import type { AlertsConfig } from '../alerts/config.js';
import type { Muter } from '../alerts/muter.js';
import type { RemediationRunner } from '../alerts/ports.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ActionKind } from '../model/action.js';
import type { Notifier } from '../notify/notifier.js';
import type { PagingRepository, TimerRow } from '../storage/paging-repository.js';
import { defaultLeaseOwner, type PagingLease } from '../storage/paging-lease.js';
import type { OncallConfig } from './config.js';
import { decideStep, type AlertFact, type StepTrigger } from './escalation-step.js';
import { nightPolicyFor } from './night-policy.js';
import { OutboxDispatcher, type PagerFaults } from './outbox-dispatcher.js';
import { START, type PageRecord } from './page-record.js';
import { deliveryTime, toRecipient } from './recipients.js';
import { freezePolicy, groupKeyOf, routeAlert } from './routing.js';
import { PagerScheduler } from './pager-scheduler.js';
import { buildPageMessage } from './page-message.js';
import { carryOutDecision } from './step-executor.js';

/** What the pager needs. */
export interface PagerOptions {
  repo: PagingRepository;
  book: AlertBook;
  muter: Muter;
  clock: Clock;
  notifier: Notifier;
  oncall: OncallConfig;
  alerts: AlertsConfig;
  remediation?: RemediationRunner;
  logger: Logger;
  /** The single-pager lease; without it this pager assumes it is the only one. */
  lease?: PagingLease;
  /** Lease identity (default host#pid). */
  owner?: string;
  leaseTtlMs?: number;
  /** How late a timer may be before the auditor flags it. */
  overdueGraceMs?: number;
  auditEveryMs?: number;
  faults?: PagerFaults;
}

/** An overdue step the auditor found. */
export interface OverdueStep {
  pageId: string;
  timerId: number;
  dueAt: number;
  lateMs: number;
}

/** Runs escalations durably. */
export class Pager {
  private readonly dispatcher: OutboxDispatcher;
  private readonly scheduler: PagerScheduler;
  private unsubscribe: (() => void) | undefined;
  private stopAudit: (() => void) | undefined;
  private readonly abort = new AbortController();
  /** Fencing tokens this pager holds, per page; a page whose stored fence differs belongs to another pager. */
  private readonly fences = new Map<string, number>();
  /** Alerts already reported as unroutable (warned once, not every audit). */
  private readonly unroutable = new Set<string>();
  private active = false;
  private standbyLogged = false;
  private readonly owner: string;

  constructor(private readonly options: PagerOptions) {
    this.owner = options.owner ?? defaultLeaseOwner();
    this.dispatcher = new OutboxDispatcher({
      repo: options.repo,
      notifier: options.notifier,
      clock: options.clock,
      logger: options.logger,
      ...(options.faults === undefined ? {} : { faults: options.faults }),
      owns: (pageId) => this.owns(pageId),
    });
    this.scheduler = new PagerScheduler({
      clock: options.clock,
      nextDue: () => options.repo.nextDue(),
      run: () => this.runDue(),
      onError: (error) => options.logger.log('error', 'pager run failed', { error }),
    });
  }

  /** Takes the lease (or waits on standby), claims open pages with new fencing tokens, catches up overdue steps. */
  start(): void {
    if (this.unsubscribe !== undefined) return;
    this.unsubscribe = this.options.book.onEvent((event) => this.onAlertEvent(event));
    this.stopAudit = this.options.clock.every(this.options.auditEveryMs ?? 30_000, () => this.audit());
    this.audit();
  }

  /** True while this pager runs escalations (holds the lease). */
  isActive(): boolean {
    return this.active;
  }

  /** Acquires or renews the lease; claims pages on becoming active, lets go of them on losing it. */
  private holdLease(): boolean {
    const { lease, clock, logger } = this.options;
    const acquired = lease === undefined ? { acquired: true } : lease.tryAcquire(this.owner, clock.now(), this.options.leaseTtlMs ?? 90_000);
    if (acquired.acquired && !this.active) {
      this.active = true;
      const claimed = this.options.repo.claimAll();
      for (const page of this.options.repo.openPages()) this.fences.set(page.id, page.fence);
      logger.log('info', 'pager active', { owner: this.owner, resumedPages: claimed });
    } else if (!acquired.acquired && this.active) {
      this.active = false;
      this.fences.clear();
      logger.log('warn', 'pager lease taken over by another process; standing by', { owner: this.owner });
    } else if (!acquired.acquired && !this.standbyLogged) {
      this.standbyLogged = true;
      logger.log('info', 'another pager holds the lease; standing by', { owner: this.owner, holder: 'holder' in acquired ? acquired.holder.owner : undefined });
    }
    return this.active;
  }

  /** Stops timers and listeners (open pages stay in storage). */
  stop(): void {
    if (this.active) this.options.lease?.release(this.owner);
    this.active = false;
    this.unsubscribe?.();
    this.stopAudit?.();
    this.unsubscribe = undefined;
    this.scheduler.stop();
    this.abort.abort();
  }

  /** Waits until everything due now has run (tests and the CLI use it). */
  settle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** Flags timers that should have fired (and lets the scheduler catch up); also pages alerts that have no page yet. */
  audit(): OverdueStep[] {
    if (!this.holdLease()) return [];
    const now = this.options.clock.now();
    const grace = this.options.overdueGraceMs ?? 60_000;
    const overdue = this.options.repo
      .dueTimers(now - grace)
      .map((t) => ({ pageId: t.pageId, timerId: t.id, dueAt: t.dueAt, lateMs: now - t.dueAt }));
    for (const o of overdue) this.options.logger.log('warn', 'escalation step overdue', { ...o });
    for (const o of this.options.repo.overdueOutbox(now - grace)) {
      this.options.logger.log('warn', 'notification overdue', { key: o.key, page: o.pageId, lateMs: now - o.dueAt, attempts: o.attempts });
    }
    for (const alert of this.options.book.open()) {
      if (alert.state === 'firing' && !this.options.repo.alertPaged(alert.id)) this.openFor(alert);
    }
    this.scheduler.kick();
    return overdue;
  }

  private onAlertEvent(event: AlertEvent): void {
    if (!this.active) return;
    try {
      if (event.type === 'opened') this.openFor(event.alert);
      else if (event.type === 'acknowledged' || event.type === 'resolved') {
        const intents: string[] = [];
        for (const page of this.options.repo.pagesOfAlert(event.alert.id)) this.step(page.id, 'change', intents);
        for (const key of intents) this.options.faults?.afterIntent?.(key);
      }
      this.scheduler.kick();
    } catch (error) {
      this.options.logger.log('error', 'pager failed to react to an alert change', { alert: event.alert.id, error });
    }
  }

  /** Opens or joins a page for a firing alert (unless muted: the audit retries when the mute ends). */
  private openFor(alert: Alert): void {
    const { repo, clock, oncall, alerts, logger } = this.options;
    if (this.options.muter.mutedBy(alert) !== undefined) return;
    const policyName = routeAlert(alert, oncall);
    if (policyName === undefined) {
      if (!this.unroutable.has(alert.id)) logger.log('warn', 'no escalation policy routes this alert; it will not page', { alert: alert.id, tenant: alert.tenant });
      this.unroutable.add(alert.id);
      return;
    }
    const now = clock.now();
    const groupKey = `${policyName}|${groupKeyOf(alert, alerts.grouping.by)}`;
    const night = alert.service === undefined || this.options.remediation === undefined ? undefined : nightPolicyFor(alert.kind, alerts, now);
    const intents: string[] = [];
    repo.transaction(() => {
      const waiting = night === undefined ? repo.pageInGroup(groupKey, 'waiting') : undefined;
      if (waiting !== undefined && waiting.night === undefined && this.fences.get(waiting.id) === waiting.fence) {
        repo.linkAlert(waiting.id, alert.id);
        repo.savePage({ ...waiting, alertIds: [...waiting.alertIds, alert.id], updatedAt: now }, waiting.fence);
        repo.log({ pageId: waiting.id, at: now, event: 'alert-grouped', detail: { alert: alert.id } });
        return;
      }
      const escalating = night === undefined ? repo.pageInGroup(groupKey, 'escalating') : undefined;
      if (escalating !== undefined && this.fences.get(escalating.id) === escalating.fence) {
        this.joinEscalating(escalating, alert, now, intents);
        return;
      }
      const page: PageRecord = {
        id: `P-${randomUUID().slice(0, 8)}`,
        groupKey,
        tenant: alert.tenant,
        severity: alert.severity,
        title: alert.summary,
        policy: freezePolicy(policyName, oncall),
        status: 'waiting',
        fence: 1,
        position: START,
        seq: 0,
        notified: [],
        alertIds: [alert.id],
        createdAt: now,
        updatedAt: now,
        ...(night === undefined ? {} : { night: { remediation: night.remediation, verifyMs: night.verify } }),
      };
      repo.createPage(page);
      this.fences.set(page.id, page.fence);
      repo.addTimer({ pageId: page.id, dueAt: now + (night === undefined ? alerts.grouping.wait : night.verify), fence: page.fence, kind: 'step' });
      repo.log({ pageId: page.id, at: now, event: 'opened', detail: { alert: alert.id, policy: policyName, night: night?.remediation ?? null } });
      if (night !== undefined) queueMicrotask(() => void this.tryRemediation(page, alert, night.remediation));
    });
    for (const key of intents) this.options.faults?.afterIntent?.(key);
  }

  /**
   * A new alert in a group whose page is already escalating joins that page
   * (one escalation, one ack) and is sent at once to the people already paged.
   */
  private joinEscalating(page: PageRecord, alert: Alert, now: number, intents: string[]): void {
    const { repo, oncall } = this.options;
    const joined: PageRecord = { ...page, alertIds: [...page.alertIds, alert.id], updatedAt: now };
    repo.linkAlert(page.id, alert.id);
    repo.savePage(joined, page.fence);
    const reached = new Set(repo.deliveredTo(page.id));
    for (const person of oncall.people.filter((p) => reached.has(p.id))) {
      const key = `${page.id}:join:${alert.id}:${person.id}`;
      const message = buildPageMessage({ page: { ...joined, title: alert.summary }, type: 'page', key, recipient: toRecipient(person), now, alerts: [alert] });
      if (repo.enqueue({ key, pageId: page.id, message, dueAt: deliveryTime(person, alert.severity, oncall, now) })) intents.push(key);
    }
    repo.log({ pageId: page.id, at: now, event: 'alert-joined', detail: { alert: alert.id, notified: [...reached] } });
  }

  /** Night policy: run the remediation; if it did not work, page at once with what was tried. */
  private async tryRemediation(page: PageRecord, alert: Alert, kind: ActionKind): Promise<void> {
    const { remediation: runner, book, repo, clock, logger } = this.options;
    if (runner === undefined || alert.service === undefined) return;
    let result;
    try {
      result = await runner.run({ remediation: kind, serviceId: alert.service, alertId: alert.id, signal: this.abort.signal });
    } catch (error) {
      result = { outcome: 'failed' as const, summary: error instanceof Error ? error.message : String(error) };
    }
    const now = clock.now();
    book.recordAttempt(alert.id, { remediation: kind, target: alert.service, at: now, outcome: result.outcome, summary: result.summary });
    repo.log({ pageId: page.id, at: now, event: 'remediation', detail: { remediation: kind, ...result } });
    logger.log('info', 'night policy remediation finished', { alert: alert.id, remediation: kind, outcome: result.outcome });
    if (result.outcome !== 'succeeded') {
      repo.transaction(() => {
        const current = repo.page(page.id);
        if (current === undefined || current.status !== 'waiting') return;
        repo.cancelTimers(page.id);
        repo.addTimer({ pageId: page.id, dueAt: now, fence: current.fence, kind: 'step' });
      });
      this.scheduler.kick();
    }
  }

  /** Fires every due timer, then sends due notifications. */
  private async runDue(): Promise<void> {
    const { repo, clock } = this.options;
    // Steps due together commit together (one fsync for a burst); a step's own timers due now run in the next round.
    for (let round = 0; round < 100; round++) {
      const due = repo.dueTimers(clock.now()).filter((t) => this.owns(t.pageId));
      if (due.length === 0) break;
      const intents: string[] = [];
      repo.transaction(() => {
        for (const timer of due) this.step(timer.pageId, timer.kind === 'ack-timeout' ? 'ack-timeout' : 'step', intents, timer);
      });
      for (const key of intents) this.options.faults?.afterIntent?.(key);
    }
    await this.dispatcher.dispatchDue(this.abort.signal);
  }

  /** True while this pager holds the page's current fencing token. */
  private owns(pageId: string): boolean {
    const mine = this.fences.get(pageId);
    return mine !== undefined && this.options.repo.page(pageId)?.fence === mine;
  }

  /**
   * Runs the step function for a page and carries out its decision in one
   * fenced transaction (which also marks the timer that woke it as fired);
   * keys of the notification intents it wrote are appended to `intents`.
   */
  private step(pageId: string, trigger: StepTrigger, intents: string[], timer?: TimerRow): void {
    const { repo, clock, logger } = this.options;
    repo.transaction(() => {
      const page = repo.page(pageId);
      if (page !== undefined && page.fence !== this.fences.get(pageId)) {
        logger.log('warn', 'page is owned by another pager; not acting on it', { page: pageId, pageFence: page.fence, ourFence: this.fences.get(pageId) });
        return;
      }
      if (timer !== undefined && !repo.completeTimer(timer.id, clock.now())) return;
      if (timer !== undefined && (page === undefined || page.fence !== timer.fence)) {
        logger.log('warn', 'stale escalation timer ignored', { page: pageId, timerFence: timer.fence, pageFence: page?.fence });
        return;
      }
      if (timer !== undefined && page !== undefined && clock.now() - timer.dueAt > (this.options.overdueGraceMs ?? 60_000)) {
        repo.log({ pageId, at: clock.now(), event: 'late-step', detail: { lateMs: clock.now() - timer.dueAt } });
      }
      if (page === undefined || page.status === 'closed') return;
      const now = clock.now();
      const decision = decideStep(page, this.facts(page, now), now, trigger);
      carryOutDecision(
        { repo: this.options.repo, book: this.options.book, oncall: this.options.oncall, logger: this.options.logger, fences: this.fences, alertsOf: (ids) => this.alertsOf(ids) },
        { page, decision, now, intents },
      );
    });
  }

  private alertsOf(ids: readonly string[]): Alert[] {
    return ids.map((id) => this.options.book.get(id)).filter((a): a is Alert => a !== undefined);
  }

  private facts(page: PageRecord, now: number): AlertFact[] {
    return page.alertIds.map((id) => {
      const a = this.options.book.get(id);
      if (a === undefined) return { id, state: 'resolved', muted: false };
      return { id, state: a.state, ...(a.acknowledgedAt === undefined ? {} : { acknowledgedAt: a.acknowledgedAt }), muted: this.options.muter.mutedBy(a, now) !== undefined };
    });
  }
}
