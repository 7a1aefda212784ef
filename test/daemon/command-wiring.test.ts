/**
 * The composition root's command wiring prunes completed idempotency records
 * older than the retention on its own timer (they would otherwise grow forever).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { StateStore } from '../../src/core/state/store.js';
import { openDatabase } from '../../src/core/storage/sqlite-database.js';
import { backendKinds } from '../../src/daemon/backend-registry.js';
import { buildCommandWiring, IDEMPOTENCY_PRUNE_INTERVAL_MS, IDEMPOTENCY_RETENTION_MS } from '../../src/daemon/command-wiring.js';
import { parseConfig } from '../../src/daemon/config/load-config.js';

describe('command wiring', () => {
  it('prunes completed idempotency records past the retention, on the clock', async () => {
    const clock = new FakeClock('2026-05-01T00:00:00Z');
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'opsdeck-wiring-')), 'opsdeck.db'));
    const config = parseConfig('backends: []\ncommands: { audit: { checkpointIntervalMs: 0 } }\n', { kinds: backendKinds(), env: {}, file: 'x' });
    const wiring = buildCommandWiring({ config, store: new StateStore({ clock }), backends: new Map(), db, clock, logger: silentLogger });
    db.prepare("INSERT INTO command_idempotency (key, command_hash, command_json, state, created_at) VALUES ('k-old', 'h', '{}', 'completed', ?), ('k-new', 'h', '{}', 'completed', ?)").run(
      clock.now() - IDEMPOTENCY_RETENTION_MS - 1,
      clock.now(),
    );
    await clock.advance(IDEMPOTENCY_PRUNE_INTERVAL_MS);
    const keys = (db.prepare('SELECT key FROM command_idempotency ORDER BY key').all() as { key: string }[]).map((r) => r.key);
    expect(keys).toEqual(['k-new']);
    wiring.stop();
    db.close();
  });
});
