/**
 * Opens the one SQLite file opsdeck keeps (audit, approvals, alerts, pages,
 * timers) with durability settings fit for paging state, and runs each
 * domain's schema migrations exactly once.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { opsError } from '../errors.js';

/** The better-sqlite3 handle type, re-exported so domains need not import the driver. */
export type SqliteDatabase = Database.Database;

/** One schema change of one domain; versions are 1, 2, 3… per domain. */
export interface Migration {
  version: number;
  /** Short description kept in the migrations table. */
  name: string;
  up: (db: SqliteDatabase) => void;
}

/** Opens (creating if needed) the database at `path` in WAL mode with synchronous FULL. */
export function openDatabase(path: string): SqliteDatabase {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      domain TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
      PRIMARY KEY (domain, version))`);
    return db;
  } catch (error) {
    throw opsError('STORAGE_ERROR', `Cannot open the opsdeck database at ${path}.`, {
      cause: error,
      hint: 'Check that the directory exists and is writable, and that no other program holds the file.',
    });
  }
}

/** Applies the domain's migrations that have not run yet, each in its own transaction. */
export function migrate(db: SqliteDatabase, domain: string, migrations: readonly Migration[]): void {
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations WHERE domain = ?').all(domain) as { version: number }[]).map((r) => r.version),
  );
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  for (const migration of sorted) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (domain, version, name, applied_at) VALUES (?, ?, ?, ?)').run(
        domain,
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    })();
  }
}
