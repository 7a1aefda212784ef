/** Verification classifies outcomes: succeeded when converged healthy, failed (with a suggestion) or timed-out at the deadline. */
import { afterEach, describe, expect, it } from 'vitest';
import { actor, createEngineFixture, newKey, type EngineFixture } from './support/engine-fixture.js';
import { scaleWithEffect } from './support/wrapped-backends.js';

let fx: EngineFixture;
afterEach(() => fx?.close());

const scaleWeb = (replicas: number) => ({ kind: 'scale', actor: actor('alice'), target: 'web', args: { replicas }, source: 'cli', idempotencyKey: newKey() });

describe('verification', () => {
  it('times out when the orchestrator accepts but the state never shows the change', async () => {
    fx = await createEngineFixture({ verifyTimeoutMs: 10_000, wrap: (b) => scaleWithEffect(b, () => undefined) });
    const pending = fx.engine.submit(scaleWeb(4), { confirmation: { confirmed: true } });
    await fx.clock.advance(10_001);
    const result = await pending;
    expect(result).toMatchObject({ status: 'executed', outcome: { status: 'timed-out', health: { status: 'HEALTHY' } } });
  });

  it('fails with a rollback suggestion when the service is degraded at the deadline', async () => {
    fx = await createEngineFixture({ verifyTimeoutMs: 10_000, wrap: (b) => scaleWithEffect(b, (s) => b.failTask(s.nativeId, { message: 'OOMKilled' })) });
    const pending = fx.engine.submit(scaleWeb(4), { confirmation: { confirmed: true } });
    await fx.clock.advance(10_001);
    const result = await pending;
    expect(result.status).toBe('executed');
    if (result.status !== 'executed') return;
    expect(result.outcome.status).toBe('failed');
    expect(result.outcome.health.status).toBe('DEGRADED');
    expect(result.outcome.suggestion).toContain('opsdeck rollback web');
    expect(fx.engine.audit.entries({ correlationId: result.commandId }).map((e) => e.event)).toContain('command.failed');
  });

  it('succeeds only once the restarted service has replaced every old task', async () => {
    fx = await createEngineFixture();
    const oldTasks = fx.store.tasksOf('mem/web').map((t) => t.id);
    const result = await fx.engine.submit({ kind: 'restart', actor: actor('alice'), target: 'web', source: 'cli', idempotencyKey: newKey() }, { confirmation: { confirmed: true } });
    expect(result).toMatchObject({ status: 'executed', outcome: { status: 'succeeded' } });
    const now = fx.store.tasksOf('mem/web').map((t) => t.id);
    expect(now.some((id) => oldTasks.includes(id))).toBe(false);
  });
});
