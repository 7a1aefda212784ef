/**
 * The core Notifier that pages through the Slack bot: a page becomes a DM to
 * the recipient (and the service's channel card), a reminder a fresh DM on
 * the same card, an escalation a re-page at a higher level, a resolution an
 * update of every copy. Each idempotency key is delivered at most once.
 */
import type { Alerting, DeliveryResult, Notifier, PageMessage } from '../../core/alerts/index.js';
import type { ConfirmationPolicy } from '../../core/commands/index.js';
import { toOpsdeckError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ClusterStateView } from '../../core/state/cluster-state.js';
import type { SlackBot } from '../../slackbot/index.js';
import type { ActorMention } from './slack-actor-mention.js';
import type { AlertReflections } from './slack-alert-reflections.js';
import { memoryDeliveredKeys, type DeliveredKeys } from './slack-delivered-keys.js';
import { pageFromMessage, type PageChannels } from './slack-page-mapping.js';

/** What the notifier needs besides the bot and the live state. */
export interface SlackPageNotifierOptions {
  /** The engine's confirmation policy, to pick each button's guard. */
  policy: ConfirmationPolicy;
  logger: Logger;
  now: () => number;
  /** Alert lookups (fired time, who resolved). */
  alerts?: Pick<Alerting, 'getAlert'>;
  channels?: PageChannels;
  /** Delivered keys (default: memory; wire sqliteDeliveredKeys in production). */
  delivered?: DeliveredKeys;
  /** Shared with the alert reflector so a resolution is shown once. */
  reflections?: AlertReflections;
  /** Names whoever resolved an alert. */
  mention?: (actorId: string | undefined) => ActorMention;
}

const REASONS = {
  retryable: 'Slack did not take every copy yet (rate limit or outage); the delivered ones are not repeated.',
  permanent: 'Slack refused the page for good (unknown user or channel, or the bot is not allowed there).',
} as const;

type SlackPort = Pick<SlackBot, 'deliverPage' | 'updatePage'>;

async function resolvedMessage(bot: SlackPort, message: PageMessage, options: SlackPageNotifierOptions): Promise<DeliveryResult> {
  for (const alert of message.alerts) {
    if (alert.state !== 'resolved') continue;
    if (options.reflections !== undefined && !options.reflections.transition(alert.id, 'resolved')) continue;
    const by = (options.mention ?? ((id) => ({ name: id ?? 'opsdeck' })))(options.alerts?.getAlert(alert.id)?.resolvedBy);
    await bot.updatePage(alert.id, { state: 'resolved', by });
  }
  return { status: 'delivered', ref: message.pageId };
}

async function pageMessage(bot: SlackPort, state: ClusterStateView, message: PageMessage, options: SlackPageNotifierOptions): Promise<DeliveryResult> {
  const page = pageFromMessage(message, {
    state,
    policy: options.policy,
    ...(options.channels === undefined ? {} : { channels: options.channels }),
    ...(options.alerts === undefined ? {} : { firedAtOf: (id: string) => options.alerts?.getAlert(id)?.firedAt }),
  });
  if (page === undefined) return { status: 'permanent', reason: 'The page carries no alert to show.' };
  if (page.recipients.length === 0 && page.channel === undefined) {
    return { status: 'permanent', reason: `${message.recipient.name} has no Slack id (oncall.people[].contacts.slack) and no channel is configured for ${page.service}.` };
  }
  const result = await bot.deliverPage(page);
  if (result === 'delivered' && message.type === 'reminder') {
    await bot.updatePage(page.alertId, { state: 'action', note: `:alarm_clock: Reminder sent to ${message.recipient.name}: still firing.` });
  }
  if (page.recipients.length === 0) {
    return { status: 'permanent', reason: `${message.recipient.name} has no Slack id (oncall.people[].contacts.slack); only the channel card was posted.` };
  }
  return result === 'delivered' ? { status: 'delivered', ref: page.pageId } : { status: result, reason: REASONS[result] };
}

/** Builds the Slack notifier; hand it to the pager (e.g. through the delegating notifier's use()). */
export function slackPageNotifier(bot: SlackPort, state: ClusterStateView, options: SlackPageNotifierOptions): Notifier {
  const delivered = options.delivered ?? memoryDeliveredKeys();
  const inFlight = new Map<string, Promise<DeliveryResult>>();
  const log = options.logger.child({ component: 'slack-notifier' });
  const attempt = async (message: PageMessage): Promise<DeliveryResult> => {
    try {
      const result = message.type === 'resolved' ? await resolvedMessage(bot, message, options) : await pageMessage(bot, state, message, options);
      if (result.status === 'delivered') delivered.add(message.idempotencyKey, options.now());
      return result;
    } catch (error) {
      const reason = toOpsdeckError(error).message;
      log.log('warn', 'Slack page delivery failed', { key: message.idempotencyKey, reason });
      return { status: 'retryable', reason };
    }
  };
  return {
    async deliver(message, signal) {
      if (delivered.has(message.idempotencyKey)) return { status: 'delivered', ref: 'already-delivered' };
      if (signal?.aborted === true) return { status: 'retryable', reason: 'Delivery was cancelled (shutting down).' };
      const running = inFlight.get(message.idempotencyKey);
      if (running !== undefined) return running;
      const work = attempt(message).finally(() => inFlight.delete(message.idempotencyKey));
      inFlight.set(message.idempotencyKey, work);
      return work;
    },
  };
}
