/**
 * The Slack notifier at its seams: a PageMessage becomes the bot's Page (who,
 * what, how it looks now, what was tried, which guard each button carries),
 * each idempotency key is delivered once (also across a restart, through
 * SQLite), and reminders, resolutions and unreachable people are handled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageMessage } from '../../../src/core/alerts/index.js';
import { confirmationPolicySchema, DEFAULT_CONFIRMATION_POLICY } from '../../../src/core/commands/index.js';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { ServiceReport } from '../../../src/core/model/service.js';
import { StateStore } from '../../../src/core/state/store.js';
import { openDatabase } from '../../../src/core/storage/sqlite-database.js';
import { AlertReflections } from '../../../src/daemon/adapters/slack-alert-reflections.js';
import { sqliteDeliveredKeys } from '../../../src/daemon/adapters/slack-delivered-keys.js';
import { pageFromMessage } from '../../../src/daemon/adapters/slack-page-mapping.js';
import { slackPageNotifier, type SlackPageNotifierOptions } from '../../../src/daemon/adapters/slack-page-notifier.js';
import type { DeliveryResult, Page, PageUpdate } from '../../../src/slackbot/ports.js';

const AT = Date.UTC(2026, 0, 1, 2, 0);

function service(nativeId: string, options: { stateful: boolean; healthy: number }): ServiceReport {
  return {
    nativeId,
    cluster: 'prod',
    tenant: 'shop',
    name: nativeId,
    kind: 'marathon-app',
    desired: 3,
    running: 3,
    healthy: options.healthy,
    health: options.healthy === 3 ? { status: 'HEALTHY', reason: '3/3 healthy' } : { status: 'DEGRADED', reason: `${options.healthy}/3 healthy` },
    labels: {},
    version: 'v1',
    stateful: options.stateful,
    actions: ['scale', 'restart', 'rollback', 'kill-task'],
    updatedAt: AT,
  };
}

function cluster(clock: FakeClock): StateStore {
  const store = new StateStore({ clock, publish: 'manual' });
  store.registerBackend({ id: 'mem', kind: 'memory', cluster: 'prod', freshnessBoundMs: 60_000 });
  store.apply('mem', { type: 'connected', at: AT });
  store.apply('mem', { type: 'snapshot', at: AT, snapshot: { services: [service('payments', { stateful: false, healthy: 1 }), service('kafka', { stateful: true, healthy: 3 })], tasks: [], plans: [], hosts: [] } });
  store.apply('mem', { type: 'service-event', at: AT, event: { serviceNativeId: 'payments', at: AT, severity: 'error', reason: 'TASK_FAILED', message: 'payments.2 exited 137' } });
  store.flush();
  return store;
}

function message(overrides: Partial<PageMessage> = {}, contacts: Record<string, string> = { slack: 'UALICE' }): PageMessage {
  return {
    idempotencyKey: 'P-1:0:alice',
    pageId: 'P-1',
    type: 'page',
    recipient: { personId: 'alice', name: 'Alice', timeZone: 'Europe/Berlin', contacts },
    severity: 'critical',
    title: 'payments is crash looping',
    alerts: [
      {
        id: 'A1',
        kind: 'crash-loop',
        severity: 'critical',
        state: 'firing',
        summary: 'payments is crash looping',
        labels: { tenant: 'shop', service: 'mem/payments', name: 'payments' },
        values: { runbook_url: 'https://runbooks.example.com/payments' },
        remediations: [
          { action: 'restart', target: 'mem/payments', args: {}, label: 'Restart' },
          { action: 'rollback', target: 'mem/payments', args: {}, label: 'Rollback' },
          { action: 'restart', target: 'mem/kafka', args: {}, label: 'Restart' },
          { action: 'stop', target: 'mem/payments', args: {}, label: 'Stop' },
        ],
        attempts: [{ remediation: 'restart', target: 'mem/payments', at: Date.UTC(2026, 0, 1, 2, 2), outcome: 'failed', summary: 'still 1/3 healthy' }],
      },
    ],
    level: 1,
    round: 1,
    policy: 'default',
    createdAt: AT,
    ...overrides,
  };
}

/** Records what the notifier asks of the bot; answers with `answer`. */
class BotRecorder {
  readonly pages: Page[] = [];
  readonly updates: Array<{ alertId: string; update: PageUpdate }> = [];
  answer: DeliveryResult = 'delivered';
  async deliverPage(page: Page): Promise<DeliveryResult> {
    this.pages.push(page);
    await Promise.resolve();
    return this.answer;
  }
  async updatePage(alertId: string, update: PageUpdate): Promise<void> {
    this.updates.push({ alertId, update });
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(extra: Partial<SlackPageNotifierOptions> = {}) {
  const clock = new FakeClock(AT);
  const store = cluster(clock);
  const bot = new BotRecorder();
  const notifier = slackPageNotifier(bot, store, { policy: DEFAULT_CONFIRMATION_POLICY, logger: silentLogger, now: () => clock.now(), channels: { default: 'COPS' }, ...extra });
  return { clock, store, bot, notifier };
}

describe('pageFromMessage', () => {
  it('builds the page from the message and the live state, with the guard the engine policy wants', () => {
    const { store } = setup();
    const page = pageFromMessage(message(), { state: store, policy: DEFAULT_CONFIRMATION_POLICY, channels: { default: 'COPS' }, firedAtOf: () => AT - 60_000 });
    expect(page).toMatchObject({
      pageId: 'P-1:0:alice',
      alertId: 'A1',
      service: 'payments',
      serviceId: 'mem/payments',
      health: { status: 'DEGRADED', reason: '1/3 healthy' },
      recipients: ['UALICE'],
      channel: 'COPS',
      runbookUrl: 'https://runbooks.example.com/payments',
      firedAt: AT - 60_000,
      level: 1,
    });
    expect(page?.recentEvents).toEqual([{ at: AT, text: 'TASK_FAILED: payments.2 exited 137' }]);
    // 02:02 UTC is 03:02 in Berlin, the recipient's zone.
    expect(page?.nightPolicyTried).toEqual(['03:02 restart payments — failed: still 1/3 healthy']);
    expect(page?.remediations).toEqual([
      { kind: 'restart', label: 'Restart payments', target: { service: 'mem/payments' }, guard: 'confirm' },
      { kind: 'rollback', label: 'Rollback payments', target: { service: 'mem/payments' }, guard: 'typed-name' },
      { kind: 'restart', label: 'Restart kafka', target: { service: 'mem/kafka' }, guard: 'typed-name' },
    ]);
  });

  it('follows a policy override and a channel label on the alert', () => {
    const { store } = setup();
    const policy = confirmationPolicySchema.parse({ overrides: [{ kind: 'restart', service: 'payments', level: 'type-name' }] });
    const base = message();
    const alert = { ...base.alerts[0]!, labels: { ...base.alerts[0]!.labels, slack_channel: 'CPAYMENTS' } };
    const page = pageFromMessage({ ...base, alerts: [alert] }, { state: store, policy, channels: { default: 'COPS' } });
    expect(page?.remediations[0]?.guard).toBe('typed-name');
    expect(page?.channel).toBe('CPAYMENTS');
  });
});

describe('slackPageNotifier', () => {
  it('delivers each idempotency key once, also when asked concurrently', async () => {
    const { bot, notifier } = setup();
    const [a, b] = await Promise.all([notifier.deliver(message()), notifier.deliver(message())]);
    expect(a).toEqual({ status: 'delivered', ref: 'P-1:0:alice' });
    expect(b).toEqual(a);
    expect(await notifier.deliver(message())).toMatchObject({ status: 'delivered' });
    expect(bot.pages).toHaveLength(1);
  });

  it('remembers delivered keys in SQLite across a restart of the notifier', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-slack-keys-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'opsdeck.db'));
    const first = setup({ delivered: sqliteDeliveredKeys(db) });
    await first.notifier.deliver(message());
    const second = setup({ delivered: sqliteDeliveredKeys(db) });
    expect(await second.notifier.deliver(message())).toMatchObject({ status: 'delivered' });
    expect(second.bot.pages).toHaveLength(0);
    db.close();
  });

  it('passes on retryable and permanent answers without remembering the key', async () => {
    const { bot, notifier } = setup();
    bot.answer = 'retryable';
    expect(await notifier.deliver(message())).toMatchObject({ status: 'retryable' });
    bot.answer = 'delivered';
    expect(await notifier.deliver(message())).toMatchObject({ status: 'delivered' });
    expect(bot.pages).toHaveLength(2);
  });

  it('answers permanent for a person with no Slack id, still posting the channel card', async () => {
    const { bot, notifier } = setup();
    expect(await notifier.deliver(message({}, {}))).toMatchObject({ status: 'permanent' });
    expect(bot.pages[0]?.channel).toBe('COPS');
    const nowhere = setup({ channels: {} });
    expect(await nowhere.notifier.deliver(message({}, {}))).toMatchObject({ status: 'permanent' });
    expect(nowhere.bot.pages).toHaveLength(0);
  });

  it('sends a reminder as a fresh DM noted on the card, and a resolution as one update of every copy', async () => {
    const reflections = new AlertReflections();
    const { bot, notifier } = setup({ reflections, mention: (id) => ({ name: id === 'bob' ? 'Bob' : 'someone' }), alerts: { getAlert: () => ({ resolvedBy: 'bob' }) as never } });
    await notifier.deliver(message({ idempotencyKey: 'P-1:reminder:alice', type: 'reminder' }));
    expect(bot.pages[0]?.pageId).toBe('P-1:reminder:alice');
    expect(bot.updates[0]?.update).toMatchObject({ state: 'action' });
    const resolvedAlert = { ...message().alerts[0]!, state: 'resolved' as const };
    await notifier.deliver(message({ idempotencyKey: 'P-1:resolved:alice', type: 'resolved', alerts: [resolvedAlert] }));
    await notifier.deliver(message({ idempotencyKey: 'P-1:resolved:bob', type: 'resolved', alerts: [resolvedAlert] }));
    expect(bot.updates.slice(1)).toEqual([{ alertId: 'A1', update: { state: 'resolved', by: { name: 'Bob' } } }]);
  });
});
