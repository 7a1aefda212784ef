/**
 * A backend going STALE pages once ("source unreachable"), not once per
 * service, and its recovery sends at most one summary.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFreshnessTimer } from '../../../src/core/state/freshness-timer.js';
import { startHarness, type Harness } from './support/alerting-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('staleness inhibition', () => {
  it('pages once for a stale backend with 50 services, and sends one summary when it recovers', async () => {
    h = await startHarness({
      alerts: { rules: { unhealthyFor: '0s', degradedFor: '0s', underReplicatedFor: '0s' }, grouping: { wait: '10s' } },
      oncall: { routes: [{ match: {}, policy: 'primary' }] },
    });
    for (let i = 0; i < 50; i++) h.backend.putService({ name: `svc-${i}`, replicas: 2, tenant: 'shop' });
    await h.settle();
    await h.clock.advance(60_000);
    expect(h.alerting.listAlerts()).toHaveLength(0);

    h.backend.disconnect('connection refused');
    await h.settle();
    await h.clock.advance(60_000);
    await h.settle();
    const pages = h.notifier.pages();
    expect(pages).toHaveLength(1);
    expect(pages[0]?.alerts[0]).toMatchObject({ kind: 'source-unreachable', values: expect.objectContaining({ services: 50 }) });
    expect(h.alerting.listAlerts().map((a) => a.kind)).toEqual(['source-unreachable']);
    expect(h.store.service('mem/svc-0')?.health.status).toBe('STALE');

    h.backend.reconnect();
    await h.settle();
    await h.clock.advance(30 * 60_000);
    await h.settle();
    const after = h.notifier.delivered.slice(1);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ type: 'resolved', recipient: { personId: 'alice' } });
    expect(h.alerting.listAlerts()).toHaveLength(0);
  });

  it('inhibits per-service alerts of a stale backend that were already open, so none of them pages while the backend is unreachable', async () => {
    h = await startHarness({
      alerts: { rules: { unhealthyFor: '0s', underReplicatedFor: '1d', degradedFor: '1d' }, grouping: { wait: '10s' } },
    });
    h.backend.putService({ name: 'web', replicas: 2, tenant: 'shop' });
    await h.settle();
    h.backend.failTask('web');
    h.backend.failTask('web');
    await h.settle();
    await h.clock.advance(1_000);
    const web = h.alerting.listAlerts().find((a) => a.kind === 'service-unhealthy');
    expect(web).toBeDefined();
    h.backend.disconnect();
    await h.settle();
    await h.clock.advance(1_000);
    const inhibited = h.alerting.getAlert(web?.id ?? '');
    expect(inhibited?.state).toBe('firing');
    expect(inhibited?.inhibitedBy).toBe(h.alerting.listAlerts().find((a) => a.kind === 'source-unreachable')?.id);
    await h.clock.advance(30 * 60_000);
    const paged = h.notifier.pages().flatMap((p) => p.alerts.map((a) => a.kind));
    expect(paged.filter((k) => k === 'service-unhealthy')).toHaveLength(0);
    expect(paged.filter((k) => k === 'source-unreachable').length).toBeGreaterThan(0);
  });

  it('a backend that goes silent (freshness bound passed, no disconnect) also pages once, never per service', async () => {
    h = await startHarness({
      alerts: { rules: { unhealthyFor: '0s', degradedFor: '0s', underReplicatedFor: '0s' }, grouping: { wait: '10s' } },
      oncall: { routes: [{ match: {}, policy: 'primary' }] },
    });
    for (let i = 0; i < 20; i++) h.backend.putService({ name: `svc-${i}`, replicas: 1, tenant: 'shop' });
    await h.settle();
    const stop = startFreshnessTimer(h.store, h.clock, { intervalMs: 1_000 });
    try {
      await h.clock.advance(45_000);
      await h.settle();
      expect(h.store.backend('mem')?.connection).toBe('stale');
      expect(h.notifier.pages().map((p) => p.alerts.map((a) => a.kind))).toEqual([['source-unreachable']]);
      h.backend.reconnect();
      await h.settle();
      await h.clock.advance(5_000);
      await h.settle();
      expect(h.notifier.delivered.map((d) => d.type)).toEqual(['page', 'resolved']);
    } finally {
      stop();
    }
  });
});
