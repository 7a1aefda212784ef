/**
 * Page records in opsdeck's SQLite file (WAL, synchronous FULL), so after a
 * restart the bot still updates the cards it posted and never re-posts a page
 * the pager delivers again.
 */
import { migrate, type Migration, type SqliteDatabase } from '../core/storage/sqlite-database.js';
import type { PageCopyStore, PageRecord } from './page-copies.js';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'slack page copies',
    up: (db) => db.exec('CREATE TABLE slack_page_records (alert_id TEXT PRIMARY KEY, record TEXT NOT NULL, updated_at INTEGER NOT NULL)'),
  },
];

/** A PageCopyStore over an open opsdeck database; `now` stamps rows for housekeeping. */
export function sqlitePageCopyStore(db: SqliteDatabase, now: () => number): PageCopyStore {
  migrate(db, 'slackbot', MIGRATIONS);
  const upsert = db.prepare(
    'INSERT INTO slack_page_records (alert_id, record, updated_at) VALUES (?, ?, ?) ON CONFLICT(alert_id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at',
  );
  return {
    loadAll() {
      const rows = db.prepare('SELECT record FROM slack_page_records').all() as Array<{ record: string }>;
      return rows.map((row) => JSON.parse(row.record) as PageRecord);
    },
    save(record) {
      upsert.run(record.page.alertId, JSON.stringify(record), now());
    },
  };
}
