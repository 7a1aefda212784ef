/**
 * Dashboard rendering benchmark: 10,000 services across 4 backends / 2
 * clusters / 50 tenants, drawn through blessed into a fake TTY. Prints first
 * frame time, key → redraw p50 / p99 under a stream of updates (target p99 ≤ 16 ms),
 * redraws per second, re-selecting keys (filter typing, sort change), and
 * idle CPU over 10 s, and the resources view (blessed-contrib donuts + host
 * table over BENCH_HOSTS hosts). Baseline: an event-loop turn
 * (setImmediate) measured the same way, the floor any key latency sits on.
 * Run: node --import tsx bench/tui-render.ts
 */
import { PassThrough, Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../src/core/clock.js';
import type { HostReport } from '../src/core/model/resources.js';
import type { ServiceReport } from '../src/core/model/service.js';
import type { TaskReport } from '../src/core/model/task.js';
import { StateStore } from '../src/core/state/store.js';
import { runDashboard } from '../src/tui/run-dashboard.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 10_000);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 2_000);
const BACKENDS = 4;
const COLS = 200;
const ROWS = 60;

function service(i: number, now: number, healthyCount = 3): ServiceReport {
  return {
    nativeId: `svc-${i}`,
    cluster: i % 2 === 0 ? 'east' : 'west',
    tenant: `tenant-${i % 50}`,
    name: `service-${String(i).padStart(5, '0')}`,
    kind: 'marathon-app',
    desired: 3,
    running: 3,
    healthy: healthyCount,
    health: healthyCount === 3 ? { status: 'HEALTHY', reason: '3/3 healthy' } : { status: 'DEGRADED', reason: `${healthyCount}/3 healthy` },
    labels: {},
    version: `v${i % 7}`,
    stateful: false,
    actions: ['scale', 'restart', 'rollback', 'kill-task'],
    updatedAt: now,
  };
}

function host(i: number, now: number): HostReport {
  const cpus = 16 + (i % 3) * 16;
  const memMb = cpus * 4096;
  const share = ((i * 37) % 100) / 100;
  return { nativeId: `agent-${i}`, hostname: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, active: i % 97 !== 0, total: { cpus, memMb, diskMb: 500_000 }, allocated: { cpus: cpus * share, memMb: memMb * share * 0.8, diskMb: 0 }, updatedAt: now };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (n: number): string => `${n.toFixed(2)} ms`;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const clock = systemClock;
const store = new StateStore({ clock });
const now = clock.now();
for (let b = 0; b < BACKENDS; b++) {
  const id = `backend-${b}`;
  store.registerBackend({ id, kind: 'memory', cluster: b % 2 === 0 ? 'east' : 'west', freshnessBoundMs: 60_000 });
  const services: ServiceReport[] = [];
  const tasks: TaskReport[] = [];
  for (let i = b; i < SERVICES; i += BACKENDS) {
    services.push(service(i, now));
    tasks.push({ nativeId: `svc-${i}.1`, serviceNativeId: `svc-${i}`, host: `host-${i % 300}`, state: 'RUNNING', healthy: true, restarts: 0, updatedAt: now });
  }
  const hosts: HostReport[] = [];
  for (let i = b; i < HOSTS; i += BACKENDS) hosts.push(host(i, now));
  store.apply(id, { type: 'connected', at: now });
  store.apply(id, { type: 'snapshot', at: now, snapshot: { services, tasks, plans: [], hosts } });
}
store.flush();

const output = Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), { isTTY: true, columns: COLS, rows: ROWS });
const input = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: () => input });

const t0 = performance.now();
const dashboard = runDashboard({ store, clock, screen: { input, output, terminal: 'xterm-256color' } });
const firstFrame = performance.now() - t0;

// Baseline: one event-loop turn, measured like a key.
const baseline: number[] = [];
for (let i = 0; i < 300; i++) {
  const s = performance.now();
  await turn();
  baseline.push(performance.now() - s);
}

// Reference workload measured between keys: parsing about one screen of service data, so a reader
// can tell machine noise (this inflates too) from dashboard cost.
const referencePayload = JSON.stringify([...store.services()].slice(0, 60));

interface StreamResult {
  latencies: number[];
  drawTimes: number[];
  reference: number[];
  updates: number;
  seconds: number;
  dataDrawsPerSecond: number;
  rebuilds: number;
}

/** Presses navigation keys through the input stream while ~2,000 service updates/s flow in; health flips on a third of them. */
async function keysUnderStream(keyCount: number): Promise<StreamResult> {
  let updates = 0;
  const updater = setInterval(() => {
    for (let k = 0; k < 20; k++) {
      const i = (updates++ * 7919) % SERVICES;
      store.apply(`backend-${i % BACKENDS}`, { type: 'service-upserted', at: clock.now(), service: service(i, clock.now(), updates % 3 === 0 ? 2 : 3) });
    }
  }, 10);
  const keys = ['j', 'j', 'j', 'k', 'C-d', 'j', 'G', 'k', 'g', 'j', 'enter', 'j', 'escape', 'j', 'j'];
  const result: StreamResult = { latencies: [], drawTimes: [], reference: [], updates: 0, seconds: 0, dataDrawsPerSecond: 0, rebuilds: 0 };
  const drawsBefore = dashboard.draws;
  const rebuildsBefore = dashboard.controller.selectionRebuilds;
  const start = performance.now();
  for (let i = 0; i < keyCount; i++) {
    const key = keys[i % keys.length]!;
    const raw = key === 'enter' ? '\r' : key === 'escape' ? '\x1b' : key === 'C-d' ? '\x04' : key;
    const before = dashboard.draws;
    const s = performance.now();
    input.write(raw);
    while (dashboard.draws === before) await turn();
    result.latencies.push(performance.now() - s);
    result.drawTimes.push(dashboard.lastDrawMs);
    const r = performance.now();
    JSON.parse(referencePayload);
    result.reference.push(performance.now() - r);
    await new Promise((resolve) => setTimeout(resolve, key === 'escape' ? 8 : 3));
  }
  clearInterval(updater);
  result.seconds = (performance.now() - start) / 1000;
  result.updates = updates;
  result.dataDrawsPerSecond = (dashboard.draws - drawsBefore - keyCount) / result.seconds;
  result.rebuilds = dashboard.controller.selectionRebuilds - rebuildsBefore;
  for (const list of [result.latencies, result.drawTimes, result.reference]) list.sort((x, y) => x - y);
  return result;
}

await keysUnderStream(100); // warm-up (JIT), not reported
const byName = await keysUnderStream(600);
dashboard.press(':');
for (const ch of 'sort health') dashboard.press(ch === ' ' ? 'space' : ch);
dashboard.press('enter');
const byHealth = await keysUnderStream(300);
dashboard.press(':');
for (const ch of 'sort name') dashboard.press(ch === ' ' ? 'space' : ch);
dashboard.press('enter');

// Keys that re-select over all 10,000 rows: filter keystrokes (a linear regex pass over the sorted list)
// and sort changes (a full re-sort).
const timeKeys = (keys: string[]): number[] =>
  keys
    .map((key) => {
      const s = performance.now();
      dashboard.press(key);
      return performance.now() - s;
    })
    .sort((a, b) => a - b);
const filterApply: number[] = [];
const waitForCoalescedDraw = async (): Promise<void> => {
  const before = dashboard.draws;
  while (dashboard.draws === before) await new Promise((resolve) => setTimeout(resolve, 5));
  filterApply.push(dashboard.lastDrawMs);
};
dashboard.press('/');
const filterKeys = timeKeys([...'service-00']);
await waitForCoalescedDraw();
filterKeys.push(...timeKeys(['backspace', 'backspace', 'backspace']));
await waitForCoalescedDraw();
filterKeys.sort((a, b) => a - b);
dashboard.press('escape');
const sortKeys = timeKeys(['o', 'o', 'o', 'o', 'o', 'o']);

// The resources view: switching to it (first use creates the contrib widgets), then moving the cursor;
// every draw re-sums the totals and re-draws the donut canvas.
const typeCommand = (text: string): void => {
  dashboard.press(':');
  for (const ch of text) dashboard.press(ch === ' ' ? 'space' : ch);
};
typeCommand('resources');
const enterResources = timeKeys(['enter']);
const panelShown = dashboard.controller.frame.view === 'resources';
const resourceKeys = timeKeys(Array.from({ length: 200 }, (_, i) => (i % 10 === 9 ? 'g' : 'j')));
typeCommand('services');
const backToServices = timeKeys(['enter']);

// Idle CPU: no input, no updates, the dashboard only ticks its clock.
await new Promise((resolve) => setTimeout(resolve, 500));
const cpu0 = process.cpuUsage();
const idleStart = performance.now();
await new Promise((resolve) => setTimeout(resolve, 10_000));
const cpu = process.cpuUsage(cpu0);
const idleMs = performance.now() - idleStart;
dashboard.close();

baseline.sort((a, b) => a - b);
const report = (label: string, r: StreamResult): void => {
  console.log(`  ${label}`);
  console.log(`    key → redraw p50 / p99 / max:              ${ms(percentile(r.latencies, 50))} / ${ms(percentile(r.latencies, 99))} / ${ms(r.latencies[r.latencies.length - 1] ?? NaN)}  (${r.latencies.length} keys, target p99 ≤ 16 ms)`);
  console.log(`    draw alone (compose + blessed) p50 / p99: ${ms(percentile(r.drawTimes, 50))} / ${ms(percentile(r.drawTimes, 99))}`);
  console.log(`    baseline JSON.parse of 60 services p50 / p99: ${ms(percentile(r.reference, 50))} / ${ms(percentile(r.reference, 99))}  (p99 ≫ p50 here means a noisy machine)`);
  console.log(`    ${r.updates} service updates in ${r.seconds.toFixed(1)} s; coalesced data redraws ${r.dataDrawsPerSecond.toFixed(1)}/s (cap 10/s); full 10k re-selections: ${r.rebuilds}`);
};
console.log(`tui-render: ${SERVICES} services, ${BACKENDS} backends, ${COLS}x${ROWS} terminal`);
console.log(`  first frame (runDashboard → first draw): ${ms(firstFrame)}`);
console.log(`  baseline event-loop turn p50 / p99:      ${ms(percentile(baseline, 50))} / ${ms(percentile(baseline, 99))}`);
report('navigation keys, sorted by name, ~2,000 updates/s:', byName);
report('navigation keys, sorted by health (updates move rows), ~2,000 updates/s:', byHealth);
console.log(`  filter keystroke (echo; list follows on the next coalesced redraw) p50 / max: ${ms(percentile(filterKeys, 50))} / ${ms(filterKeys[filterKeys.length - 1] ?? NaN)}  (${filterKeys.length} keys)`);
console.log(`  applying a typed filter to 10k (that coalesced redraw): ${filterApply.map(ms).join(', ')}`);
console.log(`  sort change (full re-sort of 10k) p50 / max:        ${ms(percentile(sortKeys, 50))} / ${ms(sortKeys[sortKeys.length - 1] ?? NaN)}  (${sortKeys.length} keys)`);
console.log(`  resources view, ${HOSTS} hosts (contrib donuts + host table)${panelShown ? '' : ' [view did not open]'}: open ${ms(enterResources[0] ?? NaN)}; j/g keys p50 / p99 / max ${ms(percentile(resourceKeys, 50))} / ${ms(percentile(resourceKeys, 99))} / ${ms(resourceKeys[resourceKeys.length - 1] ?? NaN)}; back to services ${ms(backToServices[0] ?? NaN)}`);
console.log(`  idle CPU over ${(idleMs / 1000).toFixed(1)} s: ${(((cpu.user + cpu.system) / 1000 / idleMs) * 100).toFixed(2)}% of one core`);
process.exit(0);
