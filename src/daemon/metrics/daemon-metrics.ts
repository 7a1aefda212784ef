/**
 * The daemon's Prometheus metrics on a private registry: ingestion and
 * freshness per backend, alerts by state, pages, command outcomes and ws
 * clients. Labels are backend ids, states and outcome kinds only — never a
 * service or tenant name, so a scrape reveals nothing of one tenant to another.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { Clock } from '../../core/clock.js';
import type { CommandSource } from '../../core/model/actor.js';
import type { BackendConnection, ClusterStateView } from '../../core/state/cluster-state.js';
import type { AlertService, CommandUpdateStatus } from '../ports.js';

const CONNECTION_STATES: readonly BackendConnection[] = ['connecting', 'live', 'stale'];

/** Why a ws client message or webhook request was refused (bounded label values). */
export type RejectReason = 'bad-json' | 'schema' | 'too-large' | 'unauthenticated' | 'rate-limited' | 'shutting-down';

/** Counters and gauges the daemon's parts update, plus collectors reading live sources at scrape time. */
export interface DaemonMetrics {
  readonly registry: Registry;
  /** Reads backend ingestion, freshness and connection state from the store on every scrape. */
  observeStore(state: ClusterStateView, clock: Clock): void;
  /** Reads alert counts by state from the alert service on every scrape. */
  observeAlerts(alerts: AlertService): void;
  /** Reads the ws send-buffer total (bytes held for slow clients) on every scrape. */
  observeWsBuffers(read: () => number): void;
  pageSent(labels: { notifier: string }): void;
  pageFailed(labels: { notifier: string; kind: 'retryable' | 'permanent' }): void;
  commandOutcome(labels: { source: CommandSource; outcome: CommandUpdateStatus | 'error' }): void;
  wsClientConnected(): void;
  wsClientDisconnected(): void;
  wsDiffsDropped(count: number): void;
  wsResyncSent(): void;
  wsMessageRejected(reason: RejectReason): void;
  webhookRequest(labels: { source: 'alertmanager'; result: 'accepted' | 'unauthorized' | 'invalid' | 'too-large' | 'unavailable' | 'error' }): void;
}

/** Creates the metrics on `registry` (a fresh private one by default, never prom-client's global). */
export function createDaemonMetrics(registry: Registry = new Registry()): DaemonMetrics {
  let state: { view: ClusterStateView; clock: Clock } | undefined;
  let alerts: AlertService | undefined;
  let wsBuffers: (() => number) | undefined;

  new Counter({
    name: 'opsdeck_backend_events_ingested_total',
    help: 'Backend events folded into the state, per backend.',
    labelNames: ['backend'],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of state?.view.backends() ?? []) this.inc({ backend: b.id }, b.eventsIngested);
    },
  });
  new Gauge({
    name: 'opsdeck_backend_data_age_seconds',
    help: 'Seconds since the last event (heartbeats count) from each backend; compare with the freshness bound.',
    labelNames: ['backend'],
    registers: [registry],
    collect() {
      this.reset();
      if (state === undefined) return;
      const now = state.clock.now();
      for (const b of state.view.backends()) if (b.lastEventAt !== undefined) this.set({ backend: b.id }, Math.max(0, (now - b.lastEventAt) / 1000));
    },
  });
  new Gauge({
    name: 'opsdeck_backend_freshness_bound_seconds',
    help: 'Silence after which a backend is marked STALE.',
    labelNames: ['backend'],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of state?.view.backends() ?? []) this.set({ backend: b.id }, b.freshnessBoundMs / 1000);
    },
  });
  new Gauge({
    name: 'opsdeck_backend_connection_state',
    help: '1 for the current connection state of each backend (connecting, live, stale), 0 for the others.',
    labelNames: ['backend', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of state?.view.backends() ?? []) for (const s of CONNECTION_STATES) this.set({ backend: b.id, state: s }, b.connection === s ? 1 : 0);
    },
  });
  new Gauge({
    name: 'opsdeck_backend_synced',
    help: '1 once a backend delivered its first full snapshot.',
    labelNames: ['backend'],
    registers: [registry],
    collect() {
      this.reset();
      for (const b of state?.view.backends() ?? []) this.set({ backend: b.id }, b.synced ? 1 : 0);
    },
  });
  new Gauge({
    name: 'opsdeck_alerts',
    help: 'Alerts by lifecycle state, over all tenants.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      if (alerts === undefined) return;
      const counts = await alerts.countByState();
      for (const [s, n] of Object.entries(counts)) this.set({ state: s }, n);
    },
  });
  const pagesSent = new Counter({ name: 'opsdeck_pages_sent_total', help: 'Pages delivered, per notifier.', labelNames: ['notifier'], registers: [registry] });
  const pagesFailed = new Counter({
    name: 'opsdeck_pages_failed_total',
    help: 'Page deliveries that failed, per notifier and failure kind.',
    labelNames: ['notifier', 'kind'],
    registers: [registry],
  });
  const commands = new Counter({
    name: 'opsdeck_command_outcomes_total',
    help: 'Command updates that ended a request, by front end and outcome kind.',
    labelNames: ['source', 'outcome'],
    registers: [registry],
  });
  const clients = new Gauge({ name: 'opsdeck_ws_clients', help: 'Connected ws API clients.', registers: [registry] });
  const dropped = new Counter({ name: 'opsdeck_ws_diffs_dropped_total', help: 'Diffs not sent to slow ws clients (they get a resync instead).', registers: [registry] });
  const resyncs = new Counter({ name: 'opsdeck_ws_resyncs_total', help: 'Resync snapshots sent to ws clients that fell behind or asked.', registers: [registry] });
  const rejected = new Counter({ name: 'opsdeck_ws_messages_rejected_total', help: 'Client ws messages refused, by reason.', labelNames: ['reason'], registers: [registry] });
  new Gauge({
    name: 'opsdeck_ws_send_buffer_bytes',
    help: 'Bytes currently buffered for all ws clients (bounded per client).',
    registers: [registry],
    collect() {
      this.set(wsBuffers?.() ?? 0);
    },
  });
  const webhooks = new Counter({ name: 'opsdeck_webhook_requests_total', help: 'Inbound webhook requests by source and result.', labelNames: ['source', 'result'], registers: [registry] });

  return {
    registry,
    observeStore: (view, clock) => {
      state = { view, clock };
    },
    observeAlerts: (service) => {
      alerts = service;
    },
    observeWsBuffers: (read) => {
      wsBuffers = read;
    },
    pageSent: (labels) => pagesSent.inc(labels),
    pageFailed: (labels) => pagesFailed.inc(labels),
    commandOutcome: (labels) => commands.inc(labels),
    wsClientConnected: () => clients.inc(),
    wsClientDisconnected: () => clients.dec(),
    wsDiffsDropped: (count) => dropped.inc(count),
    wsResyncSent: () => resyncs.inc(),
    wsMessageRejected: (reason) => rejected.inc({ reason }),
    webhookRequest: (labels) => webhooks.inc(labels),
  };
}
