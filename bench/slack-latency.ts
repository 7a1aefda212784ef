/**
 * Slack latency bench: ack latency (p50/p99) of slash commands and page buttons
 * while every engine action takes 30 s, against the `help` command acked with a
 * pure reply (baseline, same run); and page → DM latency through the Slack peer.
 * Run: node --import tsx bench/slack-latency.ts
 */
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { Actor } from '../src/core/model/actor.js';
import { createSlackBot } from '../src/slackbot/create-slack-bot.js';
import type { CommandGateway, CommandResult, Page } from '../src/slackbot/ports.js';
import { slackConfigSchema } from '../src/slackbot/slack-config.js';
import { StateStore } from '../src/core/state/store.js';
import { SlackPeer } from '../test/support/slack-peer/slack-peer.js';

const ACTION_MS = 30_000;
const COMMANDS = 300;
const CLICKS = 300;
const PAGES = 200;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function report(name: string, values: number[]): void {
  console.log(`${name.padEnd(44)} n=${String(values.length).padStart(4)}  p50=${percentile(values, 50).toFixed(2)} ms  p99=${percentile(values, 99).toFixed(2)} ms  max=${Math.max(...values).toFixed(2)} ms`);
}

const slowEngine: CommandGateway = {
  submit: () =>
    new Promise<CommandResult>((resolve) => {
      setTimeout(() => resolve({ status: 'executed', outcome: 'succeeded', message: 'done' }), ACTION_MS).unref();
    }),
  approve: async () => ({ status: 'denied', message: 'n/a' }),
  deny: async () => ({ ok: false, message: 'n/a' }),
  reportDenied: async () => undefined,
};

async function main(): Promise<void> {
  const peer = new SlackPeer();
  await peer.start();
  peer.web.now = () => performance.timeOrigin + performance.now();
  const status = new StateStore({ clock: systemClock, publish: 'manual' });
  const bot = createSlackBot({
    config: slackConfigSchema.parse({}),
    env: peer.env(),
    clock: systemClock,
    logger: silentLogger,
    commands: slowEngine,
    alerts: { list: async () => [], ack: async () => ({ ok: true, message: '' }), resolve: async () => ({ ok: true, message: '' }), silence: async () => ({ ok: true, message: '' }) },
    oncall: { current: async () => [] },
    status,
    actors: { resolve: async (id): Promise<Actor> => ({ id: id.toLowerCase(), name: id, source: 'slack' }) },
    stopGraceMs: 100,
  });
  await bot.start();
  await peer.socket.waitForConnections(1);

  const baseline: number[] = [];
  for (let i = 0; i < COMMANDS; i++) baseline.push((await peer.slashCommand({ user: 'UBENCH', channel: 'COPS', text: 'help' })).ack.latencyMs);

  const commands: number[] = [];
  for (let i = 0; i < COMMANDS; i++) commands.push((await peer.slashCommand({ user: `UB${i}`, channel: 'COPS', text: 'restart payments' })).ack.latencyMs);

  const page: Page = {
    pageId: 'bench-page', alertId: 'bench-alert', title: 'payments failing', severity: 'critical', service: 'payments',
    health: { status: 'UNHEALTHY', reason: '0/3 healthy' }, recentEvents: [], nightPolicyTried: [],
    remediations: [{ kind: 'restart', label: 'Restart payments', target: { service: 'payments' }, guard: 'confirm' }],
    recipients: ['UONCALL'], firedAt: Date.now(),
  };
  await bot.deliverPage(page);
  const [dm] = peer.messagesIn('DUONCALL');
  if (dm === undefined) throw new Error('page not delivered');
  const clicks: number[] = [];
  for (let i = 0; i < CLICKS; i++) clicks.push((await peer.click({ user: `UC${i}`, message: dm, button: 'Restart payments' })).ack.latencyMs);

  const pageLatency: number[] = [];
  for (let i = 0; i < PAGES; i++) {
    const user = `UP${i}`;
    const started = performance.timeOrigin + performance.now();
    const result = await bot.deliverPage({ ...page, pageId: `p-${i}`, alertId: `a-${i}`, recipients: [user] });
    if (result !== 'delivered') throw new Error(`page ${i}: ${result}`);
    const posted = peer.web.calls.find((c) => c.method === 'chat.postMessage' && c.args['channel'] === `D${user}`);
    pageLatency.push((posted?.at ?? Number.NaN) - started);
  }

  console.log(`Slack latency through the peer (engine action takes ${ACTION_MS / 1000} s; targets: ack p99 ≤ 100 ms, page→DM p99 ≤ 250 ms)`);
  report('baseline: /opsdeck help (pure ack reply)', baseline);
  report('slash command ack (restart, engine busy)', commands);
  report('button ack (Restart on a page, engine busy)', clicks);
  report('page → DM posted (conversations.open+post)', pageLatency);
  await bot.stop();
  await peer.stop();
  process.exit(0);
}

await main();
