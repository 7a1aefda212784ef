/**
 * SQLite persistence for alerts and silences: every lifecycle change is
 * written before anyone is told, so acks, resolves and silences survive
 * restarts and the CLI can read them.
 */
import type { Alert } from '../alerts/alert.js';
import type { Matcher } from '../alerts/matchers.js';
import { migrate, type Migration, type SqliteDatabase } from './sqlite-database.js';

/** A silence: mutes notifications for alerts whose labels match, until it expires. */
export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  /** Set when someone ends it early. */
  expiredAt?: number;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'alerts and silences',
    up: (db) => {
      db.exec(`
        CREATE TABLE alerts (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, fingerprint TEXT NOT NULL, state TEXT NOT NULL,
          body TEXT NOT NULL, updated_at INTEGER NOT NULL);
        CREATE INDEX alerts_open ON alerts (state, fingerprint);
        CREATE TABLE silences (id TEXT PRIMARY KEY, body TEXT NOT NULL, ends_at INTEGER NOT NULL);`);
    },
  },
  {
    version: 2,
    name: 'alert action requests from other processes',
    up: (db) => {
      db.exec(`CREATE TABLE alert_requests (id INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL, action TEXT NOT NULL,
        actor_id TEXT NOT NULL, at INTEGER NOT NULL, applied_at INTEGER);
        CREATE INDEX alert_requests_pending ON alert_requests (applied_at);`);
    },
  },
];

/** An ack or resolve made by another process (the CLI), for the running pager to apply. */
export interface AlertRequest {
  id: number;
  alertId: string;
  action: 'ack' | 'resolve';
  actorId: string;
  at: number;
}

/** Alert and silence rows. */
export class AlertRepository {
  private readonly upsertStmt;
  private readonly nextSeqStmt;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'alerts', MIGRATIONS);
    this.upsertStmt = db.prepare(
      `INSERT INTO alerts (id, seq, fingerprint, state, body, updated_at) VALUES (@id, @seq, @fingerprint, @state, @body, @updatedAt)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, body = excluded.body, updated_at = excluded.updated_at`,
    );
    this.nextSeqStmt = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM alerts');
  }

  /** The next alert sequence number (ids are "A<seq>"). */
  nextSeq(): number {
    return (this.nextSeqStmt.get() as { next: number }).next;
  }

  /** Writes the alert's current form. */
  save(alert: Alert): void {
    this.upsertStmt.run({
      id: alert.id,
      seq: Number(alert.id.slice(1)),
      fingerprint: alert.fingerprint,
      state: alert.state,
      body: JSON.stringify(alert),
      updatedAt: alert.updatedAt,
    });
  }

  /** Alerts that are firing or acknowledged. */
  open(): Alert[] {
    return (this.db.prepare(`SELECT body FROM alerts WHERE state != 'resolved' ORDER BY seq`).all() as { body: string }[]).map((r) => JSON.parse(r.body) as Alert);
  }

  /** The most recent alerts of any state (newest first). */
  recent(limit: number): Alert[] {
    return (this.db.prepare('SELECT body FROM alerts ORDER BY seq DESC LIMIT ?').all(limit) as { body: string }[]).map((r) => JSON.parse(r.body) as Alert);
  }

  /** Number of alerts per lifecycle state. */
  countByState(): Record<string, number> {
    const out: Record<string, number> = { firing: 0, acknowledged: 0, resolved: 0 };
    for (const row of this.db.prepare('SELECT state, COUNT(*) AS n FROM alerts GROUP BY state').all() as { state: string; n: number }[]) out[row.state] = row.n;
    return out;
  }

  /** One alert by id. */
  get(id: string): Alert | undefined {
    const row = this.db.prepare('SELECT body FROM alerts WHERE id = ?').get(id) as { body: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.body) as Alert);
  }

  /** Writes a silence. */
  saveSilence(silence: Silence): void {
    this.db.prepare('INSERT INTO silences (id, body, ends_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body, ends_at = excluded.ends_at').run(
      silence.id,
      JSON.stringify(silence),
      silence.expiredAt ?? silence.endsAt,
    );
  }

  /** Silences that have not ended before `now`. */
  activeSilences(now: number): Silence[] {
    return (this.db.prepare('SELECT body FROM silences WHERE ends_at > ? ORDER BY id').all(now) as { body: string }[]).map((r) => JSON.parse(r.body) as Silence);
  }

  /** Records an ack / resolve for the process that runs the pager. */
  addRequest(request: Omit<AlertRequest, 'id'>): void {
    this.db.prepare('INSERT INTO alert_requests (alert_id, action, actor_id, at) VALUES (?, ?, ?, ?)').run(request.alertId, request.action, request.actorId, request.at);
  }

  /** Requests not applied yet, oldest first. */
  pendingRequests(): AlertRequest[] {
    return this.db
      .prepare('SELECT id, alert_id AS alertId, action, actor_id AS actorId, at FROM alert_requests WHERE applied_at IS NULL ORDER BY id')
      .all() as AlertRequest[];
  }

  /** Marks a request applied. */
  markRequestApplied(id: number, at: number): void {
    this.db.prepare('UPDATE alert_requests SET applied_at = ? WHERE id = ?').run(at, id);
  }

  /** Runs `fn` in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
