/**
 * The Slack bot's AlertGateway over alerting: lists alerts with who they were
 * paged to, and acknowledges, resolves and silences as the Slack user (the
 * alert pipeline authorizes and audits), answering in words a person reads.
 */
import type { Alert, Alerting } from '../../core/alerts/index.js';
import type { AccessGate } from '../../core/access/index.js';
import { toOpsdeckError } from '../../core/errors.js';
import type { Actor } from '../../core/model/actor.js';
import type { AlertGateway, AlertOpResult, AlertSummary } from '../../slackbot/ports.js';
import type { AlertReflections, ReflectedState } from './slack-alert-reflections.js';

/** What the gateway needs besides alerting. */
export interface SlackAlertGatewayOptions {
  /** Names actors in lists (acknowledgedBy); ids are shown when absent. */
  access?: AccessGate;
  /** Marks changes the bot reflects on its page copies itself, so the reflector does not repeat them. */
  reflections?: AlertReflections;
  /** Maps an on-call person id to opsdeck actor ids (default: the same id). */
  actorIdsOfPerson?: (personId: string) => string[];
}

function failure(error: unknown): AlertOpResult {
  const e = toOpsdeckError(error);
  return { ok: false, message: e.hint === undefined ? e.message : `${e.message} ${e.hint}` };
}

/** The alert as the Slack bot lists it. */
export function toAlertSummary(alert: Alert, assignees: string[], nameOf: (actorId: string) => string): AlertSummary {
  return {
    id: alert.id,
    title: alert.summary,
    severity: alert.severity,
    state: alert.state,
    ...(alert.labels['name'] !== undefined ? { service: alert.labels['name'] } : alert.service !== undefined ? { service: alert.service } : {}),
    since: alert.firedAt,
    ...(alert.acknowledgedBy === undefined ? {} : { acknowledgedBy: nameOf(alert.acknowledgedBy) }),
    ...(assignees.length === 0 ? {} : { assignees }),
  };
}

/** Builds the gateway the Slack bot's alert buttons and `/opsdeck alerts|ack|resolve|silence` use. */
export function slackAlertGateway(alerting: Alerting, options: SlackAlertGatewayOptions = {}): AlertGateway {
  const nameOf = (actorId: string): string => options.access?.actorById(actorId, 'slack')?.name ?? actorId;
  const actorIdsOf = options.actorIdsOfPerson ?? ((personId: string) => [personId]);
  const assigneesOf = (alertId: string): string[] => [
    ...new Set(alerting.paging.pagesOfAlert(alertId).flatMap((page) => page.notified.flatMap((person) => actorIdsOf(person)))),
  ];
  const change = async (alertId: string, state: ReflectedState, run: () => Promise<Alert>, verb: string): Promise<AlertOpResult> => {
    const release = options.reflections?.expect(alertId, state);
    try {
      const alert = await run();
      return { ok: true, message: `${verb} alert ${alert.id}: ${alert.summary}` };
    } catch (error) {
      return failure(error);
    } finally {
      release?.();
    }
  };
  return {
    async list(filter = {}) {
      const alerts = alerting.listAlerts({ includeResolved: filter.openOnly === false });
      const summaries = alerts.map((alert) => toAlertSummary(alert, assigneesOf(alert.id), nameOf));
      return filter.assignee === undefined ? summaries : summaries.filter((s) => s.assignees?.includes(filter.assignee as string) === true);
    },
    ack: (alertId: string, actor: Actor) => change(alertId, 'acknowledged', () => alerting.ack(alertId, actor), 'Acknowledged'),
    resolve: (alertId: string, actor: Actor) => change(alertId, 'resolved', () => alerting.resolve(alertId, actor), 'Resolved'),
    async silence(alertId, { actor, durationMs, reason }) {
      try {
        const created = await alerting.silenceAlert(alertId, { for: durationMs, actor, ...(reason === undefined ? {} : { comment: reason }) });
        return { ok: true, message: `Silenced alert ${alertId} until ${new Date(created.endsAt).toISOString()} (silence ${created.id}).` };
      } catch (error) {
        return failure(error);
      }
    },
  };
}
