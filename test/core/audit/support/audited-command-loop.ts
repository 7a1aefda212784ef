/**
 * Child process for the crash test: runs audited commands through a real
 * engine in a loop and prints `ack <seq> <hash>` after each commit, until killed.
 * Usage: node --import tsx audited-command-loop.ts <db-path>
 */
import { MemoryBackend } from '../../../../src/backends/memory/memory-backend.js';
import { accessConfigSchema, createAccessGate } from '../../../../src/core/access/index.js';
import { runBackend } from '../../../../src/core/backend/run-backend.js';
import { systemClock } from '../../../../src/core/clock.js';
import { createCommandEngine, createGuards, openCommandStorage } from '../../../../src/core/commands/index.js';
import { silentLogger } from '../../../../src/core/logger.js';
import { StateStore } from '../../../../src/core/state/store.js';
import { waitForState } from '../../../../src/core/state/wait-for-state.js';
import { openDatabase } from '../../../../src/core/storage/sqlite-database.js';

const dbPath = process.argv[2];
if (dbPath === undefined) throw new Error('usage: audited-command-loop.ts <db-path>');

const clock = systemClock;
const backend = new MemoryBackend({ id: 'mem', clock, freshnessBoundMs: 3_600_000 });
backend.putService({ name: 'web', tenant: 'payments', replicas: 2 });
const store = new StateStore({ clock });
store.registerBackend({ id: 'mem', kind: 'memory', cluster: 'mem', freshnessBoundMs: 3_600_000 });
void runBackend(backend, store, { clock, signal: new AbortController().signal });
await waitForState(store, (s) => s.backend('mem')?.synced, { clock, timeoutMs: 5_000 });

const db = openDatabase(dbPath);
const { audit, storage } = openCommandStorage(db, { clock, checkpointEvery: 25 });
const engine = createCommandEngine({
  store,
  backends: (id) => (id === 'mem' ? backend : undefined),
  access: createAccessGate(accessConfigSchema.parse({ actors: [{ id: 'alice', name: 'Alice' }], bindings: [{ tenant: 'payments', role: 'operator', subjects: ['alice'] }] })),
  guards: createGuards({ rateLimit: { enabled: false } }),
  audit,
  storage,
  clock,
  logger: silentLogger,
  verifyTimeoutMs: 5_000,
});

for (let i = 0; ; i++) {
  const result = await engine.submit(
    { kind: 'scale', actor: { id: 'alice', name: 'Alice', source: 'cli' }, target: 'web', args: { replicas: 2 + (i % 2) }, source: 'cli', idempotencyKey: `loop-${process.pid}-${i}` },
    { confirmation: { confirmed: true } },
  );
  if (result.status !== 'executed') throw new Error(`unexpected ${result.status}`);
  const head = audit.head();
  process.stdout.write(`ack ${head.seq} ${head.hash}\n`);
}
