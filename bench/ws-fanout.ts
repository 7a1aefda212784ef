/**
 * ws fan-out benchmark: a daemon (its own process, so its RSS is its own)
 * with 1,000 services over 10 tenants; 100 ws clients (in 3 client
 * processes) receive diffs while 1,000 service updates/s are applied to the
 * store for ~10 s. Prints p50/p99/max delivery latency (store apply → client
 * parsed) and daemon RSS, for: every client seeing every tenant, clients
 * spread over 10 tenants (per-tenant filtering), and a baseline of a bare
 * `ws` server broadcasting pre-serialised messages of the same shape.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { ServiceReport } from '../src/core/model/service.js';
import { StateStore } from '../src/core/state/index.js';
import { daemonConfigSchema } from '../src/daemon/daemon-config.js';
import { startDaemonServer } from '../src/daemon/http/daemon-server.js';
import { createDaemonMetrics } from '../src/daemon/metrics/daemon-metrics.js';
import { createTokenDirectory, hashToken } from '../src/daemon/token-directory.js';

const CLIENTS = 100;
const CLIENT_PROCESSES = 3;
const RATE = 1000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TENANTS = 10;
const SERVICES = 1000;
const self = fileURLToPath(import.meta.url);
const now = (): number => performance.timeOrigin + performance.now();
const tenantToken = (t: number): string => `bench-token-tenant-${t}-0123456789`;
const ALL_TOKEN = 'bench-token-all-tenants-0123456789';
const SENT_AT = /"sentAt":"([\d.]+)"/g;

type Mode = 'all-tenants' | 'per-tenant' | 'bare-ws';
type ToDaemon = { type: 'run'; mode: Mode };
type FromDaemon = { type: 'listening'; url: string; bareUrl: string } | { type: 'done'; updates: number; rssStartMb: number; rssPeakMb: number; rssEndMb: number; dropped: number };
type FromClients = { type: 'ready' } | { type: 'latencies'; values: number[]; messages: number; resyncs: number };
type ToClients = { type: 'connect'; urls: { url: string; token?: string }[] } | { type: 'collect' } | { type: 'exit' };

function report(i: number, at: number): ServiceReport {
  const name = `svc-${i}`;
  return {
    nativeId: name,
    cluster: `c${i % 3}`,
    tenant: `tenant-${i % TENANTS}`,
    name,
    kind: 'deployment',
    desired: 3,
    running: 3,
    healthy: 3,
    health: { status: 'HEALTHY', reason: '3/3 healthy' },
    labels: { app: name, team: `team-${i % TENANTS}`, sentAt: String(at) },
    version: 'registry.internal/app:1.4.2',
    stateful: false,
    actions: ['scale', 'restart', 'rollback'],
    updatedAt: Math.floor(at),
  };
}

// ---- daemon process ----------------------------------------------------------

async function daemon(): Promise<void> {
  const store = new StateStore({ clock: systemClock });
  store.registerBackend({ id: 'bench', kind: 'memory', cluster: 'c0', freshnessBoundMs: 600_000 });
  store.apply('bench', { type: 'connected', at: 0 });
  const services = Array.from({ length: SERVICES }, (_, i) => report(i, 0));
  const tasks = services.flatMap((s) => [0, 1, 2].map((t) => ({ nativeId: `${s.name}.${t}`, serviceNativeId: s.nativeId, host: `node-${t}`, state: 'RUNNING' as const, healthy: true, restarts: 0, updatedAt: 0 })));
  store.apply('bench', { type: 'snapshot', at: 0, snapshot: { services, tasks, plans: [], hosts: [] } });
  store.flush();
  const tokens = [
    { id: 'all', sha256: hashToken(ALL_TOKEN), actor: { id: 'ops' }, tenants: ['*'] },
    ...Array.from({ length: TENANTS }, (_, t) => ({ id: `t${t}`, sha256: hashToken(tenantToken(t)), actor: { id: `u${t}` }, tenants: [`tenant-${t}`] })),
  ];
  const config = daemonConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, tokens });
  const metrics = createDaemonMetrics();
  const server = await startDaemonServer({ store, clock: systemClock, logger: silentLogger, config, tokens: createTokenDirectory(config.tokens), metrics, env: {} });
  const bare = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => bare.once('listening', () => resolve()));
  const bareAddress = bare.address();
  const barePort = typeof bareAddress === 'object' && bareAddress !== null ? bareAddress.port : 0;
  process.send?.({ type: 'listening', url: server.url, bareUrl: `ws://127.0.0.1:${barePort}` } satisfies FromDaemon);

  process.on('message', (message: ToDaemon) => {
    if (message.type !== 'run') return;
    void load(message.mode).then((done) => process.send?.(done));
  });

  async function load(mode: Mode): Promise<FromDaemon> {
    const droppedBefore = await droppedTotal();
    const start = now();
    let applied = 0;
    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const elapsed = now() - start;
        const due = Math.min(Math.floor((elapsed / 1000) * RATE), SECONDS * RATE);
        const batch: ServiceReport[] = [];
        for (; applied < due; applied++) batch.push(report(applied % SERVICES, now()));
        if (mode === 'bare-ws') {
          // Baseline: same payload shape, serialised once, no store, filter or bounds.
          const text = JSON.stringify({ v: 1, type: 'diff', services: { upserted: batch, removed: [] } });
          for (const client of bare.clients) client.send(text);
        } else {
          for (const service of batch) store.apply('bench', { type: 'service-upserted', at: Date.now(), service });
        }
        if (applied >= SECONDS * RATE) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
    clearInterval(sampler);
    return { type: 'done', updates: applied, rssStartMb: rssStart / 2 ** 20, rssPeakMb: rssPeak / 2 ** 20, rssEndMb: process.memoryUsage().rss / 2 ** 20, dropped: (await droppedTotal()) - droppedBefore };
  }

  async function droppedTotal(): Promise<number> {
    const text = await metrics.registry.getSingleMetricAsString('opsdeck_ws_diffs_dropped_total');
    return Number(/opsdeck_ws_diffs_dropped_total (\d+)/.exec(text)?.[1] ?? 0);
  }
}

// ---- client processes --------------------------------------------------------

async function clients(): Promise<void> {
  let latencies: number[] = [];
  let messages = 0;
  let resyncs = 0;
  let sockets: WebSocket[] = [];
  const connect = ({ url, token }: { url: string; token?: string }): Promise<WebSocket> =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } });
      ws.on('message', (data) => {
        // Delivery is timed at receipt; the stamps are read with a scan, not a full parse, so the
        // figure is about the daemon and the network rather than this (shared-CPU) client process.
        const at = now();
        const text = data.toString();
        messages++;
        if (text.startsWith('{"v":1,"type":"resync"')) resyncs++;
        if (!text.startsWith('{"v":1,"type":"diff"')) return;
        for (const match of text.matchAll(SENT_AT)) latencies.push(at - Number(match[1]));
      });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  process.on('message', (message: ToClients) => {
    if (message.type === 'connect') {
      void Promise.all(message.urls.map(connect)).then((opened) => {
        sockets = opened;
        process.send?.({ type: 'ready' } satisfies FromClients);
      });
    } else if (message.type === 'collect') {
      process.send?.({ type: 'latencies', values: latencies, messages, resyncs } satisfies FromClients);
      for (const ws of sockets) ws.terminate();
      sockets = [];
      latencies = [];
      messages = 0;
      resyncs = 0;
    } else {
      process.exit(0);
    }
  });
}

// ---- orchestration ------------------------------------------------------------

function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (message: { type: string }): void => {
      if (message.type !== type) return;
      child.off('message', on);
      resolve(message as T);
    };
    child.on('message', on);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function scenario(daemonProcess: ChildProcess, children: ChildProcess[], listening: Extract<FromDaemon, { type: 'listening' }>, mode: Mode): Promise<void> {
  const targets = Array.from({ length: CLIENTS }, (_, i) => {
    if (mode === 'bare-ws') return { url: listening.bareUrl };
    const token = mode === 'all-tenants' ? ALL_TOKEN : tenantToken(i % TENANTS);
    return { url: `${listening.url.replace(/^http/, 'ws')}/ws`, token };
  });
  const per = Math.ceil(CLIENTS / children.length);
  await Promise.all(
    children.map((c, p) => {
      const ready = next(c, 'ready');
      c.send({ type: 'connect', urls: targets.slice(p * per, (p + 1) * per) } satisfies ToClients);
      return ready;
    }),
  );
  const done = next<Extract<FromDaemon, { type: 'done' }>>(daemonProcess, 'done');
  daemonProcess.send({ type: 'run', mode } satisfies ToDaemon);
  const result = await done;
  // Let the last diffs arrive before collecting.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const reports = await Promise.all(
    children.map((c) => {
      const r = next<Extract<FromClients, { type: 'latencies' }>>(c, 'latencies');
      c.send({ type: 'collect' } satisfies ToClients);
      return r;
    }),
  );
  const all = reports.flatMap((r) => r.values).sort((a, b) => a - b);
  const expected = mode === 'per-tenant' ? (result.updates * CLIENTS) / TENANTS : result.updates * CLIENTS;
  const messages = reports.reduce((n, r) => n + r.messages, 0);
  const resyncs = reports.reduce((n, r) => n + r.resyncs, 0);
  console.log(
    `${mode.padEnd(12)} ${result.updates} updates in ${SECONDS}s to ${CLIENTS} clients: ` +
      `${all.length}/${expected} deliveries, ${messages} ws messages, ` +
      `latency p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms, max ${(all.at(-1) ?? NaN).toFixed(1)} ms; ` +
      `daemon RSS ${result.rssStartMb.toFixed(0)} MB before, peak ${result.rssPeakMb.toFixed(0)} MB, end ${result.rssEndMb.toFixed(0)} MB; dropped diffs ${result.dropped}, resyncs ${resyncs}`,
  );
}

async function main(): Promise<void> {
  const daemonProcess = fork(self, ['daemon'], { execArgv: ['--import', 'tsx'] });
  const children = Array.from({ length: CLIENT_PROCESSES }, () => fork(self, ['clients'], { execArgv: ['--import', 'tsx'] }));
  const listening = await next<Extract<FromDaemon, { type: 'listening' }>>(daemonProcess, 'listening');
  console.log(`ws fan-out: ${CLIENTS} clients over ${CLIENT_PROCESSES} processes, ${RATE} service updates/s for ${SECONDS}s, ${SERVICES} services in ${TENANTS} tenants`);
  console.log('latency = store apply in the daemon -> message received by the client (both stamped on the same host clock)');
  for (const mode of ['all-tenants', 'per-tenant', 'bare-ws'] as const) await scenario(daemonProcess, children, listening, mode);
  for (const c of children) c.send({ type: 'exit' } satisfies ToClients);
  daemonProcess.kill('SIGTERM');
}

const role = process.argv[2];
if (role === 'daemon') void daemon();
else if (role === 'clients') void clients();
else void main();
