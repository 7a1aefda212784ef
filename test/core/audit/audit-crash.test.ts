/**
 * Crash safety with a real process: a child loops audited commands and is
 * killed with SIGKILL; afterwards the database passes integrity_check, the
 * chain verifies, and every entry the child acknowledged is there, unchanged.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/core/audit/index.js';
import { systemClock } from '../../../src/core/clock.js';
import { createSqliteAuditStore } from '../../../src/core/storage/audit-store.js';
import { openDatabase } from '../../../src/core/storage/sqlite-database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function runAndKill(dbPath: string, acksBeforeKill: number): Promise<Map<number, string>> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'audited-command-loop.ts'), dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks = new Map<number, string>();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const [word, seq, hash] = line.split(' ');
    if (word !== 'ack' || seq === undefined || hash === undefined) continue;
    acks.set(Number(seq), hash);
    if (acks.size === acksBeforeKill) child.kill('SIGKILL');
  }
  const signal = await exited;
  expect(signal, `child died early: ${stderr}`).toBe('SIGKILL');
  return acks;
}

describe('audit log under kill -9', () => {
  it('keeps every acknowledged entry and a valid chain after SIGKILL, twice in a row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-crash-'));
    dirs.push(dir);
    const dbPath = join(dir, 'opsdeck.db');
    const all = new Map<number, string>();
    for (const kills of [40, 25]) {
      for (const [seq, hash] of await runAndKill(dbPath, kills)) all.set(seq, hash);
      const db = openDatabase(dbPath);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const log = createAuditLog({ store: createSqliteAuditStore(db), clock: systemClock });
        const verdict = log.verify();
        expect(verdict).toMatchObject({ ok: true });
        const stored = new Map(log.entries({ limit: 1_000_000 }).map((e) => [e.seq, e.hash]));
        for (const [seq, hash] of all) expect(stored.get(seq), `acknowledged entry ${seq}`).toBe(hash);
        expect(Math.max(...stored.keys())).toBeGreaterThanOrEqual(Math.max(...all.keys()));
      } finally {
        db.close();
      }
    }
  }, 90_000);
});
