/**
 * Upgrade, config set and plan continue through the whole engine pipeline on
 * the in-memory backend: risk and confirmation, authorization, execution at
 * most once per key, spec hashes in the audit log, failure with a rollback
 * suggestion, canary + continue, and bad input changing nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { actor, createEngineFixture, newKey, type EngineFixture } from './support/engine-fixture.js';

let fx: EngineFixture;
afterEach(() => fx?.close());

const upgrade = (target: string, version: string, extra: Record<string, unknown> = {}) => ({ kind: 'upgrade', target, args: { version, ...extra }, actor: actor('alice'), source: 'cli', idempotencyKey: newKey() });

async function fixture(): Promise<EngineFixture> {
  const f = await createEngineFixture({ verifyTimeoutMs: 5_000 });
  f.backend.versions.set('v1', { healthy: true }).set('v2', { healthy: true }).set('v3', { healthy: true }).set('v4-bad', { healthy: false });
  return f;
}

describe('spec changes through the engine (memory backend)', () => {
  it('needs the typed name (high risk), shows the diff, runs once per key and audits old and new spec hashes', async () => {
    fx = await fixture();
    const command = upgrade('web', 'v3');
    const asked = await fx.engine.submit(command);
    expect(asked).toMatchObject({ status: 'needs-confirmation', level: 'type-name', preview: { risk: 'high', specChange: { diff: ['~ version: v2 → v3'] } } });
    const done = await fx.engine.submit(command, { confirmation: { typed: 'web' } });
    expect(done).toMatchObject({ status: 'executed', outcome: { status: 'succeeded' } });
    expect(fx.backend.truth('web').version).toBe('v3');
    const actions = fx.backend.executedActions;
    expect(await fx.engine.submit(command, { confirmation: { typed: 'web' } })).toMatchObject({ status: 'executed', replayed: true });
    expect(fx.backend.executedActions).toBe(actions);
    const executed = fx.engine.audit.entries({ correlationId: command.idempotencyKey }).find((e) => e.event === 'command.executed');
    expect(executed?.details).toMatchObject({ oldSpecHash: expect.stringMatching(/^[a-f0-9]{64}$/), newSpecHash: expect.stringMatching(/^[a-f0-9]{64}$/) });
    expect(executed?.details?.['oldSpecHash']).not.toBe(executed?.details?.['newSpecHash']);
    expect(fx.engine.audit.verify()).toMatchObject({ ok: true });
  });

  it('an upgrade whose new tasks fail their health check ends failed with a rollback suggestion; rollback restores health', async () => {
    fx = await fixture();
    const result = await fx.engine.submit(upgrade('web', 'v4-bad'), { confirmation: { typed: 'web' } });
    expect(result).toMatchObject({ status: 'executed', outcome: { status: 'failed', suggestion: expect.stringContaining('opsdeck rollback web') } });
    const rollback = { kind: 'rollback', target: 'web', actor: actor('alice'), source: 'cli', idempotencyKey: newKey() };
    const rolled = await fx.engine.submit(rollback, { confirmation: { typed: 'web' } });
    expect(rolled).toMatchObject({ status: 'executed', outcome: { status: 'succeeded' } });
    expect(fx.backend.truth('web')).toMatchObject({ version: 'v2', running: 3 });
    const upgraded = fx.engine.audit.entries().find((e) => e.event === 'command.failed' && e.details?.['kind'] === 'upgrade');
    const succeeded = fx.engine.audit.entries({ correlationId: rollback.idempotencyKey }).find((e) => e.event === 'command.succeeded');
    // The rollback starts from the failed upgrade's new spec and ends on its old one.
    expect(succeeded?.details?.['oldSpecHash']).toBe(upgraded?.details?.['newSpecHash']);
    expect(succeeded?.details?.['newSpecHash']).toBe(upgraded?.details?.['oldSpecHash']);
  });

  it('a canary waits for continue; continue finishes the rollout', async () => {
    fx = await fixture();
    const canary = await fx.engine.submit(upgrade('web', 'v3', { strategy: 'canary' }), { confirmation: { typed: 'web' } });
    expect(canary).toMatchObject({ status: 'executed', outcome: { status: 'succeeded', message: expect.stringContaining('waits for continue') } });
    expect(fx.store.plan('mem/web#update')?.status).toBe('WAITING');
    const go = await fx.engine.submit({ kind: 'plan-continue', target: 'web', args: {}, actor: actor('alice'), source: 'cli', idempotencyKey: newKey() }, { confirmation: { confirmed: true } });
    expect(go).toMatchObject({ status: 'executed', outcome: { status: 'succeeded' } });
    expect(fx.store.plan('mem/web#update')?.status).toBe('COMPLETE');
  });

  it('refuses a version that does not exist, and a viewer, without changing anything', async () => {
    fx = await fixture();
    expect(await fx.engine.submit(upgrade('web', 'v9'), { confirmation: { typed: 'web' } })).toMatchObject({ status: 'denied', stage: 'input', error: { code: 'NOT_FOUND', message: 'Version v9 of web does not exist.' } });
    expect(await fx.engine.submit({ ...upgrade('web', 'v3'), actor: actor('vic') }, { confirmation: { typed: 'web' } })).toMatchObject({ status: 'denied', stage: 'authorize' });
    expect(fx.backend.truth('web').version).toBe('v2');
  });
});
