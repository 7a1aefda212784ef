/** SQLite implementation of approval requests and votes (two-person rule), on the shared opsdeck database. */
import type { ApprovalRequest, ApprovalState, ApprovalStore } from '../commands/command-storage-port.js';
import type { Command } from '../commands/command.js';
import { migrate, type Migration, type SqliteDatabase } from './sqlite-database.js';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'approval requests and votes',
    up: (db) => {
      db.exec(`CREATE TABLE approval_requests (
        id TEXT PRIMARY KEY, command_hash TEXT NOT NULL, command_json TEXT NOT NULL,
        service_id TEXT NOT NULL, tenant TEXT NOT NULL, requester_id TEXT NOT NULL,
        required INTEGER NOT NULL, role TEXT NOT NULL, created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL, state TEXT NOT NULL, decided_by TEXT)`);
      db.exec('CREATE INDEX approval_requests_hash ON approval_requests (command_hash, state)');
      db.exec(`CREATE TABLE approval_votes (
        request_id TEXT NOT NULL REFERENCES approval_requests(id), actor_id TEXT NOT NULL,
        name TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (request_id, actor_id))`);
    },
  },
];

interface Row {
  id: string;
  command_hash: string;
  command_json: string;
  service_id: string;
  tenant: string;
  requester_id: string;
  required: number;
  role: string;
  created_at: number;
  expires_at: number;
  state: string;
  decided_by: string | null;
}

/** Creates the approval tables if needed and returns the store. */
export function createSqliteApprovalStore(db: SqliteDatabase): ApprovalStore {
  migrate(db, 'approvals', MIGRATIONS);
  const votes = db.prepare('SELECT actor_id AS actorId, name, at FROM approval_votes WHERE request_id = ? ORDER BY at, actor_id');
  const toRequest = (row: Row | undefined): ApprovalRequest | undefined =>
    row === undefined
      ? undefined
      : {
          id: row.id,
          commandHash: row.command_hash,
          command: JSON.parse(row.command_json) as Command,
          serviceId: row.service_id,
          tenant: row.tenant,
          requesterId: row.requester_id,
          required: row.required,
          role: row.role,
          createdAt: row.created_at,
          expiresAt: row.expires_at,
          state: row.state as ApprovalState,
          approvals: votes.all(row.id) as ApprovalRequest['approvals'],
          ...(row.decided_by === null ? {} : { decidedBy: row.decided_by }),
        };
  const insert = db.prepare(`INSERT INTO approval_requests
    (id, command_hash, command_json, service_id, tenant, requester_id, required, role, created_at, expires_at, state)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const get = db.prepare('SELECT * FROM approval_requests WHERE id = ?');
  const open = db.prepare("SELECT * FROM approval_requests WHERE command_hash = ? AND state IN ('pending', 'approved') ORDER BY created_at DESC LIMIT 1");
  const pendingList = db.prepare("SELECT * FROM approval_requests WHERE state = 'pending' AND expires_at > ? ORDER BY created_at DESC LIMIT 500");
  const vote = db.prepare('INSERT OR IGNORE INTO approval_votes (request_id, actor_id, name, at) VALUES (?, ?, ?, ?)');
  const setState = db.prepare('UPDATE approval_requests SET state = ?, decided_by = ? WHERE id = ?');
  return {
    insert(r) {
      insert.run(r.id, r.commandHash, JSON.stringify(r.command), r.serviceId, r.tenant, r.requesterId, r.required, r.role, r.createdAt, r.expiresAt, r.state);
    },
    get: (id) => toRequest(get.get(id) as Row | undefined),
    findOpen: (hash) => toRequest(open.get(hash) as Row | undefined),
    listPending: (now) => (pendingList.all(now) as Row[]).map((row) => toRequest(row) as ApprovalRequest),
    addVote: (id, v) => vote.run(id, v.actorId, v.name, v.at).changes === 1,
    setState(id, state, decidedBy) {
      setState.run(state, decidedBy ?? null, id);
    },
  };
}
