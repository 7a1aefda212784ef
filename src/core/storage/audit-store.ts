/**
 * SQLite implementation of the audit store: one row per entry with its chain
 * hashes, plus the checkpoint table, on the shared opsdeck database.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { AuditQuery, AuditStore } from '../audit/audit-store-port.js';
import type { AuditCheckpoint } from '../audit/verify-chain.js';
import { opsError } from '../errors.js';
import { migrate, type Migration, type SqliteDatabase } from './sqlite-database.js';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit entries and checkpoints',
    up: (db) => {
      db.exec(`CREATE TABLE audit_entries (
        seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, event TEXT NOT NULL,
        actor_id TEXT NOT NULL, actor_source TEXT NOT NULL, correlation_id TEXT,
        tenant TEXT, target TEXT, code TEXT, message TEXT, details TEXT,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`);
      db.exec('CREATE INDEX audit_entries_correlation ON audit_entries (correlation_id)');
      db.exec('CREATE TABLE audit_checkpoints (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, at INTEGER NOT NULL)');
    },
  },
];

interface Row {
  seq: number;
  at: number;
  event: string;
  actor_id: string;
  actor_source: string;
  correlation_id: string | null;
  tenant: string | null;
  target: string | null;
  code: string | null;
  message: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
}

function fromRow(row: Row): AuditEntry {
  let details: Record<string, unknown> | undefined;
  if (row.details !== null) {
    try {
      details = JSON.parse(row.details) as Record<string, unknown>;
    } catch {
      details = { unreadable: row.details };
    }
  }
  return {
    seq: row.seq,
    at: row.at,
    event: row.event,
    actor: { id: row.actor_id, source: row.actor_source as AuditEntry['actor']['source'] },
    ...(row.correlation_id === null ? {} : { correlationId: row.correlation_id }),
    ...(row.tenant === null ? {} : { tenant: row.tenant }),
    ...(row.target === null ? {} : { target: row.target }),
    ...(row.code === null ? {} : { code: row.code }),
    ...(row.message === null ? {} : { message: row.message }),
    ...(details === undefined ? {} : { details }),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Creates the audit tables if needed and returns the store. */
export function createSqliteAuditStore(db: SqliteDatabase): AuditStore {
  migrate(db, 'audit', MIGRATIONS);
  const headStmt = db.prepare('SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1');
  const insertStmt = db.prepare(`INSERT INTO audit_entries
    (seq, at, event, actor_id, actor_source, correlation_id, tenant, target, code, message, details, prev_hash, hash)
    VALUES (@seq, @at, @event, @actor_id, @actor_source, @correlation_id, @tenant, @target, @code, @message, @details, @prev_hash, @hash)`);
  const iterateStmt = db.prepare('SELECT * FROM audit_entries ORDER BY seq');
  const checkpointInsert = db.prepare('INSERT OR REPLACE INTO audit_checkpoints (seq, hash, at) VALUES (?, ?, ?)');
  const checkpointList = db.prepare('SELECT seq, hash, at FROM audit_checkpoints ORDER BY seq');
  return {
    transact(fn) {
      try {
        return db.transaction(fn).immediate();
      } catch (error) {
        if (error instanceof Error && error.name === 'OpsdeckError') throw error;
        throw opsError('STORAGE_ERROR', 'Could not write to the audit log.', { cause: error, hint: 'Check disk space and permissions of the opsdeck database.', retryable: true });
      }
    },
    head: () => headStmt.get() as { seq: number; hash: string } | undefined,
    insert(entry) {
      insertStmt.run({
        seq: entry.seq,
        at: entry.at,
        event: entry.event,
        actor_id: entry.actor.id,
        actor_source: entry.actor.source,
        correlation_id: entry.correlationId ?? null,
        tenant: entry.tenant ?? null,
        target: entry.target ?? null,
        code: entry.code ?? null,
        message: entry.message ?? null,
        details: entry.details === undefined ? null : JSON.stringify(entry.details),
        prev_hash: entry.prevHash,
        hash: entry.hash,
      });
    },
    entries(query: AuditQuery = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.fromSeq !== undefined) {
        where.push(query.newestFirst ? 'seq <= ?' : 'seq >= ?');
        params.push(query.fromSeq);
      }
      if (query.correlationId !== undefined) {
        where.push('correlation_id = ?');
        params.push(query.correlationId);
      }
      const sql = `SELECT * FROM audit_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${query.newestFirst ? 'DESC' : 'ASC'} LIMIT ?`;
      params.push(query.limit ?? 1000);
      return (db.prepare(sql).all(...params) as Row[]).map(fromRow);
    },
    *iterate() {
      for (const row of iterateStmt.iterate() as IterableIterator<Row>) yield fromRow(row);
    },
    insertCheckpoint(checkpoint) {
      checkpointInsert.run(checkpoint.seq, checkpoint.hash, checkpoint.at);
    },
    checkpoints: () => checkpointList.all() as AuditCheckpoint[],
  };
}
