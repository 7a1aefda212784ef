/**
 * Outbox delivery outcomes (retryable backs off, permanent is logged and the
 * escalation goes on) and restart behaviour in-process: open alerts reload
 * from SQLite and clear when their condition is gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { failAll, startHarness, type Harness } from '../alerts/support/alerting-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function unhealthy(harness: Harness): Promise<void> {
  harness.backend.putService({ name: 'web', replicas: 2, tenant: 'shop' });
  await harness.settle();
  failAll(harness.backend, 'web', 2);
  await harness.settle();
}

describe('outbox', () => {
  it('retries a retryable failure after its Retry-After and delivers once', async () => {
    h = await startHarness({ alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: 0 } } });
    h.notifier.script.push({ status: 'retryable', reason: 'rate limited', retryAfterMs: 20_000 });
    await unhealthy(h);
    await h.clock.advance(1_000);
    await h.settle();
    expect(h.notifier.delivered).toHaveLength(0);
    await h.clock.advance(20_000);
    await h.settle();
    expect(h.notifier.attempts.map((a) => a.result)).toEqual(['retryable', 'delivered']);
    expect(h.notifier.attempts[1]!.at - h.notifier.attempts[0]!.at).toBe(20_000);
    const pageId = h.notifier.delivered[0]?.pageId ?? '';
    expect(h.alerting.paging.logOf(pageId).map((l) => l.event)).toContain('notify-retry');
  });

  it('records a permanent failure and still escalates to the next level on time', async () => {
    h = await startHarness({ alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: 0 } } });
    h.notifier.script.push({ status: 'permanent', reason: 'user not found' });
    await unhealthy(h);
    await h.clock.advance(1_000);
    await h.settle();
    const pageId = h.alerting.paging.openPages()[0]?.id ?? '';
    expect(h.alerting.paging.outboxOf(pageId).map((o) => o.state)).toEqual(['failed']);
    await h.clock.advance(10 * 60_000);
    expect(h.notifier.delivered.map((d) => d.recipient.personId)).toEqual(['alice', 'bob']);
  });
});

describe('restart in-process', () => {
  it('reloads open alerts and pages from SQLite: an alert that cleared while down resolves and the person paged before gets the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-restart-'));
    try {
      const clock = new FakeClock('2026-03-02T12:00:00Z');
      h = await startHarness({ dir, clock, alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: 0 } } });
      await unhealthy(h);
      await h.clock.advance(1_000);
      await h.settle();
      const [alert] = h.alerting.listAlerts();
      expect(h.notifier.delivered).toHaveLength(1);
      await h.close();

      h = await startHarness({ dir, clock, alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: 0 } } });
      h.backend.putService({ name: 'web', replicas: 2, tenant: 'shop' });
      await h.settle();
      await h.clock.advance(1_000);
      await h.settle();
      expect(h.alerting.getAlert(alert?.id ?? '')?.state).toBe('resolved');
      expect(h.notifier.delivered.map((d) => [d.type, d.recipient.personId, d.alerts[0]?.id])).toEqual([['resolved', 'alice', alert?.id]]);
    } finally {
      await h?.close();
      h = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('restart with a vanished service', () => {
  it('resolves a carried-over alert when the backend\'s first snapshot no longer lists the service', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-restart-'));
    try {
      const clock = new FakeClock('2026-03-02T12:00:00Z');
      h = await startHarness({ dir, clock, alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: '1h' } } });
      await unhealthy(h);
      await h.clock.advance(1_000);
      const [alert] = h.alerting.listAlerts();
      await h.close();

      h = await startHarness({ dir, clock, alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: '1h' } } });
      await h.clock.advance(1_000);
      expect(h.alerting.getAlert(alert?.id ?? '')?.state).toBe('resolved');
      await h.clock.advance(2 * 3_600_000);
      expect(h.notifier.delivered).toHaveLength(0);
    } finally {
      await h?.close();
      h = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fencing', () => {
  it('a second pager on the same database takes over open pages; the first one no longer sends for them', async () => {
    const { StateStore } = await import('../../../src/core/state/store.js');
    const { createAlerting } = await import('../../../src/core/alerts/create-alerting.js');
    const { alertsConfigSchema } = await import('../../../src/core/alerts/config.js');
    const { oncallConfigSchema } = await import('../../../src/core/oncall/config.js');
    const { silentLogger } = await import('../../../src/core/logger.js');
    const { RecordingNotifier, baseOncall } = await import('../alerts/support/alerting-harness.js');
    h = await startHarness({ alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, grouping: { wait: '30s' } } });
    await unhealthy(h);
    await h.clock.advance(1_000);
    expect(h.alerting.paging.openPages()).toHaveLength(1);
    const pageId = h.alerting.paging.openPages()[0]?.id ?? '';

    const takeoverNotifier = new RecordingNotifier(h.clock);
    const takeover = createAlerting({
      store: new StateStore({ clock: h.clock }),
      database: join(h.dir, 'opsdeck.db'),
      clock: h.clock,
      notifier: takeoverNotifier,
      gate: h.gate,
      config: { alerts: alertsConfigSchema.parse({ grouping: { wait: '30s' } }), oncall: oncallConfigSchema.parse(baseOncall) },
      logger: silentLogger,
    });
    takeover.start();
    try {
      await h.clock.advance(60_000);
      await h.settle();
      await takeover.settle();
      expect(h.notifier.delivered).toHaveLength(0);
      expect(takeoverNotifier.delivered.map((d) => d.recipient.personId)).toEqual(['alice']);
      expect(h.alerting.paging.page(pageId)?.fence).toBe(2);
    } finally {
      await takeover.stop();
    }
  });
});
