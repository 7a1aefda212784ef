/**
 * The dashboard's AlertsSource over the daemon's ws API: lists with
 * `alerts-list`, refreshes when the daemon pushes an `alert` or the link
 * comes back, and acks / silences as the token's actor (the daemon enforces
 * tenants: an alert outside them is NOT_FOUND).
 */
import { opsError } from '../core/errors.js';
import type { AlertView } from '../daemon/ports.js';
import type { AlertSeverity, AlertsSource, AlertSummary } from '../tui/ports.js';
import type { DaemonConnection } from './daemon-connection.js';

/** Silences shorter than this are refused by the daemon's schema. */
const MIN_SILENCE_MS = 60_000;

function severityOf(value: string): AlertSeverity {
  return value === 'critical' || value === 'warning' ? value : 'info';
}

/** One wire alert as the dashboard's summary; undefined for closed ones. */
export function alertSummary(alert: AlertView): AlertSummary | undefined {
  if (alert.state === 'resolved') return undefined;
  const firedAt = typeof alert.firedAt === 'number' ? alert.firedAt : 0;
  const silencedUntil = typeof alert.silencedUntil === 'number' ? alert.silencedUntil : undefined;
  return {
    id: alert.id,
    severity: severityOf(alert.severity),
    title: alert.summary,
    ...(alert.service === undefined ? {} : { serviceId: alert.service }),
    openedAt: firedAt,
    ...(typeof alert.acknowledgedBy === 'string' ? { acknowledgedBy: alert.acknowledgedBy } : {}),
    ...(silencedUntil === undefined ? {} : { silencedUntil }),
  };
}

/** Builds the remote alerts source. */
export function remoteAlertsSource(connection: DaemonConnection): AlertsSource {
  return {
    async listOpen({ signal }) {
      let alerts: AlertView[] = [];
      await connection.request(
        { type: 'alerts-list' },
        {
          signal,
          accept: (reply) => {
            if (reply.type !== 'alerts') return false;
            alerts = reply.alerts;
            return true;
          },
        },
      );
      return alerts.map(alertSummary).filter((a) => a !== undefined);
    },
    subscribe(listener) {
      const offMessage = connection.onMessage((message) => {
        if (message.type === 'alert') listener();
      });
      const offStatus = connection.onStatus((status) => {
        if (status.state === 'live') listener();
      });
      return () => {
        offMessage();
        offStatus();
      };
    },
    async acknowledge(alertId, { signal }) {
      let acked: AlertView | undefined;
      await connection.request(
        { type: 'alert-ack', alertId },
        {
          signal,
          accept: (reply) => {
            if (reply.type !== 'result') return false;
            acked = reply.result as AlertView;
            return true;
          },
        },
      );
      return { message: `acknowledged ${acked?.id ?? alertId}` };
    },
    async silence(alertId, { durationMs, reason, signal }) {
      if (durationMs < MIN_SILENCE_MS) throw opsError('INPUT_INVALID', 'A silence must last at least one minute.', { hint: 'Give a longer duration, e.g. 1h.' });
      let endsAt: number | undefined;
      await connection.request(
        { type: 'alert-silence', alertId, durationMs: Math.round(durationMs), ...(reason === undefined ? {} : { comment: reason }) },
        {
          signal,
          accept: (reply) => {
            if (reply.type !== 'result') return false;
            const result = reply.result as { endsAt?: unknown };
            endsAt = typeof result?.endsAt === 'number' ? result.endsAt : undefined;
            return true;
          },
        },
      );
      return { message: `silenced ${alertId}${endsAt === undefined ? '' : ` until ${new Date(endsAt).toISOString()}`}` };
    },
  };
}
