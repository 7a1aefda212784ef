/**
 * Silences and maintenance windows behind one muter: matchers, start and
 * expiry, early expiry, and config-defined entries.
 */
import { describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../../src/core/alerts/config.js';
import { Muter } from '../../../src/core/alerts/muter.js';
import { parseMatcher, parseMatchers, matchesAll } from '../../../src/core/alerts/matchers.js';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { AlertRepository } from '../../../src/core/storage/alert-repository.js';
import { openDatabase } from '../../../src/core/storage/sqlite-database.js';

const labels = { tenant: 'shop', service: 'mem/web', alertname: 'service-unhealthy', severity: 'critical' };

describe('matchers', () => {
  it('parses =, !=, =~ and !~ with quoted values and matches anchored regexes', () => {
    expect(parseMatchers('service=mem/web,alertname=~"service-.*",severity!=info')).toEqual([
      { name: 'service', op: '=', value: 'mem/web' },
      { name: 'alertname', op: '=~', value: 'service-.*' },
      { name: 'severity', op: '!=', value: 'info' },
    ]);
    expect(matchesAll(labels, parseMatchers('alertname=~"service-.*"'))).toBe(true);
    expect(matchesAll(labels, parseMatchers('alertname=~service'))).toBe(false);
    expect(matchesAll(labels, parseMatchers('tenant!~"sh.*"'))).toBe(false);
    expect(() => parseMatcher('=nope')).toThrow(/not a label matcher/);
    expect(() => parseMatcher('a=~"("')).toThrow(/regular expression/);
  });
});

describe('Muter', () => {
  function muter(config: Record<string, unknown> = {}) {
    const clock = new FakeClock('2026-03-02T12:00:00Z');
    const repo = new AlertRepository(openDatabase(':memory:'));
    return { clock, repo, muter: new Muter(repo, alertsConfigSchema.parse(config), clock) };
  }

  it('mutes matching alerts until the silence expires, and not others', async () => {
    const { clock, muter: m } = muter();
    const s = m.add(parseMatchers('service=mem/web'), { forMs: 3_600_000, createdBy: 'alice', comment: 'deploy' });
    expect(m.mutedBy(labelsOf(labels))).toEqual({ kind: 'silence', by: s.id });
    expect(m.mutedBy(labelsOf({ ...labels, service: 'mem/api' }))).toBeUndefined();
    await clock.advance(3_600_000);
    expect(m.mutedBy(labelsOf(labels))).toBeUndefined();
  });

  it('ends a silence early, persists it, and refuses silences without matchers or duration', () => {
    const { repo, clock, muter: m } = muter();
    const s = m.add(parseMatchers('tenant=shop'), { forMs: 60_000, createdBy: 'alice', comment: '' });
    m.expire(s.id);
    expect(m.mutedBy(labelsOf(labels))).toBeUndefined();
    expect(repo.activeSilences(clock.now())).toHaveLength(0);
    expect(() => m.add([], { forMs: 1, createdBy: 'a', comment: '' })).toThrow(/at least one matcher/);
    expect(() => m.add(parseMatchers('a=b'), { forMs: 0, createdBy: 'a', comment: '' })).toThrow(/positive duration/);
  });

  it('applies maintenance windows and config silences only inside their time range', async () => {
    const { clock, muter: m } = muter({
      maintenance: [{ name: 'db-upgrade', matchers: 'tenant=shop', from: '2026-03-02T13:00:00Z', to: '2026-03-02T14:00:00Z' }],
      silences: [{ matchers: [{ name: 'severity', op: '=', value: 'info' }], until: '2026-03-03T00:00:00Z' }],
    });
    expect(m.mutedBy(labelsOf(labels))).toBeUndefined();
    expect(m.mutedBy(labelsOf({ ...labels, severity: 'info' }))).toMatchObject({ kind: 'silence', by: 'config-1' });
    await clock.advanceTo('2026-03-02T13:30:00Z');
    expect(m.mutedBy(labelsOf(labels))).toEqual({ kind: 'maintenance', by: 'db-upgrade' });
    await clock.advanceTo('2026-03-02T14:00:00Z');
    expect(m.mutedBy(labelsOf(labels))).toBeUndefined();
  });

  it('reports inhibition first', () => {
    const { muter: m } = muter();
    expect(m.mutedBy({ labels, inhibitedBy: 'A9' })).toEqual({ kind: 'inhibited', by: 'A9' });
  });
});

function labelsOf(l: Record<string, string>): { labels: Record<string, string> } {
  return { labels: l };
}

describe('silenceAlert', () => {
  it('silences exactly one alert by its identifying labels, scoped to its tenant for authorization', async () => {
    const { startHarness, alice, failAll } = await import('./support/alerting-harness.js');
    const h = await startHarness({ alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' } } });
    try {
      for (const name of ['web', 'api']) h.backend.putService({ name, replicas: 1, tenant: 'shop' });
      await h.settle();
      failAll(h.backend, 'web', 1);
      failAll(h.backend, 'api', 1);
      await h.settle();
      await h.clock.advance(1_000);
      const web = h.alerting.listAlerts().find((a) => a.service === 'mem/web');
      const silence = await h.alerting.silenceAlert(web?.id ?? '', { for: '1h', actor: alice });
      expect(silence.matchers).toContainEqual({ name: 'service', op: '=', value: 'mem/web' });
      expect(h.gate.entries.at(-1)).toMatchObject({ action: 'silence', tenant: 'shop', target: silence.id });
      const silenced = h.alerting.silences().map((s) => s.id);
      expect(silenced).toContain(silence.id);
      await h.clock.advance(45 * 60_000);
      expect(new Set(h.notifier.pages().flatMap((p) => p.alerts.map((a) => a.labels.service)))).toEqual(new Set(['mem/api']));
    } finally {
      await h.close();
    }
  });
});
