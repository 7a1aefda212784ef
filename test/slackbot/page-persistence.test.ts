/**
 * Page copies survive a restart of the bot (SQLite in a temp dir): the new
 * process updates the cards the old one posted and never re-posts a page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../src/core/storage/sqlite-database.js';
import { sqlitePageCopyStore } from '../../src/slackbot/sqlite-page-copy-store.js';
import { SlackPeer } from '../support/slack-peer/slack-peer.js';
import { paymentsPage, startHarness } from './support/bot-harness.js';

let dir: string;
let peer: SlackPeer;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-slack-'));
  peer = new SlackPeer();
  await peer.start();
});
afterEach(async () => {
  await peer.stop();
  rmSync(dir, { recursive: true, force: true });
});

function store(): { db: SqliteDatabase; store: ReturnType<typeof sqlitePageCopyStore> } {
  const db = openDatabase(join(dir, 'opsdeck.db'));
  return { db, store: sqlitePageCopyStore(db, () => 0) };
}

describe('page copies across a restart', () => {
  it('updates the cards posted before the restart and does not post the same page twice', async () => {
    const first = store();
    const before = await startHarness({ peer, pageStore: first.store });
    expect(await before.bot.deliverPage(paymentsPage())).toBe('delivered');
    await before.stop();
    first.db.close();

    const second = store();
    const after = await startHarness({ peer, pageStore: second.store });
    try {
      expect(await after.bot.deliverPage(paymentsPage())).toBe('delivered');
      expect(peer.messagesIn('DUALICE')).toHaveLength(1);
      expect(peer.messagesIn('CPAYMENTS')).toHaveLength(1);
      const [dm] = peer.messagesIn('DUALICE');
      await after.peer.click({ user: 'UBOB', message: dm!, button: 'opsdeck.alert.ack' });
      await peer.web.waitFor(() => peer.messagesIn('CPAYMENTS')[0]!.updates > 0 && dm!.updates > 0);
      for (const copy of [dm!, peer.messagesIn('CPAYMENTS')[0]!]) expect(JSON.stringify(copy.blocks)).toContain('Acknowledged* by <@UBOB>');
    } finally {
      await after.stop();
      second.db.close();
    }
  });
});
