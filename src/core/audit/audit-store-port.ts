/**
 * The storage port the audit log needs; the SQLite implementation lives in
 * core/storage/audit-store.ts, tests and other databases can supply their own.
 */
import type { AuditEntry } from './audit-entry.js';
import type { AuditCheckpoint } from './verify-chain.js';

/** Filters for reading entries back. */
export interface AuditQuery {
  fromSeq?: number;
  limit?: number;
  correlationId?: string;
  /** Newest first when true. */
  newestFirst?: boolean;
}

/** Durable, ordered storage of audit entries and checkpoints. */
export interface AuditStore {
  /** Runs `fn` in one exclusive write transaction (across processes). */
  transact<T>(fn: () => T): T;
  head(): { seq: number; hash: string } | undefined;
  insert(entry: AuditEntry): void;
  entries(query?: AuditQuery): AuditEntry[];
  /** Iterates all entries in sequence order without loading them all. */
  iterate(): IterableIterator<AuditEntry>;
  insertCheckpoint(checkpoint: AuditCheckpoint): void;
  checkpoints(): AuditCheckpoint[];
}
