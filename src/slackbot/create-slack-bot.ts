/**
 * The composition of the Slack bot: a real @slack/bolt App in Socket Mode (the
 * default) or HTTP mode with strict signature checks, every handler, the outbox,
 * and the Notifier-facing `deliverPage` / `updatePage` the pager calls.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Clock } from '../core/clock.js';
import { toOpsdeckError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { BotContext } from './bot-context.js';
import { boltLogger } from './bolt-logger.js';
import { SlackMessenger } from './delivery/messenger.js';
import { Outbox } from './delivery/outbox.js';
import { publishHome, registerAppHome } from './handlers/app-home.js';
import { registerBlockActions } from './handlers/block-actions.js';
import { registerSlashCommand } from './handlers/slash-command.js';
import { registerViewSubmissions } from './handlers/view-submissions.js';
import { SignedHttpReceiver } from './http-receiver.js';
import { OnceRegistry } from './once.js';
import { PageCopies, type PageCopyStore } from './page-copies.js';
import { deliverPage, updatePage } from './page-service.js';
import type { ActorDirectory, AlertGateway, CommandGateway, DeliveryResult, OnCallGateway, Page, PageUpdate, StatusSource } from './ports.js';
import { resolveSlackSecrets, type SlackConfig } from './slack-config.js';

/** Everything the bot needs; the gateways are ports the composition root wires. */
export interface SlackBotOptions {
  config: SlackConfig;
  env: Record<string, string | undefined>;
  clock: Clock;
  logger: Logger;
  commands: CommandGateway;
  alerts: AlertGateway;
  oncall: OnCallGateway;
  status: StatusSource;
  actors: ActorDirectory;
  /** Socket Mode timing (tests shorten the reconnect delay, which bolt derives from the client ping timeout). */
  socketMode?: { clientPingTimeoutMs?: number; serverPingTimeoutMs?: number };
  /** How long a click or envelope identity is remembered for at-most-once execution. */
  idempotencyWindowMs?: number;
  /** Where page copies are remembered across restarts (default: memory only; use sqlitePageCopyStore in production). */
  pageStore?: PageCopyStore;
  /** How long stop() waits for acknowledged work to finish before giving up on it (default 10 s). */
  stopGraceMs?: number;
}

/** The running bot as the composition root and the pager see it. */
export interface SlackBot {
  start(): Promise<void>;
  /** Disconnects, stops the outbox and waits for work already acknowledged. */
  stop(): Promise<void>;
  /** Notifier entry point: DM the recipients and post the channel card. */
  deliverPage(page: Page): Promise<DeliveryResult>;
  /** Reflects an ack/resolve/silence/escalation made anywhere on every copy of the page. */
  updatePage(alertId: string, update: PageUpdate): Promise<void>;
  /** Rebuilds one user's App Home tab. */
  publishHome(slackUserId: string): Promise<void>;
  /** HTTP mode: the bound address (after start). */
  httpAddress(): AddressInfo | undefined;
  /** Resolves once all work started after an ack has settled. */
  idle(): Promise<void>;
}

/** Builds the Slack bot; throws CONFIG_INVALID when a token or the signing secret is missing. */
export function createSlackBot(options: SlackBotOptions): SlackBot {
  const { config, clock, logger } = options;
  const secrets = resolveSlackSecrets(config, options.env);
  const log = logger.child({ component: 'slackbot' });
  const bolt = boltLogger(log, LogLevel.WARN);
  const clientOptions = { slackApiUrl: secrets.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
  let httpReceiver: SignedHttpReceiver | undefined;
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: secrets.appToken as string,
          logger: bolt,
          ...(options.socketMode?.clientPingTimeoutMs === undefined ? {} : { clientPingTimeout: options.socketMode.clientPingTimeoutMs }),
          ...(options.socketMode?.serverPingTimeoutMs === undefined ? {} : { serverPingTimeout: options.socketMode.serverPingTimeoutMs }),
          // Its own options object: the socket client retries apps.connections.open itself and mutates what it is given.
          installerOptions: { clientOptions: { slackApiUrl: secrets.apiUrl } },
        })
      : (httpReceiver = new SignedHttpReceiver({ signingSecret: secrets.signingSecret as string, ...config.http, clock, logger: log }));
  const app = new App({ token: secrets.botToken, receiver, logger: bolt, clientOptions, deferInitialization: true });
  const outbox = new Outbox({ clock, logger: log, ...config.delivery });
  const pending = new Set<Promise<void>>();
  const shutdown = new AbortController();
  const ctx: BotContext = {
    config,
    clock,
    logger: log,
    commands: options.commands,
    alerts: options.alerts,
    oncall: options.oncall,
    status: options.status,
    actors: options.actors,
    messenger: new SlackMessenger(app.client, outbox),
    copies: new PageCopies(options.pageStore),
    once: new OnceRegistry<unknown>(clock, options.idempotencyWindowMs ?? 15 * 60_000),
    approvals: new Map(),
    signal: shutdown.signal,
    background(label, work) {
      const running = work().catch((error: unknown) => {
        log.log('error', 'Slack work after ack failed', { work: label, error: toOpsdeckError(error).message });
      });
      pending.add(running);
      void running.finally(() => pending.delete(running));
    },
  };
  registerSlashCommand(app, ctx);
  registerBlockActions(app, ctx);
  registerViewSubmissions(app, ctx);
  registerAppHome(app, ctx);
  app.error(async (error) => {
    log.log('error', 'Slack handler error', { error: error.message, code: error.code });
  });

  const idle = async (): Promise<void> => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  return {
    async start() {
      await app.init();
      await app.start();
      log.log('info', 'Slack bot started', { mode: config.mode, command: config.commandName });
    },
    async stop() {
      await app.stop();
      shutdown.abort();
      const grace = new AbortController();
      await Promise.race([idle(), clock.sleep(options.stopGraceMs ?? 10_000, grace.signal).catch(() => undefined)]);
      grace.abort();
      if (pending.size > 0) log.log('warn', 'Stopped with Slack work still running', { pending: pending.size });
      outbox.stop();
    },
    deliverPage: (page) => deliverPage(ctx, page),
    updatePage: (alertId, update) => updatePage(ctx, alertId, update),
    publishHome: (slackUserId) => publishHome(ctx, slackUserId),
    httpAddress: () => httpReceiver?.address(),
    idle,
  };
}
