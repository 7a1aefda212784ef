/**
 * Timeline tests of the whole alerting stack on a FakeClock: a real store fed
 * by the in-memory backend, a real SQLite file, the real pager.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { alice, failAll, ScriptedRemediation, startHarness, type Harness } from '../alerts/support/alerting-harness.js';

const MIN = 60_000;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function unhealthyWeb(harness: Harness): Promise<number> {
  harness.backend.putService({ name: 'web', replicas: 3, tenant: 'shop' });
  await harness.settle();
  failAll(harness.backend, 'web', 3);
  await harness.settle();
  return harness.clock.now();
}

describe('escalation timeline', () => {
  it('pages after for + group wait, re-pages the same level, escalates to the next level, then stops when the policy is exhausted', async () => {
    h = await startHarness({ alerts: { rules: { unhealthyFor: '1m' }, grouping: { wait: '30s' } } });
    const t0 = await unhealthyWeb(h);
    await h.clock.advance(89_000);
    expect(h.notifier.pages()).toHaveLength(0);
    await h.clock.advance(1_000);
    await h.settle();
    const [first] = h.notifier.pages();
    expect(first?.recipient.personId).toBe('alice');
    expect(first?.at).toBe(t0 + 90_000);
    expect(first?.alerts[0]?.kind).toBe('service-unhealthy');
    expect(first?.alerts[0]?.remediations.map((r) => r.action)).toEqual(['restart', 'rollback']);

    await h.clock.advance(5 * MIN);
    expect(h.notifier.pages().map((p) => [p.recipient.personId, p.at - t0])).toEqual([
      ['alice', 90_000],
      ['alice', 90_000 + 5 * MIN],
    ]);
    await h.clock.advance(5 * MIN);
    expect(h.notifier.pages().at(-1)).toMatchObject({ recipient: { personId: 'bob' }, level: 1 });
    expect(h.notifier.pages().at(-1)?.at).toBe(t0 + 90_000 + 10 * MIN);
    await h.clock.advance(60 * MIN);
    expect(h.notifier.pages()).toHaveLength(3);
  });

  it('stops escalating when the alert is acknowledged and records the ack in the audit log', async () => {
    h = await startHarness({ alerts: { rules: { unhealthyFor: '1m' }, grouping: { wait: '30s' } } });
    await unhealthyWeb(h);
    await h.clock.advance(90_000);
    await h.settle();
    expect(h.notifier.pages()).toHaveLength(1);
    const alertId = h.notifier.pages()[0]?.alerts[0]?.id ?? '';
    const acked = await h.alerting.ack(alertId, alice);
    expect(acked.state).toBe('acknowledged');
    await h.clock.advance(120 * MIN);
    expect(h.notifier.pages()).toHaveLength(1);
    expect(h.gate.entries.map((e) => [e.action, e.target])).toEqual([['ack', alertId]]);
    await expect(h.alerting.ack(alertId, { id: 'mallory', name: 'M', source: 'cli' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('re-notifies an acknowledged alert that still fires after reNotifyAcknowledgedAfter', async () => {
    h = await startHarness({
      alerts: { rules: { unhealthyFor: '1m' }, grouping: { wait: '30s' } },
      oncall: {
        escalationPolicies: [{ name: 'primary', levels: [{ notify: [{ user: 'alice' }], wait: '5m' }], reNotifyAcknowledgedAfter: '30m' }],
      },
    });
    await unhealthyWeb(h);
    await h.clock.advance(90_000);
    await h.settle();
    const alertId = h.notifier.pages()[0]?.alerts[0]?.id ?? '';
    await h.alerting.ack(alertId, alice);
    const ackedAt = h.clock.now();
    await h.clock.advance(29 * MIN);
    expect(h.notifier.pages()).toHaveLength(1);
    await h.clock.advance(1 * MIN);
    await h.settle();
    expect(h.notifier.pages()).toHaveLength(2);
    expect(h.notifier.pages()[1]?.at).toBe(ackedAt + 30 * MIN);
    expect(h.alerting.getAlert(alertId)?.state).toBe('firing');
  });

  it('sends nothing when the alert resolves inside the grouping window, and keeps the values that fired', async () => {
    h = await startHarness({ alerts: { rules: { unhealthyFor: '1m' }, grouping: { wait: '2m' } } });
    await unhealthyWeb(h);
    await h.clock.advance(61_000);
    const [open] = h.alerting.listAlerts();
    expect(open?.state).toBe('firing');
    h.backend.putService({ name: 'web', replicas: 3, tenant: 'shop' });
    await h.settle();
    await h.clock.advance(60 * MIN);
    expect(h.notifier.delivered).toHaveLength(0);
    const resolved = h.alerting.getAlert(open?.id ?? '');
    expect(resolved?.state).toBe('resolved');
    expect(resolved?.resolvedBy).toBe('condition-cleared');
    expect(resolved?.firedValues).toMatchObject({ healthy: 0, desired: 3 });
  });

  it('never pages a silenced alert, and pages once the silence has expired if it still fires', async () => {
    h = await startHarness({ alerts: { rules: { unhealthyFor: '1m' }, grouping: { wait: '30s' } } });
    const silence = await h.alerting.silence('service=mem/web', { for: '2h', actor: alice, comment: 'deploying' });
    await unhealthyWeb(h);
    await h.clock.advance(119 * MIN);
    expect(h.alerting.listAlerts().filter((a) => a.kind === 'service-unhealthy')).toHaveLength(1);
    expect(h.notifier.delivered).toHaveLength(0);
    expect(silence.endsAt - silence.startsAt).toBe(120 * MIN);
    await h.clock.advance(3 * MIN);
    await h.settle();
    expect(h.notifier.pages()).toHaveLength(1);
  });

  it('groups alerts of one service that open inside the grouping window into one page', async () => {
    h = await startHarness({
      alerts: { rules: { unhealthyFor: '0s', underReplicatedFor: '10s' }, grouping: { wait: '30s' } },
      oncall: { routes: [{ match: {}, policy: 'primary' }] },
    });
    await unhealthyWeb(h);
    await h.clock.advance(31_000);
    await h.settle();
    const pages = h.notifier.pages();
    expect(pages).toHaveLength(1);
    expect(pages[0]?.alerts.map((a) => a.kind).sort()).toEqual(['service-unhealthy', 'under-replicated']);
  });

  it('night policy: a remediation that worked means no page; one that failed pages at once with what was tried', async () => {
    const fixed = new ScriptedRemediation('succeeded');
    h = await startHarness({
      start: '2026-03-03T02:00:00Z',
      remediation: fixed,
      alerts: { rules: { unhealthyFor: '1m' }, night: { policies: [{ kind: 'service-unhealthy', remediation: 'restart', verify: '2m' }] } },
    });
    await unhealthyWeb(h);
    await h.clock.advance(61_000);
    await h.settle();
    expect(fixed.calls).toEqual([expect.objectContaining({ remediation: 'restart', serviceId: 'mem/web' })]);
    h.backend.putService({ name: 'web', replicas: 3, tenant: 'shop' });
    await h.settle();
    await h.clock.advance(30 * MIN);
    expect(h.notifier.delivered).toHaveLength(0);
    await h.close();

    const broken = new ScriptedRemediation('failed');
    h = await startHarness({
      start: '2026-03-03T02:00:00Z',
      remediation: broken,
      alerts: { rules: { unhealthyFor: '1m' }, night: { policies: [{ kind: 'service-unhealthy', remediation: 'restart', verify: '2m' }] } },
    });
    const t0 = await unhealthyWeb(h);
    await h.clock.advance(61_000);
    await h.settle();
    const [page] = h.notifier.pages();
    expect(page?.at).toBe(t0 + 60_000);
    expect(page?.alerts[0]?.attempts).toEqual([expect.objectContaining({ remediation: 'restart', outcome: 'failed' })]);
  });

  it('defers info-severity pages to the end of the responder\'s quiet hours in their own time zone', async () => {
    h = await startHarness({
      start: '2026-03-02T22:00:00Z',
      alerts: { rules: { degradedFor: '0s', underReplicatedFor: '1d' }, grouping: { wait: '0s' }, slas: [] },
      oncall: {
        people: [{ id: 'alice', name: 'Alice', timeZone: 'Europe/Berlin', contacts: {}, quietHours: { from: '22:00', to: '07:00' } }, { id: 'bob', name: 'Bob', timeZone: 'America/New_York' }],
        routes: [{ match: {}, policy: 'primary' }],
        quietSeverities: ['warning', 'info'],
      },
    });
    h.backend.putService({ name: 'web', replicas: 3, tenant: 'shop' });
    await h.settle();
    h.backend.failTask('web');
    await h.settle();
    await h.clock.advance(1_000);
    await h.settle();
    expect(h.notifier.delivered).toHaveLength(0);
    await h.clock.advanceTo('2026-03-03T06:00:00Z');
    await h.settle();
    const alicePages = h.notifier.pages().filter((p) => p.recipient.personId === 'alice');
    expect(alicePages[0]?.at).toBe(Date.parse('2026-03-03T06:00:00Z'));
  });

  it('a deferred quiet-hours page whose alert resolves before morning wakes nobody: no page, no summary', async () => {
    h = await startHarness({
      start: '2026-03-02T22:00:00Z',
      alerts: { rules: { degradedFor: '0s', underReplicatedFor: '1d' }, grouping: { wait: '0s' } },
      oncall: {
        people: [{ id: 'alice', name: 'Alice', timeZone: 'Europe/Berlin', quietHours: { from: '22:00', to: '07:00' } }, { id: 'bob', name: 'Bob', timeZone: 'America/New_York' }],
        escalationPolicies: [{ name: 'primary', levels: [{ notify: [{ user: 'alice' }], wait: '12h' }] }],
        routes: [{ match: {}, policy: 'primary' }],
        quietSeverities: ['warning', 'info'],
      },
    });
    h.backend.putService({ name: 'web', replicas: 3, tenant: 'shop' });
    await h.settle();
    h.backend.failTask('web');
    await h.settle();
    await h.clock.advance(60 * MIN);
    h.backend.putService({ name: 'web', replicas: 3, tenant: 'shop' });
    await h.settle();
    await h.clock.advanceTo('2026-03-03T09:00:00Z');
    expect(h.alerting.listAlerts()).toHaveLength(0);
    expect(h.notifier.delivered).toHaveLength(0);
  });

  it('an alert for the same service that opens after the page went out joins that page: sent at once to who was paged, one escalation, one ack', async () => {
    h = await startHarness({
      alerts: { rules: { unhealthyFor: '0s', underReplicatedFor: '2m' }, grouping: { wait: '30s' } },
      oncall: { routes: [{ match: {}, policy: 'primary' }] },
    });
    const t0 = await unhealthyWeb(h);
    await h.clock.advance(2 * MIN + 1_000);
    await h.settle();
    const pages = h.notifier.pages();
    expect(pages.map((p) => [p.at - t0, p.alerts.map((a) => a.kind)])).toEqual([
      [30_000, ['service-unhealthy']],
      [2 * MIN, ['under-replicated']],
    ]);
    expect(new Set(pages.map((p) => p.pageId)).size).toBe(1);
    await h.clock.advance(4 * MIN);
    await h.settle();
    expect(h.notifier.pages().at(-1)?.at).toBe(t0 + 30_000 + 5 * MIN);
    expect(h.notifier.pages().at(-1)?.alerts.map((a) => a.kind).sort()).toEqual(['service-unhealthy', 'under-replicated']);
    await h.alerting.ack(pages[0]?.alerts[0]?.id ?? '', alice);
    expect(h.alerting.listAlerts().map((a) => a.state)).toEqual(['acknowledged', 'acknowledged']);
    const before = h.notifier.pages().length;
    await h.clock.advance(60 * MIN);
    expect(h.notifier.pages()).toHaveLength(before);
  });
});
