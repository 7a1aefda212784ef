/**
 * Builds the guarded command engine from config: the access gate, guards and
 * confirmation policy, the audit log and command storage on the shared SQLite
 * file, and a backend lookup over the running backends.
 */
import { createAccessGate, type AccessGate } from '../core/access/index.js';
import type { AuditLog } from '../core/audit/index.js';
import type { Backend } from '../core/backend/port.js';
import type { Clock } from '../core/clock.js';
import { createCommandEngine, createGuards, openCommandStorage, type CommandEngine } from '../core/commands/index.js';
import type { Logger } from '../core/logger.js';
import type { StateStore } from '../core/state/store.js';
import type { SqliteDatabase } from '../core/storage/sqlite-database.js';
import type { LoadedConfig } from './config/load-config.js';

/** How long completed idempotency records are kept (a duplicate older than this runs again). */
export const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 3_600_000;
/** How often old idempotency records are pruned. */
export const IDEMPOTENCY_PRUNE_INTERVAL_MS = 3_600_000;

/** The engine plus the parts front ends also need (access for identity, audit for views). */
export interface CommandWiring {
  engine: CommandEngine;
  access: AccessGate;
  audit: AuditLog;
  /** Stops the periodic audit checkpoint and idempotency pruning. */
  stop(): void;
}

/** What the command wiring needs from the runtime. */
export interface CommandWiringDeps {
  config: LoadedConfig;
  store: StateStore;
  backends: ReadonlyMap<string, Backend>;
  db: SqliteDatabase;
  clock: Clock;
  logger: Logger;
}

/** Creates the engine with every policy from the config's `access` and `commands` sections. */
export function buildCommandWiring(deps: CommandWiringDeps): CommandWiring {
  const settings = deps.config.commands;
  const { audit, storage } = openCommandStorage(deps.db, { clock: deps.clock, checkpointEvery: settings.audit.checkpointEvery });
  const access = createAccessGate(deps.config.access);
  const engine = createCommandEngine({
    store: deps.store,
    backends: (id) => deps.backends.get(id),
    access,
    guards: createGuards(settings.guards),
    audit,
    storage,
    clock: deps.clock,
    logger: deps.logger.child({ component: 'commands' }),
    policy: settings.confirmation,
    verifyTimeoutMs: settings.verifyTimeoutMs,
  });
  const stopCheckpoints = settings.audit.checkpointIntervalMs > 0 ? audit.startCheckpointTimer(settings.audit.checkpointIntervalMs) : () => undefined;
  // Completed idempotency records only matter while a duplicate can still arrive; keep a week of them.
  const stopPruning = deps.clock.every(IDEMPOTENCY_PRUNE_INTERVAL_MS, () => storage.idempotency.prune(deps.clock.now() - IDEMPOTENCY_RETENTION_MS));
  return {
    engine,
    access,
    audit,
    stop: () => {
      stopCheckpoints();
      stopPruning();
    },
  };
}
