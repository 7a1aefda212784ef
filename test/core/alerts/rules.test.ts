/**
 * The built-in rules and the timing stage, through the real store and engine:
 * SLA breaches (with a scale-up remediation), plans in ERROR or stuck, crash
 * loops, nothing judged before a backend's first sync, and flap damping.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { alertsConfigSchema } from '../../../src/core/alerts/config.js';
import { AlertBook } from '../../../src/core/alerts/alert-book.js';
import { AlertEngine } from '../../../src/core/alerts/alert-engine.js';
import { AlertRepository } from '../../../src/core/storage/alert-repository.js';
import { openDatabase } from '../../../src/core/storage/sqlite-database.js';
import { silentLogger } from '../../../src/core/logger.js';
import { StateStore } from '../../../src/core/state/store.js';
import type { ServiceReport } from '../../../src/core/model/service.js';
import { startHarness, type Harness } from './support/alerting-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MIN = 60_000;

describe('built-in rules', () => {
  it('an SLA healthy-fraction breach opens an alert whose remediation is a scale-up', async () => {
    h = await startHarness({
      alerts: { rules: { degradedFor: '1d', underReplicatedFor: '1d' }, slas: [{ name: 'web-gold', match: { service: 'web' }, minHealthyFraction: 0.8, scaleUpBy: 2 }] },
    });
    h.backend.putService({ name: 'web', replicas: 5, tenant: 'shop' });
    await h.settle();
    h.backend.failTask('web');
    await h.settle();
    await h.clock.advance(1_000);
    expect(h.alerting.listAlerts()).toHaveLength(0);
    h.backend.failTask('web');
    await h.settle();
    await h.clock.advance(1_000);
    const [breach] = h.alerting.listAlerts();
    expect(breach).toMatchObject({ kind: 'sla-healthy-fraction', severity: 'critical', firedValues: { healthy: 3, desired: 5, fraction: 0.6 } });
    expect(breach?.remediations[0]).toMatchObject({ action: 'scale', target: 'mem/web', args: { replicas: 7 } });
  });

  it('an SLA maximum time degraded fires only after that time', async () => {
    h = await startHarness({ alerts: { rules: { degradedFor: '1d', underReplicatedFor: '1d' }, slas: [{ name: 'sla', maxDegraded: '10m' }] } });
    h.backend.putService({ name: 'api', replicas: 3, tenant: 'shop' });
    await h.settle();
    h.backend.failTask('api');
    await h.settle();
    await h.clock.advance(9 * MIN);
    expect(h.alerting.listAlerts()).toHaveLength(0);
    await h.clock.advance(1 * MIN + 1_000);
    expect(h.alerting.listAlerts().map((a) => a.kind)).toEqual(['sla-degraded-time']);
  });

  it('a plan in ERROR opens plan-error with a restart-step button; a plan that stops moving opens plan-stuck', async () => {
    h = await startHarness({ alerts: { rules: { planStuckAfter: '30m' } } });
    h.backend.putService({ name: 'kafka', replicas: 3, tenant: 'data' });
    const step = (name: string, status: 'COMPLETE' | 'ERROR' | 'STARTING' | 'PENDING') => ({ id: name, name, status, message: '' });
    h.backend.putPlan({
      serviceNativeId: 'kafka',
      name: 'deploy',
      strategy: 'serial',
      status: 'PENDING',
      errors: [],
      updatedAt: h.clock.now(),
      phases: [{ id: 'p', name: 'broker', strategy: 'serial', status: 'PENDING', steps: [step('broker-0', 'COMPLETE'), step('broker-1', 'ERROR')] }],
    });
    h.backend.putPlan({
      serviceNativeId: 'kafka',
      name: 'update',
      strategy: 'serial',
      status: 'PENDING',
      errors: [],
      updatedAt: h.clock.now(),
      phases: [{ id: 'q', name: 'broker', strategy: 'serial', status: 'PENDING', steps: [step('broker-0', 'COMPLETE'), step('broker-1', 'STARTING')] }],
    });
    await h.settle();
    await h.clock.advance(1_000);
    const error = h.alerting.listAlerts().find((a) => a.kind === 'plan-error');
    expect(error?.remediations[0]).toMatchObject({ action: 'plan-restart-step', args: { plan: 'deploy', phase: 'broker', step: 'broker-1' } });
    expect(h.alerting.listAlerts().some((a) => a.kind === 'plan-stuck')).toBe(false);
    await h.clock.advance(31 * MIN);
    expect(h.alerting.listAlerts().find((a) => a.kind === 'plan-stuck')?.labels.plan).toBe('update');
  });

  it('five task failures inside the window open a crash-loop alert with rollback first', async () => {
    h = await startHarness({ alerts: { rules: { degradedFor: '1d', underReplicatedFor: '1d', unhealthyFor: '1d' } } });
    h.backend.putService({ name: 'worker', replicas: 1, tenant: 'shop' });
    await h.settle();
    for (let i = 0; i < 5; i++) {
      h.backend.failTask('worker');
      await h.settle();
      h.backend.putService({ name: 'worker', replicas: 1, tenant: 'shop' });
      await h.settle();
      await h.clock.advance(30_000);
    }
    const loop = h.alerting.listAlerts().find((a) => a.kind === 'crash-loop');
    expect(loop?.firedValues.restarts).toBe(5);
    expect(loop?.remediations.map((r) => r.action)).toEqual(['rollback', 'restart']);
  });
});

describe('engine timing', () => {
  function unhealthy(name: string): ServiceReport {
    return {
      nativeId: name,
      cluster: 'c',
      tenant: 't',
      name,
      kind: 'other',
      desired: 2,
      running: 0,
      healthy: 0,
      health: { status: 'UNHEALTHY', reason: '0/2' },
      labels: {},
      stateful: false,
      actions: ['restart'],
      updatedAt: 0,
    };
  }

  function engine(configInput: Record<string, unknown>) {
    const clock = new FakeClock();
    const store = new StateStore({ clock, publish: 'manual' });
    store.registerBackend({ id: 'b', kind: 'memory', cluster: 'c', freshnessBoundMs: 10_000 });
    const db = openDatabase(':memory:');
    const book = new AlertBook(new AlertRepository(db), clock);
    const e = new AlertEngine({ store, book, clock, config: alertsConfigSchema.parse({ rules: { unhealthyFor: 0, underReplicatedFor: '1d' }, ...configInput }), logger: silentLogger });
    e.start();
    return { clock, store, book, e, db };
  }

  it('judges nothing before the backend\'s first full snapshot', () => {
    const { store, book, db, e } = engine({});
    store.apply('b', { type: 'connected', at: 0 });
    store.apply('b', { type: 'service-upserted', at: 0, service: unhealthy('x') });
    store.flush();
    expect(book.open()).toHaveLength(0);
    store.apply('b', { type: 'snapshot', at: 0, snapshot: { services: [unhealthy('x')], tasks: [], plans: [], hosts: [] } });
    store.flush();
    expect(book.open().map((a) => a.kind)).toEqual(['service-unhealthy']);
    e.stop();
    db.close();
  });

  it('damps flapping: after the configured firings it stays open through short recoveries instead of re-opening', async () => {
    const { clock, store, book, db, e } = engine({ flapping: { firings: 3, window: '30m', hold: '15m' } });
    const healthy = { ...unhealthy('x'), running: 2, healthy: 2, health: { status: 'HEALTHY' as const, reason: '2/2' } };
    store.apply('b', { type: 'snapshot', at: 0, snapshot: { services: [healthy], tasks: [], plans: [], hosts: [] } });
    store.flush();
    const opened: string[] = [];
    book.onEvent((ev) => {
      if (ev.type === 'opened') opened.push(ev.alert.id);
    });
    for (let i = 0; i < 6; i++) {
      store.apply('b', { type: 'service-upserted', at: clock.now(), service: unhealthy('x') });
      store.flush();
      await clock.advance(60_000);
      store.apply('b', { type: 'service-upserted', at: clock.now(), service: healthy });
      store.flush();
      await clock.advance(60_000);
    }
    expect(opened).toHaveLength(3);
    expect(book.open()[0]?.flapping).toBe(true);
    await clock.advance(16 * MIN);
    expect(book.open()).toHaveLength(0);
    e.stop();
    db.close();
  });
});
