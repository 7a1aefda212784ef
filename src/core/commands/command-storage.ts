/** Opens the engine's SQLite storage (audit, approvals, idempotency) on one database file in one call. */
import { createAuditLog, type AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import { createSqliteApprovalStore } from '../storage/approval-store.js';
import { createSqliteAuditStore } from '../storage/audit-store.js';
import { createSqliteIdempotencyStore } from '../storage/idempotency-store.js';
import type { SqliteDatabase } from '../storage/sqlite-database.js';
import type { ApprovalStore, IdempotencyStore } from './command-storage-port.js';

/** The stores the engine needs, all on the same database. */
export interface CommandStorage {
  audit: AuditLog;
  storage: { approvals: ApprovalStore; idempotency: IdempotencyStore };
}

/** Runs the migrations and returns the audit log and stores. */
export function openCommandStorage(db: SqliteDatabase, options: { clock: Clock; checkpointEvery?: number }): CommandStorage {
  return {
    audit: createAuditLog({ store: createSqliteAuditStore(db), clock: options.clock, ...(options.checkpointEvery === undefined ? {} : { checkpointEvery: options.checkpointEvery }) }),
    storage: { approvals: createSqliteApprovalStore(db), idempotency: createSqliteIdempotencyStore(db) },
  };
}
