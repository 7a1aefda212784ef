/**
 * The 3 AM page end to end through the Slack peer and the real bolt App:
 * DM with buttons, Restart confirmed, the engine runs once, every copy shows the outcome.
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

function cardText(blocks: unknown[]): string {
  return JSON.stringify(blocks);
}

describe('page → DM → restart', () => {
  it('delivers the page as a DM with buttons and a channel card, then restart runs once and both copies show the outcome', async () => {
    const result = await h.bot.deliverPage(paymentsPage());
    expect(result).toBe('delivered');
    expect(h.peer.web.callsOf('conversations.open').map((c) => c.args['users'])).toEqual(['UALICE']);
    const [dm] = h.peer.messagesIn('DUALICE');
    const [card] = h.peer.messagesIn('CPAYMENTS');
    expect(dm).toBeDefined();
    expect(card).toBeDefined();
    const labels = h.peer.web.messages[0] === undefined ? [] : JSON.stringify(dm?.blocks);
    for (const text of ['Acknowledge', 'Resolve', 'Silence', 'Restart payments', 'Kill payments.2', 'Runbook', 'OOMKilled', 'restarted task payments.2']) expect(labels).toContain(text);
    const restart = h.peer.findButton(dm!, 'Restart payments');
    expect(restart.confirm).toBeDefined();

    const click = await h.peer.click({ user: 'UALICE', message: dm!, button: 'Restart payments' });
    expect(click.ack.envelope_id).toBe(click.envelope.envelope_id);
    await h.peer.web.waitFor(() => h.peer.web.messages.filter((m) => m.updates > 0).length >= 2);
    await h.bot.idle();
    expect(h.engine.executed).toHaveLength(1);
    expect(h.engine.executed[0]).toMatchObject({ kind: 'restart', target: { service: 'payments' }, source: 'slack', actor: { id: 'alice', externalId: 'UALICE' }, confirmation: { level: 'confirm' } });
    for (const copy of [dm!, card!]) {
      expect(cardText(copy.blocks)).toContain('<@UALICE> ran *restart payments* — succeeded: payments is 3/3 healthy');
    }
    const thread = h.peer.messagesIn('DUALICE', { threads: true }).filter((m) => m.threadTs === dm!.ts);
    expect(thread.map((m) => m.text).join('\n')).toContain('restart payments');
  });

  it('runs a double-clicked button and a redelivered envelope once', async () => {
    await h.bot.deliverPage(paymentsPage());
    const [dm] = h.peer.messagesIn('DUALICE');
    const first = await h.peer.click({ user: 'UALICE', message: dm!, button: 'Restart payments' });
    await h.peer.click({ user: 'UALICE', message: dm!, button: 'Restart payments' });
    await h.peer.deliver({ ...first.envelope, retry_attempt: 1, retry_reason: 'timeout' });
    await h.bot.idle();
    expect(h.engine.submissions).toHaveLength(1);
    expect(h.engine.executed).toHaveLength(1);
  });

  it('refuses a Slack user with no opsdeck account and hands the refusal to the audit trail', async () => {
    await h.bot.deliverPage(paymentsPage({ recipients: ['USTRANGER'] }));
    const [dm] = h.peer.messagesIn('DUSTRANGER');
    const click = await h.peer.click({ user: 'USTRANGER', message: dm!, button: 'Restart payments' });
    const [reply] = await h.peer.waitForResponse(click.responseId);
    expect(String(reply?.['text'])).toContain('not mapped to an opsdeck user');
    expect(reply?.['response_type']).toBe('ephemeral');
    expect(h.engine.submissions).toHaveLength(0);
    expect(h.engine.denials).toEqual([expect.objectContaining({ slackUserId: 'USTRANGER', attempted: 'restart payments' })]);
  });

  it('shows the engine denial to a user without the role, and the engine audits it', async () => {
    await h.bot.deliverPage(paymentsPage({ recipients: ['UVIEWER'] }));
    const [dm] = h.peer.messagesIn('DUVIEWER');
    const click = await h.peer.click({ user: 'UVIEWER', message: dm!, button: 'Restart payments' });
    const [reply] = await h.peer.waitForResponse(click.responseId);
    expect(String(reply?.['text'])).toContain('has no operator role');
    expect(h.engine.audit).toContain('denied vera restart');
    expect(h.engine.executed).toHaveLength(0);
  });

  it('asks for the typed name in a modal before killing a task, and shows an inline error on a typo', async () => {
    await h.bot.deliverPage(paymentsPage());
    const [dm] = h.peer.messagesIn('DUALICE');
    await h.peer.click({ user: 'UALICE', message: dm!, button: 'Kill payments.2' });
    const opened = await h.peer.web.waitFor(() => h.peer.web.callsOf('views.open')[0]);
    expect(h.engine.submissions).toHaveLength(0);
    const typo = await h.peer.submitView({ user: 'UALICE', opened, values: { 'opsdeck.input.typed-name': 'payments.3' } });
    expect(typo.ack.payload).toMatchObject({ response_action: 'errors' });
    const ok = await h.peer.submitView({ user: 'UALICE', opened, values: { 'opsdeck.input.typed-name': 'payments.2', 'opsdeck.input.reason': 'OOM loop' } });
    expect(ok.ack.payload ?? {}).not.toHaveProperty('response_action');
    await h.peer.web.waitFor(() => h.engine.executed.length === 1);
    await h.bot.idle();
    expect(h.engine.executed[0]).toMatchObject({ kind: 'kill-task', target: { task: 'payments.2' }, reason: 'OOM loop', confirmation: { level: 'typed-name', typed: 'payments.2' } });
  });

  it('acknowledging from one copy updates every copy and removes the Acknowledge button', async () => {
    await h.bot.deliverPage(paymentsPage({ recipients: ['UALICE', 'UBOB'] }));
    const [bobDm] = h.peer.messagesIn('DUBOB');
    await h.peer.click({ user: 'UBOB', message: bobDm!, button: 'opsdeck.alert.ack' });
    await h.peer.web.waitFor(() => h.peer.web.messages.filter((m) => m.updates > 0).length >= 3);
    expect(h.alerts.calls).toEqual(['ack a-1 bob']);
    for (const channel of ['DUALICE', 'DUBOB', 'CPAYMENTS']) {
      const [copy] = h.peer.messagesIn(channel);
      expect(cardText(copy!.blocks)).toContain('Acknowledged* by <@UBOB>');
      expect(cardText(copy!.blocks)).not.toContain('opsdeck.alert.ack');
    }
  });

  it('posts a two-person request to the approvers channel; the requester cannot approve, another operator can', async () => {
    await h.bot.deliverPage(paymentsPage());
    const [dm] = h.peer.messagesIn('DUALICE');
    await h.peer.click({ user: 'UALICE', message: dm!, button: 'Roll back payments' });
    const approval = await h.peer.web.waitFor(() => h.peer.messagesIn('CAPPROVERS')[0]);
    expect(JSON.stringify(approval.blocks)).toContain('asks to *rollback payments*');
    const self = await h.peer.click({ user: 'UALICE', message: approval, button: 'Approve' });
    const [refusal] = await h.peer.waitForResponse(self.responseId);
    expect(String(refusal?.['text'])).toContain('cannot approve your own request');
    expect(h.engine.executed).toHaveLength(0);
    await h.peer.click({ user: 'UBOB', message: approval, button: 'Approve' });
    await h.peer.web.waitFor(() => approval.updates > 0);
    expect(JSON.stringify(approval.blocks)).toContain('Approved by <@UBOB>');
    expect(JSON.stringify(approval.blocks)).not.toContain('opsdeck.approval.approve');
    expect(h.engine.executed).toHaveLength(1);
  });

  it('an escalation DMs the next person with what already happened, and an ack from anywhere updates every copy', async () => {
    await h.bot.deliverPage(paymentsPage());
    const [aliceDm] = h.peer.messagesIn('DUALICE');
    await h.peer.click({ user: 'UALICE', message: aliceDm!, button: 'Restart payments' });
    await h.peer.web.waitFor(() => h.engine.executed.length === 1 && aliceDm!.updates > 0);
    await h.bot.idle();
    expect(await h.bot.deliverPage(paymentsPage({ pageId: 'page-a-1-2', level: 2, recipients: ['UBOB'], channel: 'CPAYMENTS' }))).toBe('delivered');
    expect(h.peer.messagesIn('CPAYMENTS')).toHaveLength(1);
    expect(cardText(h.peer.messagesIn('CPAYMENTS')[0]!.blocks)).toContain('Escalated: level 2, paged <@UBOB>');
    const [bobDm] = h.peer.messagesIn('DUBOB');
    expect(cardText(bobDm!.blocks)).toContain('escalation 2');
    expect(cardText(bobDm!.blocks)).toContain('ran *restart payments*');
    await h.bot.updatePage('a-1', { state: 'acknowledged', by: { name: 'Carol (from the TUI)' } });
    for (const copy of [aliceDm!, bobDm!, h.peer.messagesIn('CPAYMENTS')[0]!]) expect(cardText(copy.blocks)).toContain('Acknowledged* by Carol (from the TUI)');
  });

  it('silences through the modal with a duration and reason, then resolves; the card loses its buttons', async () => {
    await h.bot.deliverPage(paymentsPage({ channel: undefined }));
    const [dm] = h.peer.messagesIn('DUALICE');
    await h.peer.click({ user: 'UALICE', message: dm!, button: 'opsdeck.alert.silence' });
    const opened = await h.peer.web.waitFor(() => h.peer.web.callsOf('views.open')[0]);
    await h.peer.submitView({ user: 'UALICE', opened, values: { 'opsdeck.input.duration': '14400000', 'opsdeck.input.reason': 'db migration' } });
    await h.peer.web.waitFor(() => dm!.updates > 0);
    expect(h.alerts.calls).toEqual(['silence a-1 alice 14400000 db migration']);
    expect(cardText(dm!.blocks)).toContain('Silenced* by <@UALICE>');
    expect(cardText(dm!.blocks)).toContain('for 4h (db migration)');
    expect(cardText(dm!.blocks)).not.toContain('"type":"button"');
  });
});

