/**
 * The factory the composition root wires: the alert pipeline on the state
 * store, the durable pager, silences, on-call lookups and the person-facing
 * actions (ack, resolve, silence), each authorized and audited through ports.
 */
import type { Clock } from '../clock.js';
import { opsError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Actor } from '../model/actor.js';
import type { Notifier } from '../notify/notifier.js';
import type { OncallConfig } from '../oncall/config.js';
import type { PagerFaults } from '../oncall/outbox-dispatcher.js';
import { Pager, type OverdueStep } from '../oncall/pager.js';
import { onCallAt, type OnCallShift } from '../oncall/schedule.js';
import type { StateStore } from '../state/store.js';
import { AlertRepository, type Silence } from '../storage/alert-repository.js';
import { PagingRepository } from '../storage/paging-repository.js';
import { PagingLease } from '../storage/paging-lease.js';
import { openDatabase, type SqliteDatabase } from '../storage/sqlite-database.js';
import type { Alert } from './alert.js';
import { AlertBook } from './alert-book.js';
import { AlertEngine } from './alert-engine.js';
import { parseAlertmanagerWebhook } from './alertmanager.js';
import type { AlertsConfig } from './config.js';
import { parseDuration } from '../time/duration.js';
import { parseMatchers, type Matcher } from './matchers.js';
import { Muter } from './muter.js';
import { applyPendingRequests } from './request-inbox.js';
import type { AlertActionGate, RemediationRunner } from './ports.js';

/** What the composition root provides. */
export interface AlertingDeps {
  store: StateStore;
  /** An open database, or the path of the SQLite file to open. */
  database: SqliteDatabase | string;
  clock: Clock;
  notifier: Notifier;
  gate: AlertActionGate;
  remediation?: RemediationRunner;
  config: { alerts: AlertsConfig; oncall: OncallConfig };
  logger: Logger;
  /** Lease identity of this pager (default host#pid); one pager holds the lease at a time. */
  pagerId?: string;
  /** How often acks / resolves made by other processes are picked up (default 2 s). */
  requestPollMs?: number;
  /** Crash-test hooks only. */
  faults?: PagerFaults;
}

/** Who is on call for one schedule. */
export interface OnCallAnswer {
  schedule: string;
  timeZone: string;
  shift?: OnCallShift;
  person?: { id: string; name: string; timeZone: string; contacts: Record<string, string> };
}

/**
 * The alerting facade every face uses. Only the process that runs the pager
 * (the daemon) calls start(); a short-lived process (the CLI) uses the other
 * methods without start(), and its acks / resolves reach the running pager
 * through storage.
 */
export interface Alerting {
  /** Takes the pager lease (or stands by), subscribes to the store and starts evaluating and paging. */
  start(): void;
  /** Stops evaluating and paging, releases the lease, closes the database if it opened it. */
  stop(): Promise<void>;
  /** Acknowledges the alert and the other firing alerts of its page (authorized and audited). */
  ack(alertId: string, actor: Actor): Promise<Alert>;
  /** Resolves the alert by hand (authorized and audited); the values that fired are kept. */
  resolve(alertId: string, actor: Actor): Promise<Alert>;
  /** Creates a silence from matchers (`service=web,tenant=shop`) for a duration (`2h`). */
  silence(matchers: Matcher[] | string, options: { for: number | string; actor: Actor; comment?: string; tenant?: string }): Promise<Silence>;
  /** Ends a silence now. */
  expireSilence(id: string, actor: Actor): Promise<Silence>;
  /** Open alerts (or the most recent of any state with includeResolved). */
  listAlerts(options?: { includeResolved?: boolean; limit?: number }): Alert[];
  /** One alert by id (case-insensitive). */
  getAlert(id: string): Alert | undefined;
  /** Silences in force or not yet started. */
  silences(): Silence[];
  /** Who is on call per schedule at `at` (default now). */
  whoIsOnCall(at?: number, schedule?: string): OnCallAnswer[];
  /** Ingests an Alertmanager v4 webhook body; throws INPUT_INVALID / UNSUPPORTED when unusable. */
  ingestAlertmanager(payload: unknown): { created: number; updated: number; resolved: number };
  /** Silences exactly one alert (matchers on its identifying labels). */
  silenceAlert(alertId: string, options: { for: number | string; actor: Actor; comment?: string }): Promise<Silence>;
  /** Alert counts by lifecycle state (metrics). */
  countByState(): Record<string, number>;
  /** Calls `listener` with each alert as it opens or changes state; returns the unsubscribe function. */
  onAlertChange(listener: (alert: Alert) => void): () => void;
  /** True while this process holds the pager lease and runs escalations. */
  isPaging(): boolean;
  /** Overdue escalation steps (the auditor's view). */
  auditOverdue(): OverdueStep[];
  /** Resolves when the pager has processed everything due now. */
  settle(): Promise<void>;
  /** Storage for inspection (tests, CLI). */
  readonly paging: PagingRepository;
}

/** Builds the alerting subsystem; call start() to begin evaluating and paging. */
export function createAlerting(deps: AlertingDeps): Alerting {
  const ownsDb = typeof deps.database === 'string';
  const db = typeof deps.database === 'string' ? openDatabase(deps.database) : deps.database;
  const alertsRepo = new AlertRepository(db);
  const paging = new PagingRepository(db);
  const book = new AlertBook(alertsRepo, deps.clock);
  const muter = new Muter(alertsRepo, deps.config.alerts, deps.clock);
  const logger = deps.logger.child({ component: 'alerting' });
  const engine = new AlertEngine({ store: deps.store, book, clock: deps.clock, config: deps.config.alerts, logger });
  const pager = new Pager({
    repo: paging,
    book,
    muter,
    clock: deps.clock,
    notifier: deps.notifier,
    oncall: deps.config.oncall,
    alerts: deps.config.alerts,
    logger,
    lease: new PagingLease(db),
    ...(deps.pagerId === undefined ? {} : { owner: deps.pagerId }),
    ...(deps.remediation === undefined ? {} : { remediation: deps.remediation }),
    ...(deps.faults === undefined ? {} : { faults: deps.faults }),
  });
  let started = false;
  let stopPolling: (() => void) | undefined;

  /** Acknowledges an alert and the other firing alerts it was paged with (one page, one ack). */
  const acknowledgeWithPage = (alertId: string, actorId: string): string[] => {
    book.acknowledge(alertId, actorId);
    const siblings = [...new Set(paging.pagesOfAlert(alertId).flatMap((p) => p.alertIds))].filter((id) => id !== alertId && book.get(id)?.state === 'firing');
    for (const id of siblings) book.acknowledge(id, actorId);
    return siblings;
  };
  const applyRequests = (): void => {
    if (!pager.isActive()) return;
    applyPendingRequests({ repo: alertsRepo, book, clock: deps.clock, logger, acknowledge: (id, actorId) => void acknowledgeWithPage(id, actorId) });
  };

  const silence: Alerting['silence'] = async (matchers, options) => {
    const list = typeof matchers === 'string' ? parseMatchers(matchers) : matchers;
    const tenant = options.tenant ?? list.find((m) => m.name === 'tenant' && m.op === '=')?.value ?? '*';
    await deps.gate.authorize(options.actor, tenant, 'silence');
    const created = muter.add(list, { forMs: parseDuration(options.for), createdBy: options.actor.id, comment: options.comment ?? '' });
    await deps.gate.audit({ actor: options.actor, tenant, action: 'silence', target: created.id, at: deps.clock.now(), detail: { matchers: list, endsAt: created.endsAt } });
    return created;
  };

  const mustAlert = (id: string): Alert => {
    const alert = book.get(id) ?? book.get(id.toUpperCase());
    if (alert === undefined) throw opsError('NOT_FOUND', `There is no alert ${id}.`, { hint: 'Run `opsdeck alerts` to see alert ids.' });
    return alert;
  };

  return {
    paging,
    start() {
      if (started) return;
      started = true;
      pager.start();
      applyRequests();
      engine.start();
      stopPolling = deps.clock.every(deps.requestPollMs ?? 2_000, applyRequests);
    },
    async stop() {
      stopPolling?.();
      engine.stop();
      pager.stop();
      await pager.settle();
      if (ownsDb) db.close();
    },
    async ack(alertId, actor) {
      const alert = mustAlert(alertId);
      await deps.gate.authorize(actor, alert.tenant, 'ack');
      // The page was sent for its whole group: acknowledging one alert acknowledges the page.
      const siblings = acknowledgeWithPage(alert.id, actor.id);
      if (!pager.isActive()) alertsRepo.addRequest({ alertId: alert.id, action: 'ack', actorId: actor.id, at: deps.clock.now() });
      await deps.gate.audit({ actor, tenant: alert.tenant, action: 'ack', target: alert.id, at: deps.clock.now(), detail: { siblings } });
      return book.get(alert.id) ?? alert;
    },
    async resolve(alertId, actor) {
      const alert = mustAlert(alertId);
      await deps.gate.authorize(actor, alert.tenant, 'resolve');
      const resolved = book.resolve(alert.id, actor.id);
      if (!pager.isActive()) alertsRepo.addRequest({ alertId: alert.id, action: 'resolve', actorId: actor.id, at: deps.clock.now() });
      await deps.gate.audit({ actor, tenant: alert.tenant, action: 'resolve', target: alert.id, at: deps.clock.now(), detail: { firedValues: resolved.firedValues } });
      return resolved;
    },
    silence,
    async expireSilence(id, actor) {
      await deps.gate.authorize(actor, '*', 'silence');
      const silence = muter.expire(id);
      await deps.gate.audit({ actor, tenant: '*', action: 'silence', target: id, at: deps.clock.now(), detail: { expired: true } });
      pager.audit();
      return silence;
    },
    listAlerts(options = {}) {
      if (options.includeResolved) return alertsRepo.recent(options.limit ?? 100);
      return book.open().slice(0, options.limit ?? 1000);
    },
    getAlert(id) {
      return book.get(id) ?? book.get(id.toUpperCase());
    },
    silences() {
      return muter.silences();
    },
    whoIsOnCall(at, schedule) {
      const when = at ?? deps.clock.now();
      const schedules = deps.config.oncall.schedules.filter((s) => schedule === undefined || s.name === schedule);
      if (schedule !== undefined && schedules.length === 0) {
        throw opsError('NOT_FOUND', `There is no schedule "${schedule}".`, { hint: `Known schedules: ${deps.config.oncall.schedules.map((s) => s.name).join(', ') || 'none'}.` });
      }
      return schedules.map((s) => {
        const shift = onCallAt(s, when);
        const person = shift === undefined ? undefined : deps.config.oncall.people.find((p) => p.id === shift.user);
        return {
          schedule: s.name,
          timeZone: s.timeZone,
          ...(shift === undefined ? {} : { shift }),
          ...(person === undefined ? {} : { person: { id: person.id, name: person.name, timeZone: person.timeZone, contacts: person.contacts } }),
        };
      });
    },
    ingestAlertmanager(payload) {
      const parsed = parseAlertmanagerWebhook(payload);
      if (!parsed.ok) throw parsed.error;
      const counts = { created: 0, updated: 0, resolved: 0 };
      book.batch(() => {
        for (const a of parsed.alerts) {
          if (a.status === 'firing') {
            if (book.byFingerprintOpen(a.condition.fingerprint) === undefined) counts.created++;
            else counts.updated++;
            book.fire(a.condition);
          } else if (book.clear(a.condition.fingerprint) !== undefined) counts.resolved++;
        }
      });
      return counts;
    },
    async silenceAlert(alertId, options) {
      const alert = mustAlert(alertId);
      const identifying = Object.entries(alert.labels)
        .filter(([name]) => name !== 'severity')
        .map(([name, value]) => ({ name, op: '=' as const, value }));
      return silence(identifying, { ...options, tenant: alert.tenant });
    },
    countByState() {
      return alertsRepo.countByState();
    },
    onAlertChange(listener) {
      return book.onEvent((event) => listener(event.alert));
    },
    isPaging() {
      return pager.isActive();
    },
    auditOverdue() {
      return pager.audit();
    },
    settle() {
      return pager.settle();
    },
  };
}
