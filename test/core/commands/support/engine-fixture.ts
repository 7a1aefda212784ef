/**
 * A real command engine for tests: in-memory backend pumped into a real
 * state store, real SQLite in a temp dir, fake clock, access config with two
 * tenants (payments, search) and people in different roles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryBackend } from '../../../../src/backends/memory/memory-backend.js';
import { accessConfigSchema, createAccessGate, type AccessConfigInput } from '../../../../src/core/access/index.js';
import { runBackend } from '../../../../src/core/backend/run-backend.js';
import type { Backend } from '../../../../src/core/backend/port.js';
import {
  confirmationPolicySchema,
  createCommandEngine,
  createGuards,
  openCommandStorage,
  type CommandEngine,
  type CommandStorage,
} from '../../../../src/core/commands/index.js';
import { FakeClock } from '../../../../src/core/fake-clock.js';
import { silentLogger } from '../../../../src/core/logger.js';
import type { Actor } from '../../../../src/core/model/actor.js';
import { StateStore } from '../../../../src/core/state/store.js';
import { waitForState } from '../../../../src/core/state/wait-for-state.js';
import { openDatabase, type SqliteDatabase } from '../../../../src/core/storage/sqlite-database.js';

/** The access config every engine test uses unless it passes its own. */
export const TEST_ACCESS: AccessConfigInput = {
  actors: [
    { id: 'alice', name: 'Alice', external: { os: 'alice', slack: 'U1' } },
    { id: 'bob', name: 'Bob', external: { slack: 'U2' } },
    { id: 'carol', name: 'Carol' },
    { id: 'dave', name: 'Dave' },
    { id: 'erin', name: 'Erin' },
    { id: 'vic', name: 'Victor Viewer' },
    { id: 'root', name: 'Root' },
  ],
  groups: [{ id: 'payments-oncall', members: ['alice', 'dave'] }],
  bindings: [
    { tenant: 'payments', role: 'operator', subjects: ['group:payments-oncall'] },
    { tenant: 'payments', role: 'approver', subjects: ['bob', 'carol'] },
    { tenant: 'search', role: 'operator', subjects: ['erin'] },
    { tenant: 'payments', role: 'viewer', subjects: ['vic'] },
    { tenant: '*', role: 'admin', subjects: ['root'] },
  ],
};

/** An actor from TEST_ACCESS. */
export function actor(id: string, source: Actor['source'] = 'cli'): Actor {
  return { id, name: id[0]?.toUpperCase() + id.slice(1), source };
}

/** Options for the fixture. */
export interface FixtureOptions {
  access?: AccessConfigInput;
  guards?: unknown;
  policy?: unknown;
  verifyTimeoutMs?: number;
  /** Wraps the backend (e.g. to count calls). */
  wrap?: (backend: MemoryBackend) => Backend;
  dbPath?: string;
}

/** Everything a test touches. */
export interface EngineFixture {
  clock: FakeClock;
  backend: MemoryBackend;
  second: MemoryBackend;
  store: StateStore;
  engine: CommandEngine;
  storage: CommandStorage;
  db: SqliteDatabase;
  dbPath: string;
  close(): void;
}

let keyCounter = 0;
/** A fresh, valid idempotency key. */
export function newKey(): string {
  return `key-${process.pid}-${++keyCounter}-${Math.random().toString(16).slice(2, 10)}`;
}

/** Builds the engine over a memory backend with services in two tenants. */
export async function createEngineFixture(options: FixtureOptions = {}): Promise<EngineFixture> {
  const dir = options.dbPath === undefined ? mkdtempSync(join(tmpdir(), 'opsdeck-cmd-')) : undefined;
  const dbPath = options.dbPath ?? join(dir as string, 'opsdeck.db');
  const clock = new FakeClock('2026-03-02T10:00:00Z');
  const backend = new MemoryBackend({ id: 'mem', clock, freshnessBoundMs: 3_600_000 });
  backend.putService({ name: 'web', tenant: 'payments', replicas: 3, version: 'v1' });
  backend.putService({ name: 'web', tenant: 'payments', replicas: 3, version: 'v2' });
  backend.putService({ name: 'ledger', tenant: 'payments', replicas: 3, stateful: true, version: 'v1' });
  backend.putService({ name: 'indexer', tenant: 'search', replicas: 2, version: 'v1' });
  backend.putService({ name: 'cache', tenant: 'payments', replicas: 1, version: 'v1' });
  backend.putService({ name: 'queue', tenant: 'payments', replicas: 1, version: 'v1' });
  const second = new MemoryBackend({ id: 'mem2', clock, freshnessBoundMs: 3_600_000 });
  second.putService({ name: 'cache', tenant: 'search', replicas: 1, version: 'v1' });
  second.putService({ name: 'queue', tenant: 'payments', replicas: 1, version: 'v1' });
  backend.putPlan({
    serviceNativeId: 'ledger',
    name: 'deploy',
    strategy: 'serial',
    status: 'PENDING',
    errors: [],
    updatedAt: 0,
    phases: [
      {
        id: 'ph1',
        name: 'ledger-phase',
        strategy: 'serial',
        status: 'PENDING',
        steps: [
          { id: 'st1', name: 'ledger-0:[node]', status: 'COMPLETE', message: '' },
          { id: 'st2', name: 'ledger-1:[node]', status: 'COMPLETE', message: '' },
        ],
      },
    ],
  });
  const store = new StateStore({ clock });
  store.registerBackend({ id: backend.id, kind: backend.kind, cluster: backend.cluster, freshnessBoundMs: backend.freshnessBoundMs });
  store.registerBackend({ id: second.id, kind: second.kind, cluster: second.cluster, freshnessBoundMs: second.freshnessBoundMs });
  const abort = new AbortController();
  void runBackend(backend, store, { clock, signal: abort.signal });
  void runBackend(second, store, { clock, signal: abort.signal });
  await waitForState(store, (s) => s.backend('mem')?.synced && s.backend('mem2')?.synced, { clock, timeoutMs: 5_000 });
  const db = openDatabase(dbPath);
  const storage = openCommandStorage(db, { clock, checkpointEvery: 50 });
  const wrapped = options.wrap?.(backend) ?? backend;
  const engine = createCommandEngine({
    store,
    backends: (id) => (id === backend.id ? wrapped : id === second.id ? second : undefined),
    access: createAccessGate(accessConfigSchema.parse(options.access ?? TEST_ACCESS)),
    guards: createGuards(options.guards ?? {}),
    audit: storage.audit,
    storage: storage.storage,
    clock,
    logger: silentLogger,
    policy: confirmationPolicySchema.parse(options.policy ?? {}),
    verifyTimeoutMs: options.verifyTimeoutMs ?? 60_000,
  });
  return {
    clock,
    backend,
    second,
    store,
    engine,
    storage,
    db,
    dbPath,
    close() {
      abort.abort();
      db.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
