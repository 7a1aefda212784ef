/**
 * What every handler of the bot shares: configuration, ports, the messenger,
 * page copies, idempotency, and a tracker for work that runs after the ack.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { SlackMessenger } from './delivery/messenger.js';
import type { OnceRegistry } from './once.js';
import type { PageCopies } from './page-copies.js';
import type { ActorDirectory, AlertGateway, CommandGateway, OnCallGateway, StatusSource } from './ports.js';
import type { ApprovalCard } from './render/approval-card.js';
import type { SlackConfig } from './slack-config.js';

/** Where an approval card was posted, and who/what asked for it. */
export interface ApprovalRecord {
  card: ApprovalCard;
  channel: string;
  ts: string;
  requesterSlackId: string;
  alertId?: string;
}

/** The shared state and dependencies of the bot's handlers. */
export interface BotContext {
  config: SlackConfig;
  clock: Clock;
  logger: Logger;
  commands: CommandGateway;
  alerts: AlertGateway;
  oncall: OnCallGateway;
  status: StatusSource;
  actors: ActorDirectory;
  messenger: SlackMessenger;
  copies: PageCopies;
  once: OnceRegistry<unknown>;
  approvals: Map<string, ApprovalRecord>;
  /** Aborted when the bot stops; passed to the engine so slow commands can be cancelled. */
  signal: AbortSignal;
  /** Runs work after the ack without blocking it; failures are logged, never thrown at Slack. */
  background(label: string, work: () => Promise<void>): void;
}
