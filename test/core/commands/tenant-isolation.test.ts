/** A tenant-A user can neither see, preview nor act on tenant-B services, and the error is the same as for a missing service. */
import { afterEach, describe, expect, it } from 'vitest';
import { isOpsdeckError } from '../../../src/core/errors.js';
import { actor, createEngineFixture, newKey, type EngineFixture } from './support/engine-fixture.js';

let fx: EngineFixture;
afterEach(() => fx?.close());

function errorOf(fn: () => unknown): { code: string; message: string; hint?: string } {
  try {
    fn();
  } catch (error) {
    if (isOpsdeckError(error)) return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    throw error;
  }
  throw new Error('expected an error');
}

const normalise = (e: { code: string; message: string }, name: string): unknown => ({ ...e, message: e.message.replace(name, '<ref>') });

describe('tenant isolation', () => {
  it('gives the same NOT_FOUND for another tenant\'s service as for a missing one (submit and preview, by name and by id)', async () => {
    fx = await createEngineFixture();
    for (const ref of ['indexer', 'mem/indexer']) {
      const hidden = await fx.engine.submit({ kind: 'restart', actor: actor('alice'), target: ref, source: 'cli', idempotencyKey: newKey() }, { confirmation: { confirmed: true } });
      const missing = await fx.engine.submit({ kind: 'restart', actor: actor('alice'), target: 'no-such-svc', source: 'cli', idempotencyKey: newKey() }, { confirmation: { confirmed: true } });
      expect(hidden.status).toBe('denied');
      if (hidden.status !== 'denied' || missing.status !== 'denied') throw new Error('expected denials');
      expect(hidden.error.code).toBe('NOT_FOUND');
      expect(normalise(hidden.error, ref)).toEqual(normalise(missing.error, 'no-such-svc'));
      const previewHidden = errorOf(() => fx.engine.preview({ kind: 'scale', actor: actor('alice'), target: ref, args: { replicas: 1 }, source: 'cli', idempotencyKey: newKey() }));
      const previewMissing = errorOf(() => fx.engine.preview({ kind: 'scale', actor: actor('alice'), target: 'no-such-svc', args: { replicas: 1 }, source: 'cli', idempotencyKey: newKey() }));
      expect(normalise(previewHidden, ref)).toEqual(normalise(previewMissing, 'no-such-svc'));
    }
    expect(fx.backend.truth('indexer').desired).toBe(2);
  });

  it('hides another tenant\'s tasks from kill-task', async () => {
    fx = await createEngineFixture();
    const task = fx.store.tasksOf('mem/indexer')[0];
    const result = await fx.engine.submit({ kind: 'kill-task', actor: actor('alice'), target: task?.id ?? '', source: 'cli', idempotencyKey: newKey() }, { confirmation: { confirmed: true } });
    expect(result).toMatchObject({ status: 'denied', error: { code: 'NOT_FOUND' } });
  });

  it('lists only visible candidates when a name is ambiguous, and resolves uniquely when only one is visible', async () => {
    fx = await createEngineFixture();
    const asRoot = await fx.engine.submit({ kind: 'restart', actor: actor('root'), target: 'cache', source: 'cli', idempotencyKey: newKey() });
    expect(asRoot).toMatchObject({ status: 'denied', error: { code: 'AMBIGUOUS', details: { candidates: ['mem/cache', 'mem2/cache'] } } });
    const asAlice = fx.engine.preview({ kind: 'restart', actor: actor('alice'), target: 'cache', source: 'cli', idempotencyKey: newKey() });
    expect(asAlice.service.id).toBe('mem/cache');
    const asErin = fx.engine.preview({ kind: 'restart', actor: actor('erin'), target: 'cache', source: 'cli', idempotencyKey: newKey() });
    expect(asErin.service.id).toBe('mem2/cache');
    const ambiguousForAlice = await fx.engine.submit({ kind: 'restart', actor: actor('alice'), target: 'queue', source: 'cli', idempotencyKey: newKey() });
    expect(ambiguousForAlice).toMatchObject({ status: 'denied', error: { code: 'AMBIGUOUS', details: { candidates: ['mem/queue', 'mem2/queue'] } } });
  });

  it('forbids a viewer from acting and denies unknown actors by default, auditing both', async () => {
    fx = await createEngineFixture();
    const viewer = await fx.engine.submit({ kind: 'restart', actor: actor('vic'), target: 'web', source: 'cli', idempotencyKey: newKey() });
    expect(viewer).toMatchObject({ status: 'denied', stage: 'authorize', error: { code: 'FORBIDDEN' } });
    const stranger = await fx.engine.submit({ kind: 'restart', actor: { id: 'mallory', name: 'Mallory', source: 'slack' }, target: 'web', source: 'slack', idempotencyKey: newKey() });
    expect(stranger).toMatchObject({ status: 'denied', error: { code: 'NOT_FOUND' } });
    const denials = fx.engine.audit.entries().filter((e) => e.event === 'command.denied');
    expect(denials.map((d) => [d.actor.id, d.code])).toEqual([
      ['vic', 'FORBIDDEN'],
      ['mallory', 'NOT_FOUND'],
    ]);
    expect(denials[1]?.tenant).toBeUndefined();
  });

  it('refuses every action in read-only mode', async () => {
    fx = await createEngineFixture({ access: { readOnly: true, actors: [{ id: 'alice', name: 'Alice' }], bindings: [{ tenant: '*', role: 'admin', subjects: ['alice'] }] } });
    const result = await fx.engine.submit({ kind: 'scale', actor: actor('alice'), target: 'web', args: { replicas: 4 }, source: 'cli', idempotencyKey: newKey() }, { confirmation: { confirmed: true } });
    expect(result).toMatchObject({ status: 'denied', error: { code: 'READ_ONLY' } });
    expect(fx.backend.truth('web').desired).toBe(3);
  });
});
