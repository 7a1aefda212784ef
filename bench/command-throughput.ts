/**
 * Command engine throughput on the in-memory backend with a real SQLite file
 * (WAL, synchronous FULL): full pipeline submits per second against a
 * baseline of bare audit appends, plus latency of 50 concurrent duplicates.
 * Run: node --import tsx bench/command-throughput.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryBackend } from '../src/backends/memory/memory-backend.js';
import { accessConfigSchema, createAccessGate } from '../src/core/access/index.js';
import { runBackend } from '../src/core/backend/run-backend.js';
import { systemClock } from '../src/core/clock.js';
import { createCommandEngine, createGuards, openCommandStorage } from '../src/core/commands/index.js';
import { silentLogger } from '../src/core/logger.js';
import { StateStore } from '../src/core/state/store.js';
import { waitForState } from '../src/core/state/wait-for-state.js';
import { openDatabase } from '../src/core/storage/sqlite-database.js';

const dir = mkdtempSync(join(tmpdir(), 'opsdeck-bench-'));
const clock = systemClock;
const backend = new MemoryBackend({ id: 'mem', clock, freshnessBoundMs: 3_600_000 });
for (let i = 0; i < 200; i++) backend.putService({ name: `svc-${i}`, tenant: 'payments', replicas: 2 });
const store = new StateStore({ clock });
store.registerBackend({ id: 'mem', kind: 'memory', cluster: 'mem', freshnessBoundMs: 3_600_000 });
const abort = new AbortController();
void runBackend(backend, store, { clock, signal: abort.signal });
await waitForState(store, (s) => s.backend('mem')?.synced, { clock, timeoutMs: 10_000 });
const db = openDatabase(join(dir, 'opsdeck.db'));
const { audit, storage } = openCommandStorage(db, { clock });
const engine = createCommandEngine({
  store,
  backends: () => backend,
  access: createAccessGate(accessConfigSchema.parse({ actors: [{ id: 'alice', name: 'Alice' }], bindings: [{ tenant: '*', role: 'operator', subjects: ['alice'] }] })),
  guards: createGuards({ rateLimit: { enabled: false } }),
  audit,
  storage,
  clock,
  logger: silentLogger,
  verifyTimeoutMs: 10_000,
});
const alice = { id: 'alice', name: 'Alice', source: 'cli' as const };

const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

// Baseline: bare durable audit appends.
const baselineN = 500;
for (let i = 0; i < 200; i++) audit.append({ event: 'bench.warmup', actor: { id: 'alice', source: 'cli' } });
let t0 = performance.now();
for (let i = 0; i < baselineN; i++) audit.append({ event: 'bench.baseline', actor: { id: 'alice', source: 'cli' }, details: { i } });
const baselineMs = performance.now() - t0;

// Full pipeline, sequential: validate, resolve, authorize, guards, preview, confirm, execute, verify, ~7 audit entries.
const n = 300;
const latencies: number[] = [];
t0 = performance.now();
for (let i = 0; i < n; i++) {
  const start = performance.now();
  const result = await engine.submit(
    { kind: 'scale', actor: alice, target: `svc-${i % 200}`, args: { replicas: 2 + ((i >> 3) % 2) }, source: 'cli', idempotencyKey: `bench-seq-${i}` },
    { confirmation: { confirmed: true } },
  );
  if (result.status !== 'executed') throw new Error(`unexpected ${result.status}`);
  latencies.push(performance.now() - start);
}
const pipelineMs = performance.now() - t0;

// 50 concurrent duplicates of one command, 20 rounds.
const dupLatencies: number[] = [];
let executions = 0;
for (let round = 0; round < 20; round++) {
  const before = backend.executedActions;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 50 }, () =>
      engine.submit({ kind: 'restart', actor: alice, target: `svc-${round}`, source: 'slack', idempotencyKey: `bench-dup-${round}` }, { confirmation: { confirmed: true } }),
    ),
  );
  dupLatencies.push(performance.now() - start);
  executions += backend.executedActions - before;
}

t0 = performance.now();
const verdict = audit.verify();
const verifyMs = performance.now() - t0;

const entries = audit.head().seq;
console.log(`baseline audit append (WAL, synchronous FULL): ${(baselineN / (baselineMs / 1000)).toFixed(0)} entries/s (${(baselineMs / baselineN).toFixed(2)} ms each)`);
console.log(`full pipeline, sequential: ${(n / (pipelineMs / 1000)).toFixed(0)} commands/s; p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms`);
console.log(`  = ${(pipelineMs / n / (baselineMs / baselineN)).toFixed(1)}x the cost of one bare audit append (a command writes ~7 entries)`);
console.log(`50 concurrent duplicates: p50 ${percentile(dupLatencies, 0.5).toFixed(2)} ms per burst; executions ${executions} for 20 bursts (expect 20)`);
console.log(`verify ${entries} chained entries: ${verifyMs.toFixed(1)} ms (${verdict.ok ? 'ok' : 'BROKEN'})`);
console.log(`RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);

abort.abort();
db.close();
rmSync(dir, { recursive: true, force: true });
