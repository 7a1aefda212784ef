/** At most one execution per idempotency key: under 50 concurrent duplicates, and across an engine restart. */
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineFixture, actor, newKey, type EngineFixture } from './support/engine-fixture.js';
import { countingBackend, type CallLog } from './support/wrapped-backends.js';

const fixtures: EngineFixture[] = [];
afterEach(() => {
  for (const f of fixtures.splice(0)) f.close();
});

describe('idempotent execution', () => {
  it('executes exactly once for 50 concurrent identical requests and gives every caller the same outcome', async () => {
    const log: CallLog = { calls: [] };
    const fx = await createEngineFixture({ wrap: (b) => countingBackend(b, log) });
    fixtures.push(fx);
    const before = fx.backend.executedActions;
    const command = { kind: 'scale', actor: actor('alice'), target: 'web', args: { replicas: 6 }, source: 'slack', idempotencyKey: newKey() };
    const results = await Promise.all(Array.from({ length: 50 }, () => fx.engine.submit(structuredClone(command), { confirmation: { confirmed: true } })));
    expect(log.calls).toEqual(['scale']);
    expect(fx.backend.executedActions - before).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]).toMatchObject({ status: 'executed', outcome: { status: 'succeeded' } });
  });

  it('joins a running execution when a duplicate arrives with a different confirmation payload', async () => {
    const log: CallLog = { calls: [] };
    const fx = await createEngineFixture({ wrap: (b) => countingBackend(b, log) });
    fixtures.push(fx);
    const command = { kind: 'scale', actor: actor('alice'), target: 'web', args: { replicas: 5 }, source: 'tui', idempotencyKey: newKey() };
    const [a, b] = await Promise.all([
      fx.engine.submit(command, { confirmation: { confirmed: true } }),
      fx.engine.submit(command, { confirmation: { confirmed: true, typed: 'web' } }),
    ]);
    expect(log.calls).toEqual(['scale']);
    expect(a).toMatchObject({ status: 'executed', outcome: { status: 'succeeded' } });
    expect(b).toEqual(a);
  });

  it('does not execute again after a restart of the engine on the same database', async () => {
    const log: CallLog = { calls: [] };
    const first = await createEngineFixture({ wrap: (b) => countingBackend(b, log) });
    fixtures.push(first);
    const command = { kind: 'restart', actor: actor('alice'), target: 'web', source: 'cli', idempotencyKey: newKey() };
    const original = await first.engine.submit(command, { confirmation: { confirmed: true } });
    first.db.close();
    const second = await createEngineFixture({ dbPath: first.dbPath, wrap: (b) => countingBackend(b, log) });
    fixtures.push(second);
    const again = await second.engine.submit(command, { confirmation: { confirmed: true } });
    expect(log.calls).toEqual(['restart']);
    expect(again).toMatchObject({ status: 'executed', replayed: true });
    expect(original.status).toBe('executed');
    // Old completed records can be pruned; only then may the key be used again.
    expect(second.storage.storage.idempotency.prune(second.clock.now() + 1)).toBe(1);
  });

  it('verifies instead of re-executing a command a crashed engine had claimed but not finished', async () => {
    const log: CallLog = { calls: [] };
    const fx = await createEngineFixture({ wrap: (b) => countingBackend(b, log) });
    fixtures.push(fx);
    const command = { kind: 'scale' as const, actor: actor('alice'), target: 'web', args: { replicas: 3 }, source: 'cli' as const, idempotencyKey: newKey() };
    const { commandHash } = await import('../../../src/core/commands/command-hash.js');
    fx.storage.storage.idempotency.claim({ key: `alice:${command.idempotencyKey}`, commandHash: commandHash(command, 'mem/web'), command, createdAt: 0 });
    const result = await fx.engine.submit(command, { confirmation: { confirmed: true } });
    expect(log.calls).toEqual([]);
    expect(result).toMatchObject({ status: 'executed', replayed: true, outcome: { status: 'succeeded' } });
  });
});
