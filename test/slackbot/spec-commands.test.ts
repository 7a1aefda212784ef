/**
 * Upgrades, config changes and canary continue from Slack, through the peer
 * and the real bolt App with an engine double: the prompt shows the diff, the
 * typed name is required, a failed rollout offers a Rollback button (typed
 * name again) and a waiting canary a Continue button.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PeerMessage } from '../support/slack-peer/slack-peer.js';
import { buttonsOf } from '../support/slack-peer/slack-peer.js';
import { startHarness, type Harness } from './support/bot-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

/** An ephemeral response_url message as the person sees it. */
function asMessage(body: Record<string, unknown>, channel: string): PeerMessage {
  return { channel, ts: `1700000000.${Math.floor(Math.random() * 1e6)}`, text: String(body['text']), blocks: body['blocks'] as unknown[], updates: 0, ephemeralTo: 'UALICE' };
}

/** Runs a slash command through the typed-name modal and returns the result message. */
async function runTyped(text: string, typed: string): Promise<{ prompt: Record<string, unknown>; done: Record<string, unknown> }> {
  const cmd = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text });
  const [prompt] = await h.peer.waitForResponse(cmd.responseId);
  const opensBefore = h.peer.web.callsOf('views.open').length;
  const click = await h.peer.click({ user: 'UALICE', message: asMessage(prompt!, 'COPS'), button: 'opsdeck.command.confirm' });
  const opened = await h.peer.web.waitFor(() => h.peer.web.callsOf('views.open')[opensBefore]);
  await h.peer.submitView({ user: 'UALICE', opened, values: { 'opsdeck.input.typed-name': typed } });
  const [done] = await h.peer.waitForResponse(click.responseId);
  return { prompt: prompt!, done: done! };
}

describe('spec changes from Slack', () => {
  it('an upgrade shows the diff in the prompt, runs only after the typed name, and a failed rollout offers Rollback guarded by the typed name', async () => {
    const { prompt, done } = await runTyped('upgrade payments registry/payments:1.8-bad reason: fix the leak', 'payments');
    expect(JSON.stringify(prompt['blocks'])).toContain('diff:    ~ image: payments:1.7 → registry/payments:1.8-bad');
    expect(buttonsOf(asMessage(prompt, 'COPS')).map((b) => b.text)).toEqual(['Confirm upgrade payments to registry/payments:1.8-bad…']);
    expect(h.engine.executed).toHaveLength(1);
    expect(h.engine.executed[0]).toMatchObject({ kind: 'upgrade', args: { image: 'registry/payments:1.8-bad' }, reason: 'fix the leak', confirmation: { level: 'typed-name', typed: 'payments' } });
    expect(String(done['text'])).toContain('ran upgrade payments to registry/payments:1.8-bad — failed');
    const result = asMessage(done, 'COPS');
    expect(buttonsOf(result).map((b) => b.text)).toEqual(['Rollback payments']);

    const opensBefore = h.peer.web.callsOf('views.open').length;
    const click = await h.peer.click({ user: 'UALICE', message: result, button: 'Rollback payments' });
    const opened = await h.peer.web.waitFor(() => h.peer.web.callsOf('views.open')[opensBefore]);
    expect(h.engine.submissions.filter((s) => s.kind === 'rollback')).toHaveLength(0);
    await h.peer.submitView({ user: 'UALICE', opened, values: { 'opsdeck.input.typed-name': 'payments' } });
    const [rolled] = await h.peer.waitForResponse(click.responseId);
    // The engine double wants a second person for rollback: the button went through the same policy.
    expect(String(rolled?.['text'])).toContain('asked for rollback payments, waiting for approval');
    expect(h.engine.submissions.filter((s) => s.kind === 'rollback')).toEqual([
      expect.objectContaining({ target: { service: 'payments' }, confirmation: { level: 'typed-name', typed: 'payments' }, reason: 'rollback after a failed upgrade' }),
    ]);
  });

  it('a canary config change offers Continue, which runs plan continue for the same service', async () => {
    const { done } = await runTyped('config set payments LOG_LEVEL=debug mem=1024 canary', 'payments');
    expect(h.engine.executed[0]).toMatchObject({ kind: 'config-set', args: { 'set.LOG_LEVEL': 'debug', 'set.mem': '1024', strategy: 'canary' } });
    expect(String(done['text'])).toContain('ran set LOG_LEVEL=debug mem=1024 on payments (canary) — succeeded');
    const result = asMessage(done, 'COPS');
    expect(buttonsOf(result).map((b) => b.text)).toEqual(['Continue payments rollout']);
    const click = await h.peer.click({ user: 'UALICE', message: result, button: 'Continue payments rollout' });
    const [continued] = await h.peer.waitForResponse(click.responseId);
    expect(String(continued?.['text'])).toContain('ran continue the rollout of payments — succeeded');
    expect(h.engine.executed.at(-1)).toMatchObject({ kind: 'plan-continue', target: { service: 'payments' }, confirmation: { level: 'confirm' } });
  });

  it('a wrong typed name in the modal is refused before anything reaches the engine', async () => {
    const cmd = await h.peer.slashCommand({ user: 'UALICE', channel: 'COPS', text: 'upgrade payments 2.0.1' });
    const [prompt] = await h.peer.waitForResponse(cmd.responseId);
    await h.peer.click({ user: 'UALICE', message: asMessage(prompt!, 'COPS'), button: 'opsdeck.command.confirm' });
    const opened = await h.peer.web.waitFor(() => h.peer.web.callsOf('views.open')[0]);
    const submitted = await h.peer.submitView({ user: 'UALICE', opened, values: { 'opsdeck.input.typed-name': 'paymnets' } });
    expect(JSON.stringify(submitted.ack.payload)).toContain('Type \\"payments\\" exactly to confirm.');
    expect(h.engine.submissions).toHaveLength(1);
    expect(h.engine.submissions[0]).toMatchObject({ kind: 'upgrade', args: { version: '2.0.1' } });
    expect(h.engine.executed).toHaveLength(0);
  });
});
