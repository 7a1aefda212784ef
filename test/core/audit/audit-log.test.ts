/** The audit chain detects editing, deleting, reordering and truncation, naming the first bad sequence number. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainHash, createAuditLog, GENESIS_HASH, type AuditLog } from '../../../src/core/audit/index.js';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { createSqliteAuditStore } from '../../../src/core/storage/audit-store.js';
import { openDatabase, type SqliteDatabase } from '../../../src/core/storage/sqlite-database.js';

let dir: string;
let db: SqliteDatabase;
let log: AuditLog;
let clock: FakeClock;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-audit-'));
  db = openDatabase(join(dir, 'audit.db'));
  clock = new FakeClock();
  log = createAuditLog({ store: createSqliteAuditStore(db), clock, checkpointEvery: 0 });
  for (let i = 1; i <= 10; i++) {
    log.append({ event: 'command.executed', actor: { id: 'alice', source: 'cli' }, target: `mem/web`, details: { replicas: i, nested: { b: 1, a: [1, 2] } } });
  }
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit chain', () => {
  it('chains each entry to the previous hash and verifies a clean log', () => {
    const entries = log.entries();
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
    expect(entries[3]?.hash).toBe(chainHash(entries[2]?.hash ?? '', entries[3]!));
    expect(log.verify()).toMatchObject({ ok: true, entries: 10, headSeq: 10 });
  });

  it('is in WAL mode with synchronous FULL', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  const TAMPERS: { name: string; tamper: (db: SqliteDatabase) => void; firstBadSeq: number }[] = [
    { name: 'editing a field', tamper: (d) => d.prepare("UPDATE audit_entries SET actor_id = 'mallory' WHERE seq = 4").run(), firstBadSeq: 4 },
    { name: 'editing details JSON', tamper: (d) => d.prepare(`UPDATE audit_entries SET details = '{"replicas":99}' WHERE seq = 7`).run(), firstBadSeq: 7 },
    { name: 'editing a row and recomputing its own hash', tamper: (d) => {
      d.prepare("UPDATE audit_entries SET message = 'nothing happened', hash = '" + 'f'.repeat(64) + "' WHERE seq = 5").run();
    }, firstBadSeq: 5 },
    { name: 'deleting a row', tamper: (d) => d.prepare('DELETE FROM audit_entries WHERE seq = 6').run(), firstBadSeq: 6 },
    {
      name: 'reordering two rows (swapping their contents)',
      tamper: (d) => {
        const cols = 'at, event, actor_id, actor_source, correlation_id, tenant, target, code, message, details, prev_hash, hash';
        const a = d.prepare(`SELECT ${cols} FROM audit_entries WHERE seq = 3`).get() as Record<string, unknown>;
        const b = d.prepare(`SELECT ${cols} FROM audit_entries WHERE seq = 8`).get() as Record<string, unknown>;
        const set = `UPDATE audit_entries SET ${cols.split(', ').map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`;
        d.prepare(set).run({ ...b, seq: 3 });
        d.prepare(set).run({ ...a, seq: 8 });
      },
      firstBadSeq: 3,
    },
    {
      name: 'renumbering rows to hide a deletion',
      tamper: (d) => {
        d.prepare('DELETE FROM audit_entries WHERE seq = 2').run();
        d.prepare('UPDATE audit_entries SET seq = seq - 1 WHERE seq > 2').run();
      },
      firstBadSeq: 2,
    },
  ];

  it.each(TAMPERS)('detects $name at its sequence number', ({ tamper, firstBadSeq }) => {
    tamper(db);
    expect(log.verify()).toMatchObject({ ok: false, firstBadSeq });
  });

  it('detects truncation of the tail against the last checkpoint', () => {
    const checkpoint = log.checkpoint();
    expect(checkpoint.seq).toBe(10);
    db.prepare('DELETE FROM audit_entries WHERE seq > 7').run();
    expect(log.verify()).toMatchObject({ ok: false, reason: 'truncated', firstBadSeq: 8 });
  });

  it('detects truncation with the checkpoint table emptied too, using an exported checkpoint', () => {
    const exported = log.checkpoint();
    db.prepare('DELETE FROM audit_entries WHERE seq > 7').run();
    db.prepare('DELETE FROM audit_checkpoints').run();
    expect(log.verify().ok).toBe(true);
    expect(log.verify({ external: [exported] })).toMatchObject({ ok: false, reason: 'truncated', firstBadSeq: 8 });
  });

  it('detects a rewritten chain that no longer matches an exported checkpoint', () => {
    const exported = log.checkpoint();
    db.prepare('DELETE FROM audit_entries WHERE seq >= 9').run();
    log.append({ event: 'forged', actor: { id: 'mallory', source: 'cli' } });
    log.append({ event: 'forged', actor: { id: 'mallory', source: 'cli' } });
    expect(log.verify({ external: [exported] })).toMatchObject({ ok: false, reason: 'checkpoint-mismatch', firstBadSeq: 10 });
  });

  it('writes checkpoints automatically every N entries and on the clock', async () => {
    const auto = createAuditLog({ store: createSqliteAuditStore(db), clock, checkpointEvery: 5 });
    for (let i = 0; i < 5; i++) auto.append({ event: 'x', actor: { id: 'a', source: 'api' } });
    expect(auto.latestCheckpoint()?.seq).toBe(15);
    auto.append({ event: 'x', actor: { id: 'a', source: 'api' } });
    const stop = auto.startCheckpointTimer(60_000);
    await clock.advance(60_000);
    stop();
    expect(auto.latestCheckpoint()?.seq).toBe(16);
  });
});
