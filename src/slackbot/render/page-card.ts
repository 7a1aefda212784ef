/**
 * The 3 AM page as a Block Kit message: what broke, current health, recent
 * events, what the night policy already tried, the runbook, and the buttons to
 * fix it. Pure: the same page and state always render the same card.
 */
import { HEALTH_ICON } from './health-icons.js';
import { ACTION_IDS } from '../action-value.js';
import type { AlertSeverity, Page, RemediationButton } from '../ports.js';
import { LIMITS, context, escapeMrkdwn, fallbackText, header, limitBlocks, section, slackDate, truncate, type Block } from './block-limits.js';
import { actionsBlocks, button, linkButton, type Button } from './buttons.js';

/** What has happened to the page since it was sent, shown on every copy. */
export interface PageCardState {
  acknowledgedBy?: string;
  /** Once resolved or silenced the card keeps its facts but loses its buttons. */
  closed?: { state: 'resolved' | 'silenced'; by: string };
  /** Who did what, oldest first ("<@U1> restarted payments — succeeded: 3/3 healthy"). */
  history: string[];
}

/** A rendered message: fallback text plus blocks. */
export interface RenderedMessage {
  text: string;
  blocks: Block[];
}

const SEVERITY_ICON: Record<AlertSeverity, string> = { critical: ':red_circle:', warning: ':large_orange_circle:', info: ':large_blue_circle:' };
const MAX_EVENTS = 8;
const MAX_HISTORY = 10;

function remediationButton(page: Page, remediation: RemediationButton, index: number): Button | undefined {
  const typed = remediation.guard === 'typed-name';
  return button({
    actionId: `${ACTION_IDS.remediatePrefix}${index}`,
    text: typed ? `${remediation.label}…` : remediation.label,
    style: 'danger',
    value: { t: 'cmd', k: remediation.kind, tg: remediation.target, ar: remediation.args ?? {}, g: remediation.guard, al: page.alertId, pg: page.pageId },
    ...(typed
      ? {}
      : { confirm: { title: `${remediation.label}?`, text: `This runs *${escapeMrkdwn(remediation.label)}* as you, through opsdeck's guards.`, confirm: 'Do it' } }),
  });
}

function alertButtons(page: Page, state: PageCardState): Array<Button | undefined> {
  if (state.closed !== undefined) return [];
  const value = { t: 'alert' as const, al: page.alertId, pg: page.pageId };
  return [
    state.acknowledgedBy === undefined ? button({ actionId: ACTION_IDS.ack, text: 'Acknowledge', style: 'primary', value }) : undefined,
    button({
      actionId: ACTION_IDS.resolve,
      text: 'Resolve',
      value,
      confirm: { title: 'Resolve this alert?', text: 'Mark it resolved for everyone; it fires again if the problem comes back.', confirm: 'Resolve' },
    }),
    button({ actionId: ACTION_IDS.silence, text: 'Silence…', value }),
    ...page.remediations.map((r, i) => remediationButton(page, r, i)),
    page.runbookUrl === undefined ? undefined : linkButton(ACTION_IDS.runbook, 'Runbook', page.runbookUrl),
  ];
}

function statusLine(state: PageCardState): string | undefined {
  if (state.closed !== undefined) return `*${state.closed.state === 'resolved' ? ':white_check_mark: Resolved' : ':no_bell: Silenced'}* by ${state.closed.by}`;
  if (state.acknowledgedBy !== undefined) return `*:eyes: Acknowledged* by ${state.acknowledgedBy}`;
  return undefined;
}

/** Renders a page (and what happened since) as a message for a DM or the service's channel. */
export function renderPageCard(page: Page, state: PageCardState = { history: [] }): RenderedMessage {
  const title = `${page.severity.toUpperCase()}: ${page.title} — ${page.service}`;
  const blocks: Block[] = [header(`${page.severity === 'critical' ? '🔴' : page.severity === 'warning' ? '🟠' : '🔵'} ${page.title}`)];
  blocks.push({
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: truncate(`*Service*\n${escapeMrkdwn(page.service)}`, LIMITS.fieldText) },
      { type: 'mrkdwn', text: truncate(`*Health*\n${HEALTH_ICON[page.health.status]} ${page.health.status} — ${escapeMrkdwn(page.health.reason)}`, LIMITS.fieldText) },
      { type: 'mrkdwn', text: `*Severity*\n${SEVERITY_ICON[page.severity]} ${page.severity}` },
      { type: 'mrkdwn', text: `*Fired*\n${slackDate(page.firedAt)}${page.level !== undefined && page.level > 1 ? ` (escalation ${page.level})` : ''}` },
    ],
  });
  const status = statusLine(state);
  if (status !== undefined) blocks.push(section(status));
  const events = page.recentEvents.slice(-MAX_EVENTS);
  if (events.length > 0) blocks.push(section(`*Recent events*\n${events.map((e) => `• ${slackDate(e.at)} ${escapeMrkdwn(e.text)}`).join('\n')}`));
  if (page.nightPolicyTried.length > 0) {
    blocks.push(section(`*Already tried by the night policy*\n${page.nightPolicyTried.map((t) => `• ${escapeMrkdwn(t)}`).join('\n')}`));
  } else {
    blocks.push(context('The night policy has not tried anything yet.'));
  }
  const history = state.history.slice(-MAX_HISTORY);
  if (history.length > 0) blocks.push(section(`*What happened since*\n${history.map((h) => `• ${h}`).join('\n')}`));
  blocks.push(...actionsBlocks(alertButtons(page, state), `opsdeck.page`));
  blocks.push(context(`Alert \`${escapeMrkdwn(page.alertId)}\` · page \`${escapeMrkdwn(page.pageId)}\``));
  return { text: fallbackText(`${state.closed !== undefined ? `[${state.closed.state}] ` : ''}${title}`), blocks: limitBlocks(blocks) };
}
