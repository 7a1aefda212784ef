/**
 * Alertmanager webhook v4: parsed tolerantly, rejected with a clear error when
 * unusable, and ingested with fingerprint dedupe.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseAlertmanagerWebhook } from '../../../src/core/alerts/alertmanager.js';
import { startHarness, type Harness } from './support/alerting-harness.js';

const payload = {
  version: '4',
  groupKey: '{}:{alertname="DiskFull"}',
  status: 'firing',
  receiver: 'opsdeck',
  groupLabels: { alertname: 'DiskFull' },
  commonLabels: { alertname: 'DiskFull', severity: 'critical', tenant: 'shop' },
  commonAnnotations: { summary: 'Disk almost full' },
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { instance: 'db-1:9100', service: 'db' },
      annotations: { description: '95% used' },
      startsAt: '2026-03-02T11:58:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus/graph',
      fingerprint: 'c0ffee',
    },
  ],
};

describe('parseAlertmanagerWebhook', () => {
  it('reads a v4 payload, merging common labels and annotations and mapping severity', () => {
    const parsed = parseAlertmanagerWebhook(payload);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.alerts).toHaveLength(1);
    const [a] = parsed.alerts;
    expect(a?.status).toBe('firing');
    expect(a?.condition).toMatchObject({
      fingerprint: 'am-c0ffee',
      kind: 'external',
      severity: 'critical',
      summary: 'Disk almost full',
      tenant: 'shop',
      service: 'db',
      labels: { alertname: 'DiskFull', instance: 'db-1:9100', tenant: 'shop' },
      values: { description: '95% used', generatorURL: 'http://prometheus/graph' },
    });
    expect(a?.endsAt).toBeUndefined();
  });

  it('tolerates missing optional fields and JSON text, and skips alerts without labels', () => {
    const parsed = parseAlertmanagerWebhook(JSON.stringify({ alerts: [{ labels: { alertname: 'X' } }, { annotations: {} }, null] }));
    expect(parsed.ok && parsed.alerts.map((a) => [a.status, a.condition.severity, a.condition.tenant])).toEqual([['firing', 'warning', 'default']]);
  });

  it('explains what is wrong with an unusable body', () => {
    for (const [body, code] of [
      ['not json', 'INPUT_INVALID'],
      [{ version: '3', alerts: [] }, 'UNSUPPORTED'],
      [{ version: '4' }, 'INPUT_INVALID'],
      [42, 'INPUT_INVALID'],
    ] as const) {
      const parsed = parseAlertmanagerWebhook(body);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.code).toBe(code);
        expect(parsed.error.hint).toBeTruthy();
      }
    }
  });
});

describe('ingestAlertmanager', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('dedupes repeated deliveries into one alert, pages it, and resolves it from a resolved payload', async () => {
    h = await startHarness({ alerts: { grouping: { wait: '10s' } } });
    expect(h.alerting.ingestAlertmanager(payload)).toEqual({ created: 1, updated: 0, resolved: 0 });
    expect(h.alerting.ingestAlertmanager(payload)).toEqual({ created: 0, updated: 1, resolved: 0 });
    expect(h.alerting.listAlerts()).toHaveLength(1);
    await h.clock.advance(10_000);
    await h.settle();
    expect(h.notifier.pages()).toHaveLength(1);
    const resolved = { ...payload, status: 'resolved', alerts: payload.alerts.map((a) => ({ ...a, status: 'resolved' })) };
    expect(h.alerting.ingestAlertmanager(resolved)).toEqual({ created: 0, updated: 0, resolved: 1 });
    expect(h.alerting.listAlerts()).toHaveLength(0);
    expect(h.alerting.countByState()).toEqual({ firing: 0, acknowledged: 0, resolved: 1 });
    expect(() => h?.alerting.ingestAlertmanager({ nope: true })).toThrow(/no "alerts" list/);
  });
});
