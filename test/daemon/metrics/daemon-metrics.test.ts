/**
 * The daemon's Prometheus metrics read live sources at scrape time, count
 * pages and command outcomes, live on a private registry, and carry only
 * backend ids, states and outcome kinds as labels — never service or tenant
 * names, however many services there are.
 */
import { register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import type { ServiceReport } from '../../../src/core/model/service.js';
import { StateStore } from '../../../src/core/state/index.js';
import { createDaemonMetrics } from '../../../src/daemon/metrics/daemon-metrics.js';
import { AlertBookDouble, alertmanagerPayload } from '../http/support/alert-book-double.js';

function service(name: string, tenant: string): ServiceReport {
  return {
    nativeId: name,
    cluster: 'c1',
    tenant,
    name,
    kind: 'other',
    desired: 1,
    running: 1,
    healthy: 1,
    health: { status: 'HEALTHY', reason: '1/1 healthy' },
    labels: { team: tenant, app: name },
    stateful: false,
    actions: [],
    updatedAt: 0,
  };
}

describe('daemon metrics', () => {
  it('exposes ingestion, data age, connection state and sync per backend from the store at scrape time', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1));
    const store = new StateStore({ clock, publish: 'manual' });
    store.registerBackend({ id: 'b1', kind: 'memory', cluster: 'c1', freshnessBoundMs: 10_000 });
    store.registerBackend({ id: 'b2', kind: 'memory', cluster: 'c2', freshnessBoundMs: 30_000 });
    const metrics = createDaemonMetrics();
    metrics.observeStore(store, clock);
    store.apply('b1', { type: 'connected', at: 0 });
    store.apply('b1', { type: 'snapshot', at: 0, snapshot: { services: [service('web', 'team-a')], tasks: [], plans: [], hosts: [] } });
    store.apply('b1', { type: 'heartbeat', at: 0 });
    await clock.advance(12_500);
    store.checkFreshness();
    const text = await metrics.registry.metrics();
    expect(text).toContain('opsdeck_backend_events_ingested_total{backend="b1"} 3');
    expect(text).toContain('opsdeck_backend_events_ingested_total{backend="b2"} 0');
    expect(text).toContain('opsdeck_backend_data_age_seconds{backend="b1"} 12.5');
    expect(text).not.toContain('opsdeck_backend_data_age_seconds{backend="b2"}');
    expect(text).toContain('opsdeck_backend_connection_state{backend="b1",state="stale"} 1');
    expect(text).toContain('opsdeck_backend_connection_state{backend="b1",state="live"} 0');
    expect(text).toContain('opsdeck_backend_connection_state{backend="b2",state="connecting"} 1');
    expect(text).toContain('opsdeck_backend_synced{backend="b1"} 1');
    expect(text).toContain('opsdeck_backend_freshness_bound_seconds{backend="b2"} 30');
  });

  it('counts alerts by state, pages and command outcomes, on a private registry', async () => {
    const metrics = createDaemonMetrics();
    const alerts = new AlertBookDouble();
    metrics.observeAlerts(alerts);
    await alerts.ingestAlertmanager(alertmanagerPayload('firing', [
      { fingerprint: 'f1', alertname: 'A', tenant: 'team-a' },
      { fingerprint: 'f2', alertname: 'B', tenant: 'team-b' },
    ]));
    await alerts.ingestAlertmanager(alertmanagerPayload('resolved', [{ fingerprint: 'f2', alertname: 'B', tenant: 'team-b' }]));
    metrics.pageSent({ notifier: 'slack' });
    metrics.pageSent({ notifier: 'slack' });
    metrics.pageFailed({ notifier: 'slack', kind: 'retryable' });
    metrics.commandOutcome({ source: 'slack', outcome: 'executed' });
    metrics.commandOutcome({ source: 'api', outcome: 'denied' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('opsdeck_alerts{state="firing"} 1');
    expect(text).toContain('opsdeck_alerts{state="resolved"} 1');
    expect(text).toContain('opsdeck_pages_sent_total{notifier="slack"} 2');
    expect(text).toContain('opsdeck_pages_failed_total{notifier="slack",kind="retryable"} 1');
    expect(text).toContain('opsdeck_command_outcomes_total{source="slack",outcome="executed"} 1');
    expect(text).toContain('opsdeck_command_outcomes_total{source="api",outcome="denied"} 1');
    expect(await register.metrics()).not.toContain('opsdeck_');
    // Two daemons (or two tests) in one process do not collide.
    expect(() => createDaemonMetrics()).not.toThrow();
  });

  it('never carries a service or tenant name in any label, with many services across tenants', async () => {
    const clock = new FakeClock();
    const store = new StateStore({ clock, publish: 'manual' });
    store.registerBackend({ id: 'b1', kind: 'memory', cluster: 'c1', freshnessBoundMs: 10_000 });
    const services = Array.from({ length: 300 }, (_, i) => service(`svc-${i}`, `tenant-${i % 7}`));
    store.apply('b1', { type: 'snapshot', at: 0, snapshot: { services, tasks: [], plans: [], hosts: [] } });
    const metrics = createDaemonMetrics();
    metrics.observeStore(store, clock);
    metrics.wsClientConnected();
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/svc-\d+/);
    expect(text).not.toMatch(/tenant-\d/);
    const labelValues = [...text.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/="([^"]*)"/g)].map((v) => v[1]));
    expect(new Set(labelValues)).toEqual(new Set(['b1', 'connecting', 'live', 'stale']));
  });
});
