/**
 * One pager at a time: a lease row in SQLite names the process that runs
 * escalations. Another process (a second daemon, or a CLI that started the
 * pager by mistake) stays on standby until the lease expires or its holder
 * is known to be dead, so open pages are never orphaned by a short-lived process.
 */
import { hostname } from 'node:os';
import { migrate, type Migration, type SqliteDatabase } from './sqlite-database.js';

/** Who holds the lease. */
export interface LeaseHolder {
  owner: string;
  /** Increments whenever the lease changes hands. */
  epoch: number;
  expiresAt: number;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'pager lease',
    up: (db) => db.exec('CREATE TABLE pager_lease (id INTEGER PRIMARY KEY CHECK (id = 1), owner TEXT NOT NULL, epoch INTEGER NOT NULL, expires_at INTEGER NOT NULL)'),
  },
];

/** This process's lease identity: host and pid. */
export function defaultLeaseOwner(): string {
  return `${hostname()}#${process.pid}`;
}

/** True when `owner` is a process on this host that no longer exists. */
export function isLocalOwnerDead(owner: string): boolean {
  const hash = owner.lastIndexOf('#');
  const pid = Number(owner.slice(hash + 1));
  if (hash < 0 || owner.slice(0, hash) !== hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The lease table. */
export class PagingLease {
  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'paging-lease', MIGRATIONS);
  }

  /** Takes or renews the lease when free, expired, ours, or held by a dead local process. */
  tryAcquire(owner: string, now: number, ttlMs: number, isDead: (owner: string) => boolean = isLocalOwnerDead): { acquired: boolean; holder: LeaseHolder } {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT owner, epoch, expires_at AS expiresAt FROM pager_lease WHERE id = 1').get() as LeaseHolder | undefined;
      if (row !== undefined && row.owner !== owner && row.expiresAt > now && !isDead(row.owner)) return { acquired: false, holder: row };
      const holder: LeaseHolder = { owner, epoch: row === undefined ? 1 : row.owner === owner ? row.epoch : row.epoch + 1, expiresAt: now + ttlMs };
      this.db
        .prepare('INSERT INTO pager_lease (id, owner, epoch, expires_at) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, epoch = excluded.epoch, expires_at = excluded.expires_at')
        .run(holder.owner, holder.epoch, holder.expiresAt);
      return { acquired: true, holder };
    })();
  }

  /** Gives the lease up (graceful stop) so a successor starts at once. */
  release(owner: string): void {
    this.db.prepare('UPDATE pager_lease SET expires_at = 0 WHERE id = 1 AND owner = ?').run(owner);
  }
}
