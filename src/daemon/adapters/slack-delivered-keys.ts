/**
 * The idempotency keys of pages the Slack notifier already delivered, kept in
 * opsdeck's SQLite file so a page the pager re-sends after a crash or restart
 * is never shown twice.
 */
import { migrate, type Migration, type SqliteDatabase } from '../../core/storage/sqlite-database.js';

/** Remembers delivered idempotency keys. */
export interface DeliveredKeys {
  has(key: string): boolean;
  add(key: string, at: number): void;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'slack notifier delivered keys',
    up: (db) => db.exec('CREATE TABLE slack_delivered_keys (key TEXT PRIMARY KEY, delivered_at INTEGER NOT NULL)'),
  },
];

/** Keys in memory only (tests, or when no database is wired). */
export function memoryDeliveredKeys(): DeliveredKeys {
  const keys = new Set<string>();
  return { has: (key) => keys.has(key), add: (key) => void keys.add(key) };
}

/** How long a delivered key is kept: far longer than the pager ever retries a message. */
export const DELIVERED_KEY_RETENTION_MS = 30 * 86_400_000;

/** Keys in the shared SQLite database (table `slack_delivered_keys`); keys older than the retention are dropped on open. */
export function sqliteDeliveredKeys(db: SqliteDatabase, options: { now?: number; retentionMs?: number } = {}): DeliveredKeys {
  migrate(db, 'slack-notifier', MIGRATIONS);
  if (options.now !== undefined) {
    db.prepare('DELETE FROM slack_delivered_keys WHERE delivered_at < ?').run(options.now - (options.retentionMs ?? DELIVERED_KEY_RETENTION_MS));
  }
  const select = db.prepare('SELECT 1 FROM slack_delivered_keys WHERE key = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO slack_delivered_keys (key, delivered_at) VALUES (?, ?)');
  return {
    has: (key) => select.get(key) !== undefined,
    add: (key, at) => void insert.run(key, at),
  };
}
