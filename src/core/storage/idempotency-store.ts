/** SQLite implementation of idempotency records: a key is claimed once, so a restart never re-executes a command. */
import type { IdempotencyRecord, IdempotencyStore } from '../commands/command-storage-port.js';
import type { Command } from '../commands/command.js';
import { migrate, type Migration, type SqliteDatabase } from './sqlite-database.js';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency records',
    up: (db) => {
      db.exec(`CREATE TABLE command_idempotency (
        key TEXT PRIMARY KEY, command_hash TEXT NOT NULL, command_json TEXT NOT NULL,
        state TEXT NOT NULL, created_at INTEGER NOT NULL, result_json TEXT)`);
      db.exec('CREATE INDEX command_idempotency_created ON command_idempotency (state, created_at)');
    },
  },
];

interface Row {
  key: string;
  command_hash: string;
  command_json: string;
  state: string;
  created_at: number;
  result_json: string | null;
}

/** Creates the idempotency table if needed and returns the store. */
export function createSqliteIdempotencyStore(db: SqliteDatabase): IdempotencyStore {
  migrate(db, 'idempotency', MIGRATIONS);
  const get = db.prepare('SELECT * FROM command_idempotency WHERE key = ?');
  const claim = db.prepare("INSERT OR IGNORE INTO command_idempotency (key, command_hash, command_json, state, created_at) VALUES (?, ?, ?, 'started', ?)");
  const complete = db.prepare("UPDATE command_idempotency SET state = 'completed', result_json = ? WHERE key = ?");
  const release = db.prepare("DELETE FROM command_idempotency WHERE key = ? AND state = 'started'");
  const prune = db.prepare("DELETE FROM command_idempotency WHERE state = 'completed' AND created_at < ?");
  return {
    get(key) {
      const row = get.get(key) as Row | undefined;
      if (row === undefined) return undefined;
      const record: IdempotencyRecord = {
        key: row.key,
        commandHash: row.command_hash,
        command: JSON.parse(row.command_json) as Command,
        state: row.state === 'completed' ? 'completed' : 'started',
        createdAt: row.created_at,
      };
      if (row.result_json !== null) record.result = JSON.parse(row.result_json) as unknown;
      return record;
    },
    claim: (r) => claim.run(r.key, r.commandHash, JSON.stringify(r.command), r.createdAt).changes === 1,
    complete(key, result) {
      complete.run(JSON.stringify(result), key);
    },
    release(key) {
      release.run(key);
    },
    prune: (before) => prune.run(before).changes,
  };
}
