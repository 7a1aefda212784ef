/**
 * SQLite persistence for the pager: pages with their frozen escalation and
 * fencing token, durable timers, the notification outbox (intent written →
 * send → sent written) and the per-page log of every outcome.
 */
import type { PageMessage } from '../notify/notifier.js';
import type { PageRecord } from '../oncall/page-record.js';
import { migrate, type Migration, type SqliteDatabase } from './sqlite-database.js';

/** A durable timer row. */
export interface TimerRow {
  id: number;
  pageId: string;
  dueAt: number;
  fence: number;
  kind: 'step' | 'ack-timeout';
}

/** An outbox row. */
export interface OutboxRow {
  id: number;
  key: string;
  pageId: string;
  message: PageMessage;
  dueAt: number;
  state: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  sentAt?: number;
}

/** A page log line. */
export interface PageLogRow {
  pageId: string;
  at: number;
  event: string;
  detail: Record<string, unknown>;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'pages, timers, outbox, log',
    up: (db) => {
      db.exec(`
        CREATE TABLE pages (id TEXT PRIMARY KEY, group_key TEXT NOT NULL, status TEXT NOT NULL, fence INTEGER NOT NULL,
          body TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE INDEX pages_status ON pages (status, group_key);
        CREATE TABLE page_alerts (page_id TEXT NOT NULL, alert_id TEXT NOT NULL, PRIMARY KEY (page_id, alert_id));
        CREATE INDEX page_alerts_alert ON page_alerts (alert_id);
        CREATE TABLE timers (id INTEGER PRIMARY KEY AUTOINCREMENT, page_id TEXT NOT NULL, due_at INTEGER NOT NULL,
          fence INTEGER NOT NULL, kind TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, fired_at INTEGER);
        CREATE INDEX timers_due ON timers (done, due_at);
        CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, page_id TEXT NOT NULL,
          body TEXT NOT NULL, due_at INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL, last_error TEXT, sent_at INTEGER);
        CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
        CREATE TABLE page_log (id INTEGER PRIMARY KEY AUTOINCREMENT, page_id TEXT NOT NULL, at INTEGER NOT NULL,
          event TEXT NOT NULL, detail TEXT NOT NULL);
        CREATE INDEX page_log_page ON page_log (page_id);`);
    },
  },
];

interface RawOutbox {
  id: number;
  key: string;
  page_id: string;
  body: string;
  due_at: number;
  state: OutboxRow['state'];
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: number | null;
}

function outboxRow(r: RawOutbox): OutboxRow {
  return {
    id: r.id,
    key: r.key,
    pageId: r.page_id,
    message: JSON.parse(r.body) as PageMessage,
    dueAt: r.due_at,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    ...(r.last_error === null ? {} : { lastError: r.last_error }),
    ...(r.sent_at === null ? {} : { sentAt: r.sent_at }),
  };
}

/** Pages, timers, outbox and log rows. */
export class PagingRepository {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'paging', MIGRATIONS);
  }

  /** Runs `fn` in one transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Inserts a new page and links its alerts. */
  createPage(page: PageRecord): void {
    this.db.prepare('INSERT INTO pages (id, group_key, status, fence, body, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      page.id,
      page.groupKey,
      page.status,
      page.fence,
      JSON.stringify(page),
      page.createdAt,
    );
    for (const alertId of page.alertIds) this.linkAlert(page.id, alertId);
  }

  /** Links one more alert to a page. */
  linkAlert(pageId: string, alertId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO page_alerts (page_id, alert_id) VALUES (?, ?)').run(pageId, alertId);
  }

  /** Writes the page if its fence is still `expectedFence`; false means another owner took over. */
  savePage(page: PageRecord, expectedFence: number): boolean {
    const result = this.db
      .prepare('UPDATE pages SET status = ?, fence = ?, body = ? WHERE id = ? AND fence = ?')
      .run(page.status, page.fence, JSON.stringify(page), page.id, expectedFence);
    return result.changes === 1;
  }

  /** One page. */
  page(id: string): PageRecord | undefined {
    const row = this.db.prepare('SELECT body FROM pages WHERE id = ?').get(id) as { body: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as PageRecord);
  }

  /** Pages not closed yet. */
  openPages(): PageRecord[] {
    return (this.db.prepare(`SELECT body FROM pages WHERE status != 'closed' ORDER BY created_at`).all() as { body: string }[]).map((r) => JSON.parse(r.body) as PageRecord);
  }

  /** The oldest page of the group in the given status, if any. */
  pageInGroup(groupKey: string, status: PageRecord['status']): PageRecord | undefined {
    const row = this.db.prepare('SELECT body FROM pages WHERE status = ? AND group_key = ? ORDER BY created_at LIMIT 1').get(status, groupKey) as { body: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as PageRecord);
  }

  /** Open pages that contain the alert. */
  pagesOfAlert(alertId: string): PageRecord[] {
    return (
      this.db
        .prepare(`SELECT p.body FROM pages p JOIN page_alerts a ON a.page_id = p.id WHERE a.alert_id = ? AND p.status != 'closed'`)
        .all(alertId) as { body: string }[]
    ).map((r) => JSON.parse(r.body) as PageRecord);
  }

  /** True when the alert has ever been on a page. */
  alertPaged(alertId: string): boolean {
    return this.db.prepare('SELECT 1 FROM page_alerts WHERE alert_id = ? LIMIT 1').get(alertId) !== undefined;
  }

  /** Takes ownership of every open page: bumps fences so an older process can no longer act on them. */
  claimAll(): number {
    return this.transaction(() => {
      this.db.prepare(`UPDATE pages SET fence = fence + 1 WHERE status != 'closed'`).run();
      const pages = this.openPages();
      for (const page of pages) {
        const fence = (this.db.prepare('SELECT fence FROM pages WHERE id = ?').get(page.id) as { fence: number }).fence;
        this.db.prepare('UPDATE pages SET body = ? WHERE id = ?').run(JSON.stringify({ ...page, fence }), page.id);
        this.db.prepare('UPDATE timers SET fence = ? WHERE page_id = ? AND done = 0').run(fence, page.id);
      }
      return pages.length;
    });
  }

  /** Adds a durable timer. */
  addTimer(timer: Omit<TimerRow, 'id'>): void {
    this.db.prepare('INSERT INTO timers (page_id, due_at, fence, kind) VALUES (?, ?, ?, ?)').run(timer.pageId, timer.dueAt, timer.fence, timer.kind);
  }

  /** Cancels a page's outstanding timers. */
  cancelTimers(pageId: string): void {
    this.db.prepare('UPDATE timers SET done = 1 WHERE page_id = ? AND done = 0').run(pageId);
  }

  /** Marks a timer fired; false when it was already done. */
  completeTimer(id: number, at: number): boolean {
    return this.db.prepare('UPDATE timers SET done = 1, fired_at = ? WHERE id = ? AND done = 0').run(at, id).changes === 1;
  }

  /** Timers due at or before `now`, earliest first. */
  dueTimers(now: number): TimerRow[] {
    return (this.db.prepare('SELECT id, page_id AS pageId, due_at AS dueAt, fence, kind FROM timers WHERE done = 0 AND due_at <= ? ORDER BY due_at, id').all(now) as TimerRow[]);
  }

  /** Outstanding timers of a page. */
  timersOf(pageId: string): TimerRow[] {
    return this.db.prepare('SELECT id, page_id AS pageId, due_at AS dueAt, fence, kind FROM timers WHERE done = 0 AND page_id = ? ORDER BY due_at').all(pageId) as TimerRow[];
  }

  /** Earliest instant anything (timer or outbox item) is due. */
  nextDue(): number | undefined {
    const t = this.db.prepare('SELECT MIN(due_at) AS at FROM timers WHERE done = 0').get() as { at: number | null };
    const o = this.db.prepare(`SELECT MIN(MAX(due_at, next_attempt_at)) AS at FROM outbox WHERE state = 'pending'`).get() as { at: number | null };
    const all = [t.at, o.at].filter((x): x is number => x !== null);
    return all.length === 0 ? undefined : Math.min(...all);
  }

  /** Writes a notification intent; a second intent with the same key is ignored. */
  enqueue(item: { key: string; pageId: string; message: PageMessage; dueAt: number }): boolean {
    return (
      this.db
        .prepare(`INSERT OR IGNORE INTO outbox (key, page_id, body, due_at, state, next_attempt_at) VALUES (?, ?, ?, ?, 'pending', ?)`)
        .run(item.key, item.pageId, JSON.stringify(item.message), item.dueAt, item.dueAt).changes === 1
    );
  }

  /** Pending outbox items due at `now`. */
  dueOutbox(now: number): OutboxRow[] {
    return (this.db.prepare(`SELECT * FROM outbox WHERE state = 'pending' AND due_at <= ? AND next_attempt_at <= ? ORDER BY id`).all(now, now) as RawOutbox[]).map(outboxRow);
  }

  /** Pending notifications that should have gone out before `before` (for the auditor). */
  overdueOutbox(before: number): { key: string; pageId: string; dueAt: number; attempts: number }[] {
    return this.db
      .prepare(`SELECT key, page_id AS pageId, due_at AS dueAt, attempts FROM outbox WHERE state = 'pending' AND due_at < ? ORDER BY id`)
      .all(before) as { key: string; pageId: string; dueAt: number; attempts: number }[];
  }

  /** People a page of this page id was actually delivered to. */
  deliveredTo(pageId: string): string[] {
    return (
      this.db
        .prepare(`SELECT DISTINCT json_extract(body, '$.recipient.personId') AS person FROM outbox WHERE page_id = ? AND state = 'sent' AND json_extract(body, '$.type') = 'page'`)
        .all(pageId) as { person: string }[]
    ).map((r) => r.person);
  }

  /** All outbox rows of a page (for tests and inspection). */
  outboxOf(pageId: string): OutboxRow[] {
    return (this.db.prepare('SELECT * FROM outbox WHERE page_id = ? ORDER BY id').all(pageId) as RawOutbox[]).map(outboxRow);
  }

  /** Records a delivery outcome. */
  settle(id: number, update: { state: OutboxRow['state']; attempts: number; nextAttemptAt?: number; error?: string; sentAt?: number }): void {
    this.db
      .prepare('UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = COALESCE(?, next_attempt_at), last_error = ?, sent_at = ? WHERE id = ?')
      .run(update.state, update.attempts, update.nextAttemptAt ?? null, update.error ?? null, update.sentAt ?? null, id);
  }

  /** Appends a page log line. */
  log(row: PageLogRow): void {
    this.db.prepare('INSERT INTO page_log (page_id, at, event, detail) VALUES (?, ?, ?, ?)').run(row.pageId, row.at, row.event, JSON.stringify(row.detail));
  }

  /** A page's log. */
  logOf(pageId: string): PageLogRow[] {
    return (this.db.prepare('SELECT page_id AS pageId, at, event, detail FROM page_log WHERE page_id = ? ORDER BY id').all(pageId) as { pageId: string; at: number; event: string; detail: string }[]).map(
      (r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }),
    );
  }
}
