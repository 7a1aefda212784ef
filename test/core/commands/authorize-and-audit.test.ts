/** Other modules (alerts) authorize through the same gate and land in the same audit chain. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessConfigSchema, createAccessGate } from '../../../src/core/access/index.js';
import { createActionGate, openCommandStorage } from '../../../src/core/commands/index.js';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { openDatabase } from '../../../src/core/storage/sqlite-database.js';

describe('authorizeAndAudit', () => {
  it('audits an allowed alert ack with its outcome, and a cross-tenant attempt as NOT_FOUND', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-gate-'));
    const db = openDatabase(join(dir, 'db.sqlite'));
    try {
      const { audit } = openCommandStorage(db, { clock: new FakeClock() });
      const access = createAccessGate(accessConfigSchema.parse({ actors: [{ id: 'alice', name: 'Alice' }], bindings: [{ tenant: 'payments', role: 'operator', subjects: ['alice'] }] }));
      const gate = createActionGate({ access, audit });
      const alice = { id: 'alice', name: 'Alice', source: 'slack' as const };
      const done = gate.authorizeAndAudit({ actor: alice, tenant: 'payments', permission: 'operate', event: 'alert.ack', target: 'alert-1' });
      done({ ok: true, message: 'acknowledged' });
      expect(() => gate.authorizeAndAudit({ actor: alice, tenant: 'search', permission: 'operate', event: 'alert.ack', target: 'alert-2', resource: 'Alert "alert-2"' })).toThrow(/Alert "alert-2" was not found/);
      expect(audit.entries().map((e) => [e.event, e.code ?? null])).toEqual([
        ['alert.ack.authorized', null],
        ['alert.ack.done', null],
        ['alert.ack.denied', 'NOT_FOUND'],
      ]);
      expect(audit.verify().ok).toBe(true);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
