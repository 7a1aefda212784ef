/**
 * The dashboard's AlertsSource and OnCallSource over alerting: open alerts
 * with ack and silence as the dashboard's actor, and who is on call now.
 */
import { matchesAll, type Alerting } from '../../core/alerts/index.js';
import type { Actor } from '../../core/model/actor.js';
import type { AlertsSource, OnCallSource } from '../../tui/ports.js';

/** Open alerts for the `:alerts` view; ack / silence only when an actor is known. */
export function tuiAlertsSource(alerting: Alerting, actor: Actor | undefined): AlertsSource {
  const silencedUntil = (labels: Record<string, string>): number | undefined => {
    const matching = alerting.silences().filter((s) => matchesAll(labels, s.matchers));
    return matching.length === 0 ? undefined : Math.max(...matching.map((s) => s.endsAt));
  };
  return {
    async listOpen() {
      return alerting.listAlerts().map((a) => {
        const until = silencedUntil(a.labels);
        return {
          id: a.id,
          severity: a.severity,
          title: a.summary,
          ...(a.service === undefined ? {} : { serviceId: a.service }),
          openedAt: a.firedAt,
          ...(a.acknowledgedBy === undefined ? {} : { acknowledgedBy: a.acknowledgedBy }),
          ...(until === undefined ? {} : { silencedUntil: until }),
        };
      });
    },
    subscribe: (listener) => alerting.onAlertChange(() => listener()),
    ...(actor === undefined
      ? {}
      : {
          async acknowledge(alertId: string) {
            const alert = await alerting.ack(alertId, actor);
            return { message: `acknowledged ${alert.id}` };
          },
          async silence(alertId: string, options: { durationMs: number; reason?: string }) {
            const silence = await alerting.silenceAlert(alertId, { for: options.durationMs, actor, ...(options.reason === undefined ? {} : { comment: options.reason }) });
            return { message: `silenced ${alertId} until ${new Date(silence.endsAt).toISOString()}` };
          },
        }),
  };
}

/** Who is on call per schedule, for the header and the `:oncall` view. */
export function tuiOnCallSource(alerting: Alerting): OnCallSource {
  return {
    async current() {
      return alerting.whoIsOnCall().map((answer) => ({
        schedule: answer.schedule,
        person: answer.person?.name ?? 'nobody',
        ...(answer.shift === undefined ? {} : { until: answer.shift.end }),
      }));
    },
  };
}
