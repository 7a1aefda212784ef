/**
 * Reliable delivery through the peer: while Slack answers 429 or 500 no page
 * is lost, order per channel is kept, Retry-After and one-message-per-second
 * are honoured in bot time; and after a Socket Mode drop the bot reconnects.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paymentsPage, startHarness, type Harness } from './support/bot-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

describe('delivery under faults', () => {
  it('loses no page and keeps their order while chat.postMessage answers 429 then 500', async () => {
    h.peer.web.faults.push({ method: 'chat.postMessage', status: 429, retryAfterSeconds: 2, remaining: 2 }, { method: 'chat.postMessage', status: 500, remaining: 3 });
    const pages = Array.from({ length: 5 }, (_, i) => paymentsPage({ pageId: `p-${i}`, alertId: `a-${i}`, title: `alert number ${i}`, recipients: [], channel: 'CPAYMENTS' }));
    const results = await Promise.all(pages.map((p) => h.bot.deliverPage(p)));
    expect(results).toEqual(['delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
    const posted = h.peer.messagesIn('CPAYMENTS');
    expect(posted.map((m) => m.text.match(/alert number (\d)/)?.[1])).toEqual(['0', '1', '2', '3', '4']);
    const calls = h.peer.web.calls.filter((c) => c.method === 'chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 429, 500, 500, 500, 200, 200, 200, 200, 200]);
    // Retry-After: the call after a 429 came at least 2 s (bot time) later.
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    // One message per second per channel between successful posts.
    const ok = calls.filter((c) => c.status === 200);
    for (let i = 1; i < ok.length; i++) expect((ok[i]?.at ?? 0) - (ok[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('delivers DMs and cards when every Slack method fails for a while (conversations.open included)', async () => {
    h.peer.web.faults.push({ method: '*', status: 500, remaining: 4 }, { method: '*', status: 429, retryAfterSeconds: 1, remaining: 3 });
    const pages = ['UALICE', 'UBOB', 'UALICE'].map((user, i) => paymentsPage({ pageId: `p-${i}`, alertId: `a-${i}`, title: `alert number ${i}`, recipients: [user] }));
    const results = await Promise.all(pages.map((p) => h.bot.deliverPage(p)));
    expect(results).toEqual(['delivered', 'delivered', 'delivered']);
    expect(h.peer.messagesIn('DUALICE').map((m) => m.text.match(/alert number (\d)/)?.[1])).toEqual(['0', '2']);
    expect(h.peer.messagesIn('DUBOB')).toHaveLength(1);
    expect(h.peer.messagesIn('CPAYMENTS').map((m) => m.text.match(/alert number (\d)/)?.[1])).toEqual(['0', '1', '2']);
    expect(h.peer.web.calls.filter((c) => c.status !== 200)).toHaveLength(7);
  });

  it('answers retryable when Slack stays down past the retry budget, and the pager retry posts no duplicate', async () => {
    h.peer.web.faults.push({ method: 'chat.postMessage', status: 500, remaining: 8 });
    const page = paymentsPage({ channel: undefined });
    expect(await h.bot.deliverPage(page)).toBe('retryable');
    expect(h.peer.messagesIn('DUALICE')).toHaveLength(0);
    expect(await h.bot.deliverPage(page)).toBe('delivered');
    expect(await h.bot.deliverPage(page)).toBe('delivered');
    expect(h.peer.messagesIn('DUALICE')).toHaveLength(1);
  });

  it('answers permanent when the recipient cannot be reached at all', async () => {
    expect(await h.bot.deliverPage(paymentsPage({ recipients: ['not-a-user'], channel: undefined }))).toBe('permanent');
  });

  it('reconnects after the socket is dropped and after a refresh request, and keeps working', async () => {
    h.peer.socket.dropAll();
    await h.peer.socket.waitForConnections(2);
    const afterDrop = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text: 'oncall' });
    expect(afterDrop.ack.envelope_id).toBe(afterDrop.envelope.envelope_id);
    const [reply] = await h.peer.waitForResponse(afterDrop.responseId);
    expect(String(reply?.['text'])).toContain('Alice');
    h.peer.socket.requestRefresh();
    await h.peer.socket.waitForConnections(3);
    const afterRefresh = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text: 'status payments' });
    const [status] = await h.peer.waitForResponse(afterRefresh.responseId);
    expect(String(status?.['text'])).toContain('payments: DEGRADED');
    expect(h.peer.web.callsOf('apps.connections.open').length).toBeGreaterThanOrEqual(3);
  });
});
