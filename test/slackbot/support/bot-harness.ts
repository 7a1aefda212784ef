/**
 * Starts the real bot (bolt App) against the Slack peer with test-double
 * gateways. Time is a FakeClock that a warp driver moves ~40× faster than the
 * wall clock, so pacing and Retry-After are honoured in bot time without slow tests.
 */
import { FakeClock } from '../../../src/core/fake-clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createSlackBot, type SlackBot } from '../../../src/slackbot/create-slack-bot.js';
import type { PageCopyStore } from '../../../src/slackbot/page-copies.js';
import type { Page } from '../../../src/slackbot/ports.js';
import { slackConfigSchema } from '../../../src/slackbot/slack-config.js';
import { SlackPeer } from '../../support/slack-peer/slack-peer.js';
import { fixtureCluster } from './cluster-fixture.js';
import { AlertsDouble, EngineDouble, directory, onCall } from './gateway-doubles.js';

/** A running bot, its peer and its doubles. */
export interface Harness {
  peer: SlackPeer;
  bot: SlackBot;
  clock: FakeClock;
  engine: EngineDouble;
  alerts: AlertsDouble;
  stop(): Promise<void>;
}

/** Moves a FakeClock forward `stepMs` every `everyMs` of real time (never two advances at once). */
export function warpClock(clock: FakeClock, stepMs: number, everyMs: number): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void clock.advance(stepMs).finally(() => {
      busy = false;
    });
  }, everyMs);
  return () => clearInterval(timer);
}

/** Starts peer + bot in Socket Mode. */
export async function startHarness(options: { config?: Record<string, unknown>; peer?: SlackPeer; pageStore?: PageCopyStore } = {}): Promise<Harness> {
  const peer = options.peer ?? new SlackPeer();
  if (options.peer === undefined) await peer.start();
  const clock = new FakeClock(Date.now());
  peer.web.now = () => clock.now();
  const stopWarp = warpClock(clock, 200, 5);
  const connectionsBefore = peer.socket.connections;
  const engine = new EngineDouble();
  const alerts = new AlertsDouble();
  const bot = createSlackBot({
    config: slackConfigSchema.parse({ approversChannel: 'CAPPROVERS', ...options.config }),
    env: peer.env(),
    clock,
    logger: silentLogger,
    commands: engine,
    alerts,
    oncall: onCall,
    status: fixtureCluster(clock),
    actors: directory,
    socketMode: { clientPingTimeoutMs: 200 },
    ...(options.pageStore === undefined ? {} : { pageStore: options.pageStore }),
  });
  await bot.start();
  await peer.socket.waitForConnections(connectionsBefore + 1);
  return {
    peer,
    bot,
    clock,
    engine,
    alerts,
    async stop() {
      await bot.stop();
      stopWarp();
      if (options.peer === undefined) await peer.stop();
    },
  };
}

/** A page for payments with a restart and a kill remediation. */
export function paymentsPage(overrides: Partial<Page> = {}): Page {
  return {
    pageId: 'page-a-1-1',
    alertId: 'a-1',
    title: 'payments tasks failing',
    severity: 'critical',
    service: 'payments',
    serviceId: 'mem/payments',
    health: { status: 'DEGRADED', reason: '1/3 healthy' },
    recentEvents: [{ at: Date.UTC(2026, 0, 1, 3, 1), text: 'payments.2 exited 137 (OOMKilled)' }],
    nightPolicyTried: ['03:02 restarted task payments.2 — failed again'],
    runbookUrl: 'https://runbooks.example.com/payments',
    remediations: [
      { kind: 'restart', label: 'Restart payments', target: { service: 'payments' }, guard: 'confirm' },
      { kind: 'kill-task', label: 'Kill payments.2', target: { task: 'payments.2' }, guard: 'typed-name' },
      { kind: 'rollback', label: 'Roll back payments', target: { service: 'payments' }, guard: 'confirm' },
    ],
    recipients: ['UALICE'],
    channel: 'CPAYMENTS',
    firedAt: Date.UTC(2026, 0, 1, 3, 0),
    level: 1,
    ...overrides,
  };
}
