/** End-to-end behaviour of the engine on the in-memory backend: execute, verify, replay, audit. */
import { afterEach, describe, expect, it } from 'vitest';
import { actor, createEngineFixture, newKey, type EngineFixture } from './support/engine-fixture.js';

let fx: EngineFixture;
afterEach(() => fx?.close());

describe('command engine', () => {
  it('scales a service after confirmation, verifies convergence and audits each step', async () => {
    fx = await createEngineFixture();
    const key = newKey();
    const command = { kind: 'scale', actor: actor('alice'), target: 'web', args: { replicas: 5 }, source: 'cli', idempotencyKey: key, reason: 'traffic' };
    const first = await fx.engine.submit(command);
    expect(first.status).toBe('needs-confirmation');
    expect(fx.backend.truth('web').desired).toBe(3);
    const done = await fx.engine.submit(command, { confirmation: { confirmed: true } });
    expect(done.status).toBe('executed');
    if (done.status !== 'executed') return;
    expect(done.outcome.status).toBe('succeeded');
    expect(fx.backend.truth('web')).toMatchObject({ desired: 5, running: 5 });
    const events = fx.engine.audit.entries({ correlationId: key }).map((e) => e.event);
    expect(events).toEqual([
      'command.submitted',
      'command.confirmation-required',
      'command.submitted',
      'command.confirmed',
      'command.executing',
      'command.executed',
      'command.succeeded',
    ]);
    expect(fx.engine.audit.verify().ok).toBe(true);
  });

  it('replays the stored outcome for a repeated idempotency key without executing again', async () => {
    fx = await createEngineFixture();
    const command = { kind: 'restart', actor: actor('alice'), target: 'mem/web', source: 'cli', idempotencyKey: newKey() };
    const first = await fx.engine.submit(command, { confirmation: { confirmed: true } });
    const executed = fx.backend.executedActions;
    const second = await fx.engine.submit(command, { confirmation: { confirmed: true } });
    expect(first.status).toBe('executed');
    expect(second).toMatchObject({ status: 'executed', replayed: true });
    expect(fx.backend.executedActions).toBe(executed);
  });

  it('refuses a reused idempotency key for a different command', async () => {
    fx = await createEngineFixture();
    const key = newKey();
    await fx.engine.submit({ kind: 'scale', actor: actor('alice'), target: 'web', args: { replicas: 4 }, source: 'cli', idempotencyKey: key }, { confirmation: { confirmed: true } });
    const other = await fx.engine.submit({ kind: 'scale', actor: actor('alice'), target: 'web', args: { replicas: 2 }, source: 'cli', idempotencyKey: key }, { confirmation: { confirmed: true } });
    expect(other).toMatchObject({ status: 'denied', error: { code: 'CONFLICT' } });
    expect(fx.backend.truth('web').desired).toBe(4);
  });
});

describe('commands config', () => {
  it('fills every default from an empty section and rejects bad values with a path', async () => {
    const { commandsConfigSchema } = await import('../../../src/core/commands/index.js');
    const parsed = commandsConfigSchema.parse({});
    expect(parsed.guards.scale).toMatchObject({ min: 0, max: 100 });
    expect(parsed.guards.rateLimit).toMatchObject({ enabled: true, max: 20 });
    expect(parsed.confirmation.levels).toEqual({ low: 'none', medium: 'confirm', high: 'type-name', critical: 'approval' });
    expect(parsed.confirmation.approval).toMatchObject({ count: 1, role: 'approver' });
    const bad = commandsConfigSchema.safeParse({ guards: { freezeWindows: [{ name: 'x', timeZone: 'Mars/Olympus', start: '10:00', end: '11:00' }] } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['guards', 'freezeWindows', 0, 'timeZone']);
  });
});
