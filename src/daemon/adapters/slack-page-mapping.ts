/**
 * Pure mapping from the pager's PageMessage to the Slack bot's Page: who to
 * DM, what broke and how it looks now (from the live store), what the night
 * policy tried, the runbook, and one guarded button per suggested remediation.
 */
import type { ConfirmationPolicy } from '../../core/commands/index.js';
import type { PageMessage } from '../../core/alerts/index.js';
import type { Service } from '../../core/model/service.js';
import type { ClusterStateView } from '../../core/state/cluster-state.js';
import type { Page, PageEvent, RemediationButton } from '../../slackbot/ports.js';
import { isEngineCommandKind } from './engine-commands.js';
import { remediationGuard } from './slack-remediation-guard.js';

type PagedAlert = PageMessage['alerts'][number];

/** Where the service's card goes: a label on the alert wins, then the service name, then the default. */
export interface PageChannels {
  default?: string;
  /** Service name or global id → channel id or name. */
  byService?: Record<string, string>;
}

/** What the mapping reads besides the message. */
export interface PageMappingContext {
  state: ClusterStateView;
  policy: ConfirmationPolicy;
  channels?: PageChannels;
  /** When the alert fired (the message only has when it was built). */
  firedAtOf?: (alertId: string) => number | undefined;
}

const MAX_EVENTS = 8;
const RUNBOOK_KEYS = ['runbook_url', 'runbookUrl', 'runbook'] as const;
const CHANNEL_KEYS = ['slack_channel', 'slackChannel', 'slack-channel'] as const;

function firstOf(sources: Array<Record<string, string | number>>, keys: readonly string[]): string | undefined {
  for (const source of sources) {
    for (const key of keys) {
      const value = source[key];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
  }
  return undefined;
}

/** "03:02" in the recipient's zone (UTC when the zone is unusable). */
export function localTime(at: number, timeZone: string): string {
  const format = (zone: string): string => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: zone }).format(at);
  try {
    return format(timeZone);
  } catch {
    return `${format('UTC')} UTC`;
  }
}

function serviceOf(alert: PagedAlert, state: ClusterStateView): Service | undefined {
  const id = alert.labels['service'];
  return id === undefined ? undefined : state.service(id);
}

function remediationButtons(alerts: readonly PagedAlert[], ctx: PageMappingContext, nameOf: (id: string) => string): RemediationButton[] {
  const seen = new Set<string>();
  const buttons: RemediationButton[] = [];
  for (const alert of alerts) {
    for (const r of alert.remediations) {
      const key = `${r.action}|${r.target}|${JSON.stringify(r.args)}`;
      if (seen.has(key) || !isEngineCommandKind(r.action)) continue;
      seen.add(key);
      const args = Object.fromEntries(Object.entries(r.args).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]));
      const name = nameOf(r.target);
      buttons.push({
        kind: r.action,
        label: r.label.toLowerCase().includes(name.toLowerCase()) ? r.label : `${r.label} ${name}`,
        target: r.action === 'kill-task' ? { task: r.target } : { service: r.target },
        ...(Object.keys(args).length === 0 ? {} : { args }),
        guard: remediationGuard({ kind: r.action, targetId: r.target, args: r.args }, ctx.state, ctx.policy),
      });
    }
  }
  return buttons;
}

function channelOf(alert: PagedAlert, service: Service | undefined, channels: PageChannels | undefined): string | undefined {
  const labelled = firstOf([alert.labels, alert.values], CHANNEL_KEYS);
  if (labelled !== undefined) return labelled;
  const byService = channels?.byService ?? {};
  return (service === undefined ? undefined : (byService[service.id] ?? byService[service.name])) ?? channels?.default;
}

/** Builds the bot's Page for one message; undefined when the message carries no alert. */
export function pageFromMessage(message: PageMessage, ctx: PageMappingContext): Page | undefined {
  const primary = message.alerts[0];
  if (primary === undefined) return undefined;
  const service = serviceOf(primary, ctx.state);
  const serviceId = service?.id ?? primary.labels['service'];
  const nameOf = (id: string): string => ctx.state.service(id)?.name ?? ctx.state.task(id)?.nativeId ?? id;
  const firedAt = ctx.firedAtOf?.(primary.id) ?? message.createdAt;
  const storeEvents: PageEvent[] = serviceId === undefined ? [] : ctx.state.recentEvents(serviceId).map((e) => ({ at: e.at, text: `${e.reason}: ${e.message}` }));
  const recentEvents = storeEvents.length > 0 ? storeEvents.slice(-MAX_EVENTS) : message.alerts.map((a) => ({ at: firedAt, text: a.summary }));
  const tz = message.recipient.timeZone;
  const nightPolicyTried = message.alerts.flatMap((a) =>
    a.attempts.map((t) => `${localTime(t.at, tz)} ${t.remediation} ${nameOf(t.target)} — ${t.outcome}: ${t.summary}`),
  );
  const slackUser = message.recipient.contacts['slack'];
  const runbookUrl = firstOf(message.alerts.flatMap((a) => [a.labels, a.values]), RUNBOOK_KEYS);
  const channel = channelOf(primary, service, ctx.channels);
  return {
    pageId: message.idempotencyKey,
    alertId: primary.id,
    title: message.title,
    severity: message.severity,
    service: service?.name ?? primary.labels['name'] ?? primary.labels['service'] ?? primary.labels['alertname'] ?? 'unknown service',
    ...(serviceId === undefined ? {} : { serviceId }),
    health: service === undefined ? { status: 'UNKNOWN', reason: 'not in opsdeck’s live state' } : { status: service.health.status, reason: service.health.reason },
    recentEvents,
    nightPolicyTried,
    ...(runbookUrl === undefined ? {} : { runbookUrl }),
    remediations: remediationButtons(message.alerts, ctx, nameOf),
    recipients: slackUser === undefined ? [] : [slackUser],
    ...(channel === undefined ? {} : { channel }),
    firedAt,
    level: message.level,
  };
}
