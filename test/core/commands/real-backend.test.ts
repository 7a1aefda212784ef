/**
 * The same pipeline against a real backend: the Mesos/Marathon/SDK backend
 * over loopback HTTP to the simulated DC/OS cluster, real clock, real SQLite.
 * Table-driven over guards and confirmation levels.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMesosBackend, mesosConfigForSimulator } from '../../../src/backends/mesos/create-mesos-backend.js';
import { startSimulatedCluster } from '../../../src/backends/sim/simulated-cluster.js';
import { accessConfigSchema, createAccessGate } from '../../../src/core/access/index.js';
import { runBackend } from '../../../src/core/backend/run-backend.js';
import { systemClock } from '../../../src/core/clock.js';
import { createCommandEngine, createGuards, openCommandStorage, type CommandEngine } from '../../../src/core/commands/index.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Actor } from '../../../src/core/model/actor.js';
import { StateStore } from '../../../src/core/state/store.js';
import { waitForState } from '../../../src/core/state/wait-for-state.js';
import { openDatabase, type SqliteDatabase } from '../../../src/core/storage/sqlite-database.js';

let cluster: Awaited<ReturnType<typeof startSimulatedCluster>>;
let engine: CommandEngine;
let store: StateStore;
let db: SqliteDatabase;
let dir: string;
const abort = new AbortController();

const who = (id: string): Actor => ({ id, name: id, source: 'cli' });
let counter = 0;
const key = (): string => `real-${process.pid}-${++counter}`;

beforeAll(async () => {
  cluster = await startSimulatedCluster({ seed: 7, heartbeatIntervalMs: 100, tickMs: 50, stepDurationMs: 120_000 });
  const config = { ...mesosConfigForSimulator(cluster, { id: 'dcos', heartbeatIntervalMs: 100, planPollIntervalMs: 300, reconnectMinBackoffMs: 100, reconnectMaxBackoffMs: 500 }), tokenEnv: 'TOKEN' };
  const backend = createMesosBackend(config, { clock: systemClock, env: { TOKEN: 'real-backend-token-1234' }, logger: silentLogger });
  store = new StateStore({ clock: systemClock });
  store.registerBackend({ id: backend.id, kind: backend.kind, cluster: backend.cluster, freshnessBoundMs: backend.freshnessBoundMs });
  void runBackend(backend, store, { clock: systemClock, signal: abort.signal });
  await waitForState(store, (s) => s.backend('dcos')?.synced && s.plansOf('dcos/hdfs').length > 0, { clock: systemClock, timeoutMs: 15_000 });
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-real-'));
  db = openDatabase(join(dir, 'opsdeck.db'));
  const { audit, storage } = openCommandStorage(db, { clock: systemClock });
  const access = accessConfigSchema.parse({
    actors: [{ id: 'pat', name: 'Pat' }, { id: 'ana', name: 'Ana' }, { id: 'max', name: 'Max' }],
    bindings: [
      { tenant: 'prod', role: 'operator', subjects: ['pat'] },
      { tenant: 'analytics', role: 'operator', subjects: ['ana'] },
      { tenant: 'analytics', role: 'approver', subjects: ['max'] },
    ],
  });
  engine = createCommandEngine({
    store,
    backends: (id) => (id === backend.id ? backend : undefined),
    access: createAccessGate(access),
    guards: createGuards({ scale: { max: 20 }, rateLimit: { enabled: false } }),
    audit,
    storage,
    clock: systemClock,
    logger: silentLogger,
    verifyTimeoutMs: 15_000,
  });
}, 60_000);

afterAll(async () => {
  abort.abort();
  db?.close();
  await cluster?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface RealCase {
  name: string;
  actor: string;
  command: Record<string, unknown>;
  level: string;
  expected: { status: string; code?: string; outcome?: string };
}

const CASES: RealCase[] = [
  { name: 'scale a Marathon app (confirm) converges', actor: 'pat', command: { kind: 'scale', target: 'web', args: { replicas: 4 } }, level: 'confirm', expected: { status: 'executed', outcome: 'succeeded' } },
  { name: 'scale beyond bounds is rejected by the guard', actor: 'pat', command: { kind: 'scale', target: 'web', args: { replicas: 50 } }, level: 'confirm', expected: { status: 'denied', code: 'GUARD_REJECTED' } },
  { name: 'restart a Marathon app (confirm) replaces every task', actor: 'pat', command: { kind: 'restart', target: 'keyserver' }, level: 'confirm', expected: { status: 'executed', outcome: 'succeeded' } },
  { name: 'pod restart of hdfs while its deploy plan runs is rejected', actor: 'ana', command: { kind: 'pod-restart', target: 'hdfs', args: { pod: 'journal-0' } }, level: 'type-name', expected: { status: 'denied', code: 'GUARD_REJECTED' } },
  { name: 'pausing the running hdfs deploy plan needs no confirmation and takes effect', actor: 'ana', command: { kind: 'plan-pause', target: 'hdfs', args: { plan: 'deploy' } }, level: 'none', expected: { status: 'executed', outcome: 'succeeded' } },
  { name: 'pod replace on stateful kafka needs approval', actor: 'ana', command: { kind: 'pod-replace', target: 'kafka', args: { pod: 'kafka-0' } }, level: 'approval', expected: { status: 'pending-approval' } },
  { name: 'a prod operator cannot reach an analytics service (NOT_FOUND)', actor: 'pat', command: { kind: 'restart', target: 'etl-worker' }, level: '-', expected: { status: 'denied', code: 'NOT_FOUND' } },
  { name: 'rollback on Marathon without a previous version is refused by the backend', actor: 'ana', command: { kind: 'rollback', target: 'notebook' }, level: 'type-name', expected: { status: 'failed' } },
];

describe('command engine on the Mesos backend (simulated DC/OS over HTTP)', () => {
  it.each(CASES)('$name', async (c) => {
    const command = { ...c.command, actor: who(c.actor), source: 'cli', idempotencyKey: key() };
    if (c.level !== '-') expect(engine.preview(command).confirmation).toBe(c.level);
    const result = await engine.submit(command, { confirmation: { confirmed: true, typed: String(c.command['target']) } });
    expect(result.status, JSON.stringify(result).slice(0, 400)).toBe(c.expected.status);
    if (result.status === 'denied' || result.status === 'failed') {
      if (c.expected.code) expect(result.error.code).toBe(c.expected.code);
      expect(result.error.message).not.toContain('real-backend-token');
    }
    if (result.status === 'executed') expect(result.outcome.status).toBe(c.expected.outcome);
  }, 30_000);

  it('a second person approves the kafka pod replace and the SDK scheduler carries it out', async () => {
    const command = { kind: 'pod-replace', target: 'kafka', args: { pod: 'kafka-1' }, actor: who('ana'), source: 'slack', idempotencyKey: key() };
    const pending = await engine.submit(command);
    if (pending.status !== 'pending-approval') throw new Error(`expected pending, got ${pending.status}`);
    expect(await engine.approve(pending.requestId, who('ana'))).toMatchObject({ status: 'denied', error: { code: 'FORBIDDEN' } });
    const done = await engine.approve(pending.requestId, who('max'));
    expect(done, JSON.stringify(done).slice(0, 400)).toMatchObject({ status: 'executed', outcome: { status: 'succeeded' } });
  }, 30_000);

  it('the whole run leaves a verifiable audit chain', () => {
    expect(engine.audit.verify()).toMatchObject({ ok: true });
  });
});
