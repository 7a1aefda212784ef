/**
 * Read-only answers to the slash command (status, plan, alerts, on-call) as
 * Block Kit messages. Pure functions of state, tested on fixtures.
 */
import { HEALTH_ICON } from './health-icons.js';
import type { Service } from '../../core/model/service.js';
import { healthSeverity, type HealthStatus } from '../../core/model/health.js';
import type { ClusterStateView } from '../../core/state/cluster-state.js';
import type { AlertSummary, OnCallEntry } from '../ports.js';
import { LIMITS, context, escapeMrkdwn, fallbackText, header, limitBlocks, linesToSections, section, slackDate, truncate, type Block } from './block-limits.js';
import type { RenderedMessage } from './page-card.js';

const MAX_SERVICES = 60;

/** One line per service: icon, name, health and counts. */
export function serviceLine(service: Service): string {
  const stale = service.staleSince !== undefined ? ` (stale since ${slackDate(service.staleSince)})` : '';
  return `${HEALTH_ICON[service.health.status]} *${escapeMrkdwn(service.name)}* \`${escapeMrkdwn(service.id)}\` — ${service.health.status}: ${escapeMrkdwn(service.health.reason)}${stale}`;
}

/** Services sorted worst health first, then by name. */
export function servicesWorstFirst(view: ClusterStateView): Service[] {
  return [...view.services()].sort((a, b) => healthSeverity(b.health.status) - healthSeverity(a.health.status) || a.name.localeCompare(b.name));
}

/** `status` with no argument: counts per health and the services that need attention first. */
export function renderStatusOverview(view: ClusterStateView): RenderedMessage {
  const services = servicesWorstFirst(view);
  const counts = new Map<HealthStatus, number>();
  for (const s of services) counts.set(s.health.status, (counts.get(s.health.status) ?? 0) + 1);
  const summary = [...counts.entries()].map(([status, n]) => `${HEALTH_ICON[status]} ${n} ${status.toLowerCase()}`).join('  ·  ');
  const blocks: Block[] = [header(`Status: ${services.length} services`), section(summary === '' ? 'No services known yet.' : summary)];
  const stale = view.backends().filter((b) => b.connection !== 'live');
  if (stale.length > 0) blocks.push(context(`:grey_question: Not live: ${stale.map((b) => `${b.id} (${b.connection})`).join(', ')}`));
  const shown = services.slice(0, MAX_SERVICES);
  blocks.push(...linesToSections(shown.map(serviceLine), 40));
  if (services.length > shown.length) blocks.push(context(`…and ${services.length - shown.length} more healthy-looking services.`));
  return { text: fallbackText(`Status: ${services.length} services. ${summary}`), blocks: limitBlocks(blocks) };
}

/** Finds services by global id or name; several matches are returned for disambiguation. */
export function findServices(view: ClusterStateView, query: string): Service[] {
  const byId = view.service(query);
  if (byId !== undefined) return [byId];
  return view.servicesNamed(query);
}

/** `status <service>`: health, counts, tasks and recent events of one service (or a disambiguation list). */
export function renderServiceStatus(view: ClusterStateView, query: string): RenderedMessage {
  const matches = findServices(view, query);
  if (matches.length === 0) return { text: `No service called "${query}".`, blocks: [section(`:mag: No service called *${escapeMrkdwn(query)}*. Try \`status\` to list them.`)] };
  if (matches.length > 1) {
    return { text: `"${query}" matches ${matches.length} services.`, blocks: limitBlocks([section(`*${escapeMrkdwn(query)}* matches ${matches.length} services; use the id:`), ...linesToSections(matches.map(serviceLine), 40)]) };
  }
  const service = matches[0] as Service;
  const tasks = view.tasksOf(service.id);
  const events = view.recentEvents(service.id).slice(-8);
  const blocks: Block[] = [
    header(`${service.name} (${service.cluster})`),
    section(serviceLine(service)),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Instances*\n${service.healthy}/${service.desired} healthy, ${service.running} running` },
        { type: 'mrkdwn', text: truncate(`*Version*\n${escapeMrkdwn(service.version ?? 'unknown')}`, LIMITS.fieldText) },
        { type: 'mrkdwn', text: truncate(`*Kind*\n${service.kind} on ${escapeMrkdwn(service.backend)}`, LIMITS.fieldText) },
        { type: 'mrkdwn', text: truncate(`*Actions*\n${service.actions.join(', ') || 'none'}`, LIMITS.fieldText) },
      ],
    },
  ];
  if (tasks.length > 0) {
    blocks.push(...linesToSections(['*Tasks*', ...tasks.slice(0, 40).map((t) => `• \`${escapeMrkdwn(t.id)}\` ${t.state}${t.healthy === false ? ' (unhealthy)' : ''} on ${escapeMrkdwn(t.host)}${t.message ? ` — ${escapeMrkdwn(t.message)}` : ''}`)], 10));
  }
  if (events.length > 0) blocks.push(section(`*Recent events*\n${events.map((e) => `• ${slackDate(e.at)} ${escapeMrkdwn(e.message)}`).join('\n')}`));
  return { text: fallbackText(`${service.name}: ${service.health.status} — ${service.health.reason}`), blocks: limitBlocks(blocks) };
}

/** `plan <service> [plan]`: phases and steps with their statuses. */
export function renderPlans(view: ClusterStateView, query: string, planName?: string): RenderedMessage {
  const matches = findServices(view, query);
  if (matches.length !== 1) return renderServiceStatus(view, query);
  const service = matches[0] as Service;
  const plans = view.plansOf(service.id).filter((p) => planName === undefined || p.name === planName);
  if (plans.length === 0) return { text: `No plan${planName ? ` "${planName}"` : 's'} for ${service.name}.`, blocks: [section(`No plan${planName ? ` *${escapeMrkdwn(planName)}*` : 's'} for *${escapeMrkdwn(service.name)}*.`)] };
  const lines: string[] = [];
  for (const plan of plans) {
    lines.push(`*${escapeMrkdwn(plan.name)}* — ${plan.status}${plan.interrupted ? ' (paused)' : ''} · ${plan.strategy}`);
    for (const phase of plan.phases) {
      lines.push(`  ${escapeMrkdwn(phase.name)}: ${phase.status}${phase.interrupted ? ' (paused)' : ''}`);
      for (const step of phase.steps) lines.push(`    • ${escapeMrkdwn(step.name)}: ${step.status}${step.message ? ` — ${escapeMrkdwn(step.message)}` : ''}`);
    }
    for (const error of plan.errors) lines.push(`  :x: ${escapeMrkdwn(error)}`);
  }
  return { text: fallbackText(`Plans of ${service.name}`), blocks: limitBlocks([header(`Plans: ${service.name}`), ...linesToSections(lines, 45)]) };
}

const SEVERITY_ICON: Record<string, string> = { critical: ':red_circle:', warning: ':large_orange_circle:', info: ':large_blue_circle:' };

/** One line per alert. */
export function alertLine(alert: AlertSummary): string {
  const ack = alert.acknowledgedBy !== undefined ? ` · acked by ${escapeMrkdwn(alert.acknowledgedBy)}` : '';
  return `${SEVERITY_ICON[alert.severity] ?? ''} \`${escapeMrkdwn(alert.id)}\` *${escapeMrkdwn(alert.title)}*${alert.service ? ` (${escapeMrkdwn(alert.service)})` : ''} — ${alert.state} since ${slackDate(alert.since)}${ack}`;
}

/** `alerts`: open alerts, most severe first. */
export function renderAlerts(alerts: AlertSummary[]): RenderedMessage {
  if (alerts.length === 0) return { text: 'No open alerts.', blocks: [section(':white_check_mark: No open alerts.')] };
  const order = { critical: 0, warning: 1, info: 2 };
  const sorted = [...alerts].sort((a, b) => order[a.severity] - order[b.severity] || a.since - b.since);
  return { text: `${alerts.length} open alerts`, blocks: limitBlocks([header(`${alerts.length} open alerts`), ...linesToSections(sorted.map(alertLine), 45)]) };
}

/** One line per on-call entry, mentioning the person when their Slack id is known. */
export function onCallLine(entry: OnCallEntry): string {
  const who = entry.slackUserId !== undefined ? `<@${entry.slackUserId}>` : escapeMrkdwn(entry.actor.name);
  return `*${escapeMrkdwn(entry.schedule)}*: ${who}${entry.until !== undefined ? ` until ${slackDate(entry.until)}` : ''}`;
}

/** `oncall`: who is on call for every schedule. */
export function renderOnCall(entries: OnCallEntry[]): RenderedMessage {
  if (entries.length === 0) return { text: 'Nobody is on call.', blocks: [section(':warning: Nobody is on call right now.')] };
  return { text: `On call: ${entries.map((e) => e.actor.name).join(', ')}`, blocks: limitBlocks([header('On call now'), ...linesToSections(entries.map(onCallLine), 45)]) };
}
