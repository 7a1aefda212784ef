/**
 * Builds the Slack bot on a running runtime: commands through the guarded
 * engine, alert buttons through alerting, identities through the access gate,
 * page copies and delivered keys in the shared SQLite file, a Notifier for the
 * pager, and every alert change mirrored onto the copies. `opsdeck serve` calls it.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Notifier } from '../core/alerts/index.js';
import { createSlackBot, sqlitePageCopyStore, type SlackBot, type SlackConfig } from '../slackbot/index.js';
import { slackActorDirectory } from './adapters/slack-actor-directory.js';
import { actorMentions } from './adapters/slack-actor-mention.js';
import { slackAlertGateway } from './adapters/slack-alert-gateway.js';
import { AlertReflections } from './adapters/slack-alert-reflections.js';
import { slackAlertReflector } from './adapters/slack-alert-reflector.js';
import { slackCommandGateway } from './adapters/slack-command-gateway.js';
import { sqliteDeliveredKeys } from './adapters/slack-delivered-keys.js';
import { slackOnCallGateway } from './adapters/slack-on-call-gateway.js';
import type { PageChannels } from './adapters/slack-page-mapping.js';
import { slackPageNotifier } from './adapters/slack-page-notifier.js';
import type { Runtime } from './runtime.js';

/** What the Slack wiring needs. */
export interface SlackWiringOptions {
  runtime: Runtime;
  slackConfig: SlackConfig;
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  logger: Logger;
  /** Channels for the service cards (an alert label `slack_channel` wins). */
  pageChannels?: PageChannels;
  /** Socket Mode timing (tests shorten reconnects). */
  socketMode?: { clientPingTimeoutMs?: number; serverPingTimeoutMs?: number };
}

/** The Slack bot with its notifier; start the bot, then point the pager's notifier at `notifier`. */
export interface SlackWiring {
  bot: SlackBot;
  notifier: Notifier;
  /** Stops mirroring alert changes and stops the bot (waiting for acknowledged work). */
  stop(): Promise<void>;
}

/** Composes the bot from the runtime's engine, access gate, audit log, alerting, store and database (the bot is not started). */
export function buildSlackBot(options: SlackWiringOptions): SlackWiring {
  const { runtime, clock, logger } = options;
  const { engine, access, audit } = runtime.commands();
  const alerting = runtime.alerting();
  const db = runtime.database();
  const reflections = new AlertReflections();
  const mention = actorMentions(runtime.config.access);
  const people = runtime.config.oncall.people;
  const actorIdsOfPerson = (personId: string): string[] => {
    const slackId = people.find((p) => p.id === personId)?.contacts['slack'];
    const actor = slackId === undefined ? undefined : access.identify('slack', slackId);
    return [...new Set([personId, ...(actor === undefined ? [] : [actor.id])])];
  };
  const bot = createSlackBot({
    config: options.slackConfig,
    env: { ...options.env },
    clock,
    logger,
    commands: slackCommandGateway(engine, audit),
    alerts: slackAlertGateway(alerting, { access, reflections, actorIdsOfPerson }),
    oncall: slackOnCallGateway(alerting, access),
    status: runtime.store,
    actors: slackActorDirectory(access),
    pageStore: sqlitePageCopyStore(db, () => clock.now()),
    ...(options.socketMode === undefined ? {} : { socketMode: options.socketMode }),
  });
  const notifier = slackPageNotifier(bot, runtime.store, {
    policy: runtime.config.commands.confirmation,
    logger,
    now: () => clock.now(),
    alerts: alerting,
    delivered: sqliteDeliveredKeys(db, { now: clock.now() }),
    reflections,
    mention,
    ...(options.pageChannels === undefined ? {} : { channels: options.pageChannels }),
  });
  const reflector = slackAlertReflector(alerting, bot, { reflections, mention, logger: logger.child({ component: 'slack-reflector' }) });
  return {
    bot,
    notifier,
    async stop() {
      await reflector.stop();
      await bot.stop();
    },
  };
}
