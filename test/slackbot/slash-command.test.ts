/**
 * The slash command through the peer and the real bolt App: acked at once
 * even while the engine is stuck, helpful ephemeral replies to malformed text,
 * confirmation prompts, read-only answers, and the App Home tab.
 */
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { PeerMessage } from '../support/slack-peer/slack-peer.js';
import { startHarness, type Harness } from './support/bot-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

/** An ephemeral response_url message as the person sees it (clickable, not updatable). */
function asMessage(body: Record<string, unknown>, channel: string): PeerMessage {
  return { channel, ts: '1700000000.999999', text: String(body['text']), blocks: body['blocks'] as unknown[], updates: 0, ephemeralTo: 'UALICE' };
}

describe('malformed command text', () => {
  it.each([
    ['restrat payments', 'Did you mean `restart`?'],
    ['frobnicate', "I don't know \"frobnicate\""],
    ['restart', 'Missing service.'],
    ['restart <@U999|bob>', 'got a mention (@bob)'],
    ['scale payments lots', 'is not an instance count'],
    ['<#C1|ops> restart', 'Commands start with a verb'],
    ['silence a-1 forever', 'is not a duration'],
    ['restart xxxx… (5000 characters)', 'I read at most 1000'],
    ['restart payments &lt;script&gt; extra', 'Unexpected "<script>"'],
  ])('answers %j with a helpful ephemeral reply in the ack', async (label, expected) => {
    const text = label.endsWith('(5000 characters)') ? `restart ${'x'.repeat(5000)}` : label;
    const { ack } = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text });
    expect(ack.payload?.['response_type']).toBe('ephemeral');
    expect(JSON.stringify(ack.payload)).toContain(expected.replace(/"/g, '\\"'));
    expect(h.engine.submissions).toHaveLength(0);
  });

  it('answers an empty command with the help text listing every verb', async () => {
    const { ack } = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text: '' });
    for (const verb of ['status', 'plan pause', 'scale', 'rollback', 'kill', 'alerts', 'ack', 'silence', 'oncall', 'approve']) expect(JSON.stringify(ack.payload)).toContain(verb);
  });
});

describe('guarded commands', () => {
  it('acks at once while the engine is stuck, then asks for confirmation and runs once confirmed', async () => {
    const release = h.engine.hold();
    onTestFinished(release);
    const started = performance.now();
    const cmd = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text: 'restart payments --reason memory leak' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(cmd.ack.payload ?? {}).toEqual({});
    await h.peer.web.waitFor(() => h.engine.submissions.length === 1);
    expect(h.engine.submissions[0]).toMatchObject({ kind: 'restart', reason: 'memory leak', actor: { id: 'alice' } });
    release();
    const [prompt] = await h.peer.waitForResponse(cmd.responseId);
    expect(JSON.stringify(prompt?.['blocks'])).toContain('3 tasks will be replaced one by one');
    const click = await h.peer.click({ user: 'UALICE', message: asMessage(prompt!, 'COPS'), button: 'Confirm: restart payments' });
    const [done] = await h.peer.waitForResponse(click.responseId);
    expect(String(done?.['text'])).toContain('ran restart payments — succeeded');
    expect(h.engine.executed).toHaveLength(1);
    expect(h.engine.executed[0]?.reason).toBe('memory leak');
  });

  it('kills a task only after the typed name is entered in the modal the confirmation button opens', async () => {
    const cmd = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text: 'kill payments.2' });
    const [prompt] = await h.peer.waitForResponse(cmd.responseId);
    const click = await h.peer.click({ user: 'UALICE', message: asMessage(prompt!, 'COPS'), button: 'Confirm kill task payments.2' });
    const opened = await h.peer.web.waitFor(() => h.peer.web.callsOf('views.open')[0]);
    expect(h.engine.executed).toHaveLength(0);
    await h.peer.submitView({ user: 'UALICE', opened, values: { 'opsdeck.input.typed-name': 'payments.2' } });
    const [done] = await h.peer.waitForResponse(click.responseId);
    expect(String(done?.['text'])).toContain('ran kill task payments.2 — succeeded');
    expect(h.engine.executed).toHaveLength(1);
    expect(h.engine.submissions.map((s) => s.idempotencyKey).length).toBe(new Set(h.engine.submissions.map((s) => s.idempotencyKey)).size);
  });

  it('runs a redelivered slash command envelope once', async () => {
    const cmd = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text: 'scale payments to 5' });
    await h.peer.deliver({ ...cmd.envelope, retry_attempt: 1 });
    await h.peer.waitForResponse(cmd.responseId);
    await h.bot.idle();
    expect(h.engine.submissions).toHaveLength(1);
    expect(h.engine.submissions[0]?.args).toEqual({ instances: 5 });
  });

  it('approves by slash command, and refuses the requester approving their own request', async () => {
    const cmd = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text: 'rollback payments' });
    const [prompt] = await h.peer.waitForResponse(cmd.responseId);
    await h.peer.click({ user: 'UALICE', message: asMessage(prompt!, 'COPS'), button: 'Confirm: rollback payments' });
    const card = await h.peer.web.waitFor(() => h.peer.messagesIn('CAPPROVERS')[0]);
    const self = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text: 'approve req-1' });
    const [refusal] = await h.peer.waitForResponse(self.responseId);
    expect(String(refusal?.['text'])).toContain('cannot approve your own request');
    await h.peer.slashCommand({ user: 'UBOB', channel: 'COPS', text: 'approve req-1' });
    await h.peer.web.waitFor(() => card.updates > 0);
    expect(JSON.stringify(card.blocks)).toContain('rolled back to v41');
  });
});

describe('read-only answers', () => {
  it('answers status, plan, alerts and oncall from the ports', async () => {
    const cases: Array<[string, string]> = [
      ['status', 'Status: 2 services'],
      ['status payments', 'OOMKilled'],
      ['plan payments', 'payments-1: STARTING'],
      ['alerts', 'payments tasks failing'],
      ['oncall', '<@UALICE>'],
      ['status nothing-here', 'No service called'],
    ];
    for (const [text, expected] of cases) {
      const cmd = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text });
      const [reply] = await h.peer.waitForResponse(cmd.responseId);
      expect(JSON.stringify(reply)).toContain(expected);
    }
  });

  it('publishes the App Home tab with who is on call, my alerts and services', async () => {
    await h.peer.openHome('UALICE');
    const publish = await h.peer.web.waitFor(() => h.peer.web.callsOf('views.publish')[0]);
    expect(publish.args['user_id']).toBe('UALICE');
    const view = JSON.stringify(publish.args['view']);
    for (const text of ['On call now', '<@UALICE>', 'My open alerts', 'payments tasks failing', 'Services (2)', 'payments']) expect(view).toContain(text);
  });
});

describe('configurable command name', () => {
  it('answers on the configured command and shows it in help', async () => {
    const custom = await startHarness({ config: { commandName: '/ops' } });
    try {
      const { ack } = await custom.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text: 'help', command: '/ops' });
      expect(JSON.stringify(ack.payload)).toContain('/ops status [service]');
      expect(JSON.stringify(ack.payload)).not.toContain('/opsdeck');
    } finally {
      await custom.stop();
    }
  });
});

