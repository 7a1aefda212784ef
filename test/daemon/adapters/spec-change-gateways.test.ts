/**
 * The Slack and dashboard adapters on the REAL command engine over the
 * in-memory backend: spec changes show the backend's diff, need the typed
 * name, and a failed rollout / a waiting canary come back with the follow-up
 * (rollback / continue) the faces offer, which then really runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { slackCommandGateway } from '../../../src/daemon/adapters/slack-command-gateway.js';
import { tuiActionGateway } from '../../../src/daemon/adapters/tui-action-gateway.js';
import type { CommandRequest } from '../../../src/slackbot/ports.js';
import { actor, createEngineFixture, newKey, type EngineFixture } from '../../core/commands/support/engine-fixture.js';

let fx: EngineFixture | undefined;
afterEach(() => fx?.close());

async function fixture(): Promise<EngineFixture> {
  const f = (fx = await createEngineFixture({ verifyTimeoutMs: 5_000 }));
  f.backend.versions.set('v2', { healthy: true }).set('v3', { healthy: true }).set('v4-bad', { healthy: false });
  return f;
}

const slack = (kind: CommandRequest['kind'], args: CommandRequest['args'], extra: Partial<CommandRequest> = {}): CommandRequest => ({
  kind,
  target: { service: 'web' },
  args,
  actor: actor('alice', 'slack'),
  source: 'slack',
  idempotencyKey: newKey(),
  ...extra,
});

describe('slack command gateway on the real engine', () => {
  it('an upgrade asks for the typed name with the diff, fails on a bad version offering rollback, and the rollback restores v2', async () => {
    const f = await fixture();
    const gateway = slackCommandGateway(f.engine, f.engine.audit);
    const upgrade = slack('upgrade', { version: 'v4-bad' });
    const asked = await gateway.submit(upgrade);
    expect(asked).toMatchObject({ status: 'needs-confirmation', level: 'typed-name', expectedName: 'web' });
    expect(asked.status === 'needs-confirmation' ? asked.preview : []).toContain('  diff:    ~ version: v2 → v4-bad');
    expect(f.backend.truth('web').version).toBe('v2');
    const failed = await gateway.submit({ ...upgrade, confirmation: { level: 'typed-name', typed: 'web' } });
    expect(failed).toMatchObject({ status: 'executed', outcome: 'failed', followUp: 'rollback' });
    const rolled = await gateway.submit(slack('rollback', {}, { confirmation: { level: 'typed-name', typed: 'web' } }));
    expect(rolled).toMatchObject({ status: 'executed', outcome: 'succeeded' });
    expect(rolled).not.toHaveProperty('followUp');
    expect(f.backend.truth('web')).toMatchObject({ version: 'v2', running: 3 });
  });

  it('a canary config set (flat set.KEY args) offers continue; plan continue completes the rollout', async () => {
    const f = await fixture();
    const gateway = slackCommandGateway(f.engine, f.engine.audit);
    const change = slack('config-set', { 'set.LOG_LEVEL': 'debug', strategy: 'canary' });
    const asked = await gateway.submit(change);
    expect(asked.status === 'needs-confirmation' ? asked.preview.join('\n') : '').toMatch(/LOG_LEVEL/);
    const canary = await gateway.submit({ ...change, confirmation: { level: 'typed-name', typed: 'web' } });
    expect(canary).toMatchObject({ status: 'executed', outcome: 'succeeded', followUp: 'plan-continue' });
    expect(f.store.plan('mem/web#update')?.status).toBe('WAITING');
    const go = await gateway.submit(slack('plan-continue', {}, { confirmation: { level: 'confirm' } }));
    expect(go).toMatchObject({ status: 'executed', outcome: 'succeeded' });
    expect(f.store.plan('mem/web#update')?.status).toBe('COMPLETE');
  });

  it('an unknown key is refused with the engine clear error and nothing changes', async () => {
    const f = await fixture();
    const gateway = slackCommandGateway(f.engine, f.engine.audit);
    const result = await gateway.submit(slack('config-set', { 'set.colour': 'blue' }, { confirmation: { level: 'typed-name', typed: 'web' } }));
    expect(result).toMatchObject({ status: 'denied', message: expect.stringContaining('Unknown configuration key "colour"') });
    expect(f.backend.executedActions).toBe(0);
  });
});

describe('dashboard action gateway on the real engine', () => {
  it('previews an upgrade with the backend diff and typed-name confirmation, then a failed rollout offers rollback', async () => {
    const f = await fixture();
    const gateway = tuiActionGateway(f.engine, f.store, actor('alice', 'tui'));
    const signal = new AbortController().signal;
    const preview = await gateway.preview({ kind: 'upgrade', serviceId: 'mem/web', version: 'v4-bad', strategy: 'serial' }, { signal });
    expect(preview).toMatchObject({ confirmation: 'typed-name', expectedName: 'web' });
    expect(preview.summary).toContain('  diff:    ~ version: v2 → v4-bad');
    const outcome = await gateway.execute({ kind: 'upgrade', serviceId: 'mem/web', version: 'v4-bad' }, { confirmation: { kind: 'typed-name', typed: 'web' }, signal });
    expect(outcome).toMatchObject({ status: 'failed', followUp: 'rollback', message: expect.stringContaining('opsdeck rollback web') });
    const rolled = await gateway.execute({ kind: 'rollback', serviceId: 'mem/web' }, { confirmation: { kind: 'typed-name', typed: 'web' }, signal });
    expect(rolled.status).toBe('succeeded');
    expect(f.backend.truth('web').version).toBe('v2');
  });

  it('a config set canary offers continue, and plan-continue finishes it', async () => {
    const f = await fixture();
    const gateway = tuiActionGateway(f.engine, f.store, actor('alice', 'tui'));
    const signal = new AbortController().signal;
    const preview = await gateway.preview({ kind: 'config-set', serviceId: 'mem/web', set: { replicas: '4' }, strategy: 'canary' }, { signal });
    expect(preview.summary.join('\n')).toMatch(/replicas/);
    const canary = await gateway.execute({ kind: 'config-set', serviceId: 'mem/web', set: { replicas: '4' }, strategy: 'canary' }, { confirmation: { kind: 'typed-name', typed: 'web' }, signal });
    expect(canary).toMatchObject({ status: 'succeeded', followUp: 'plan-continue' });
    const go = await gateway.execute({ kind: 'plan-continue', serviceId: 'mem/web' }, { confirmation: { kind: 'confirm' }, signal });
    expect(go.status).toBe('succeeded');
    expect(f.store.plan('mem/web#update')?.status).toBe('COMPLETE');
  });

  it('a version that does not exist fails the preview with the backend error', async () => {
    const f = await fixture();
    const gateway = tuiActionGateway(f.engine, f.store, actor('alice', 'tui'));
    await expect(gateway.preview({ kind: 'upgrade', serviceId: 'mem/web', version: 'v9' }, { signal: new AbortController().signal })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Version v9 of web does not exist.' });
  });
});
