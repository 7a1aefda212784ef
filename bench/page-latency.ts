/**
 * Failure → page latency: a backend event applied to the store (a service
 * turning UNHEALTHY) until the notifier is called, with 10,000 services
 * loaded, real SQLite (WAL, synchronous FULL) and the system clock.
 * Run: node --import tsx bench/page-latency.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { alertsConfigSchema } from '../src/core/alerts/config.js';
import { createAlerting } from '../src/core/alerts/create-alerting.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { ServiceReport } from '../src/core/model/service.js';
import type { DeliveryResult, Notifier, PageMessage } from '../src/core/notify/notifier.js';
import { oncallConfigSchema } from '../src/core/oncall/config.js';
import { StateStore } from '../src/core/state/store.js';

const SERVICES = 10_000;
const TRIALS = 300;
const MASS = 1_000;

function report(i: number, healthy: boolean): ServiceReport {
  return {
    nativeId: `svc-${i}`,
    cluster: 'bench',
    tenant: `tenant-${i % 20}`,
    name: `svc-${i}`,
    kind: 'other',
    desired: 3,
    running: 3,
    healthy: healthy ? 3 : 0,
    health: healthy ? { status: 'HEALTHY', reason: '3/3 healthy' } : { status: 'UNHEALTHY', reason: '0/3 healthy (3 running)' },
    labels: {},
    stateful: false,
    actions: ['restart', 'rollback', 'scale'],
    updatedAt: systemClock.now(),
  };
}

let pending: { started: number; resolve: (ms: number) => void } | undefined;
let massPages = 0;
let massDone: (() => void) | undefined;
const notifier: Notifier = {
  deliver(message: PageMessage): Promise<DeliveryResult> {
    if (message.type === 'page' && massDone !== undefined && ++massPages === MASS) massDone();
    if (message.type === 'page' && pending !== undefined) {
      const p = pending;
      pending = undefined;
      p.resolve(performance.now() - p.started);
    }
    return Promise.resolve({ status: 'delivered' });
  },
};

const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-'));
const store = new StateStore({ clock: systemClock });
store.registerBackend({ id: 'bench', kind: 'memory', cluster: 'bench', freshnessBoundMs: 3_600_000 });
store.apply('bench', { type: 'connected', at: systemClock.now() });
store.apply('bench', { type: 'snapshot', at: systemClock.now(), snapshot: { services: Array.from({ length: SERVICES }, (_, i) => report(i, true)), tasks: [], plans: [], hosts: [] } });
store.flush();

const alerting = createAlerting({
  store,
  database: join(dir, 'opsdeck.db'),
  clock: systemClock,
  notifier,
  gate: { authorize: () => Promise.resolve(), audit: () => Promise.resolve() },
  config: {
    alerts: alertsConfigSchema.parse({ rules: { unhealthyFor: 0, underReplicatedFor: '1d', degradedFor: '1d' }, grouping: { wait: 0 }, evaluateEvery: '5s' }),
    oncall: oncallConfigSchema.parse({
      people: [{ id: 'oncall', name: 'On Call', timeZone: 'UTC' }],
      escalationPolicies: [{ name: 'p', levels: [{ notify: [{ user: 'oncall' }], wait: '5m' }] }],
      defaultPolicy: 'p',
    }),
  },
  logger: silentLogger,
});
alerting.start();

const latencies: number[] = [];
const startAll = performance.now();
for (let t = 0; t < TRIALS; t++) {
  const i = (t * 37) % SERVICES;
  const paged = new Promise<number>((resolve) => {
    pending = { started: performance.now(), resolve };
  });
  store.apply('bench', { type: 'service-upserted', at: systemClock.now(), service: report(i, false) });
  const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`no page for svc-${i} within 5 s`)), 5_000));
  latencies.push(await Promise.race([paged, timeout]));
  store.apply('bench', { type: 'service-upserted', at: systemClock.now(), service: report(i, true) });
  await new Promise((r) => setImmediate(r));
  await alerting.settle();
}
const total = performance.now() - startAll;

// Mass failure: 1,000 services fail in one snapshot (a bad deploy everywhere).
const massStart = performance.now();
const allPaged = new Promise<void>((resolve) => {
  massDone = resolve;
});
store.apply('bench', {
  type: 'snapshot',
  at: systemClock.now(),
  snapshot: { services: Array.from({ length: SERVICES }, (_, i) => report(i, i % 10 !== 0)), tasks: [], plans: [], hosts: [] },
});
await Promise.race([allPaged, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${massPages} of ${MASS} pages within 30 s`)), 30_000))]);
const massMs = performance.now() - massStart;
await alerting.stop();
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
console.log(`page latency with ${SERVICES} services loaded, ${TRIALS} failures (event applied to store → notifier.deliver):`);
console.log(`  p50 ${pct(50).toFixed(2)} ms   p90 ${pct(90).toFixed(2)} ms   p99 ${pct(99).toFixed(2)} ms   max ${(latencies.at(-1) ?? NaN).toFixed(2)} ms`);
console.log(`  target p99 <= 250 ms: ${pct(99) <= 250 ? 'met' : 'NOT met'}; total ${(total / 1000).toFixed(1)} s`);
console.log(`mass failure: ${MASS} of ${SERVICES} services UNHEALTHY in one snapshot → all ${MASS} pages delivered in ${massMs.toFixed(0)} ms`);
