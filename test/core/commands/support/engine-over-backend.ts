/**
 * A real command engine over any running backend and its state store: real
 * SQLite in a temp dir, the real clock, one operator per tenant, and a policy
 * where critical commands need the typed name (so tests can run them alone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessConfigSchema, createAccessGate } from '../../../../src/core/access/index.js';
import type { Backend } from '../../../../src/core/backend/port.js';
import { systemClock } from '../../../../src/core/clock.js';
import { confirmationPolicySchema, createCommandEngine, createGuards, openCommandStorage, type CommandEngine, type SubmitResult } from '../../../../src/core/commands/index.js';
import { silentLogger } from '../../../../src/core/logger.js';
import type { Actor } from '../../../../src/core/model/actor.js';
import type { StateStore } from '../../../../src/core/state/store.js';
import { openDatabase } from '../../../../src/core/storage/sqlite-database.js';

/** The engine and how to drive it. */
export interface EngineOverBackend {
  engine: CommandEngine;
  /** Submits as `actor` with a fresh key, typing the target's name as confirmation. */
  run(actor: string, command: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<SubmitResult>;
  who(id: string): Actor;
  close(): void;
}

let counter = 0;

/** Builds the engine; `operators` maps actor ids to the tenants they operate. */
export function engineOverBackend(backend: Backend, store: StateStore, options: { operators: Record<string, string[]>; verifyTimeoutMs?: number }): EngineOverBackend {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-spec-'));
  const db = openDatabase(join(dir, 'opsdeck.db'));
  const { audit, storage } = openCommandStorage(db, { clock: systemClock });
  const access = accessConfigSchema.parse({
    actors: Object.keys(options.operators).map((id) => ({ id, name: id })),
    bindings: Object.entries(options.operators).flatMap(([id, tenants]) => tenants.map((tenant) => ({ tenant, role: 'operator', subjects: [id] }))),
  });
  const engine = createCommandEngine({
    store,
    backends: (id) => (id === backend.id ? backend : undefined),
    access: createAccessGate(access),
    guards: createGuards({ rateLimit: { enabled: false } }),
    audit,
    storage,
    clock: systemClock,
    logger: silentLogger,
    policy: confirmationPolicySchema.parse({ levels: { critical: 'type-name' } }),
    verifyTimeoutMs: options.verifyTimeoutMs ?? 30_000,
  });
  const who = (id: string): Actor => ({ id, name: id, source: 'cli' });
  return {
    engine,
    who,
    run: (actor, command, runOptions = {}) =>
      engine.submit(
        { ...command, actor: who(actor), source: 'cli', idempotencyKey: `spec-${process.pid}-${++counter}-${Date.now()}` },
        { confirmation: { confirmed: true, typed: String(command['target']) }, ...(runOptions.signal === undefined ? {} : { signal: runOptions.signal }) },
      ),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
