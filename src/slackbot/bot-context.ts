/**
 * What every handler of the bot shares: configuration, ports, the messenger,
 * page copies, idempotency, and a tracker for work that runs after the ack.
 */
import type { SlackBotOptions } from './create-slack-bot.js';
import type { SlackMessenger } from './delivery/messenger.js';
import type { OnceRegistry } from './once.js';
import type { PageCopies } from './page-copies.js';
import type { ApprovalCard } from './render/approval-card.js';

/** Where an approval card was posted, and who/what asked for it. */
export interface ApprovalRecord {
  card: ApprovalCard;
  channel: string;
  ts: string;
  requesterSlackId: string;
  alertId?: string;
}

/** The shared state and dependencies of the bot's handlers: the bot's options plus its running parts. */
export interface BotContext extends Pick<SlackBotOptions, 'config' | 'clock' | 'logger' | 'commands' | 'alerts' | 'oncall' | 'status' | 'actors'> {
  messenger: SlackMessenger;
  copies: PageCopies;
  once: OnceRegistry<unknown>;
  approvals: Map<string, ApprovalRecord>;
  /** Aborted when the bot stops; passed to the engine so slow commands can be cancelled. */
  signal: AbortSignal;
  /** Runs work after the ack without blocking it; failures are logged, never thrown at Slack. */
  background(label: string, work: () => Promise<void>): void;
}
