/** Table-driven: each confirmation level asks for exactly what it should, and the approval rule holds (never self, expiry, binding). */
import { afterEach, describe, expect, it } from 'vitest';
import { actor, createEngineFixture, newKey, type EngineFixture } from './support/engine-fixture.js';

let fx: EngineFixture;
afterEach(() => fx?.close());

const alice = actor('alice');

interface LevelCase {
  name: string;
  command: Record<string, unknown>;
  level: 'none' | 'confirm' | 'type-name' | 'approval';
  policy?: unknown;
}

const LEVELS: LevelCase[] = [
  { name: 'plan-pause is low risk: no confirmation', command: { kind: 'plan-pause', target: 'ledger' }, level: 'none' },
  { name: 'scale is medium risk: confirm', command: { kind: 'scale', target: 'web', args: { replicas: 4 } }, level: 'confirm' },
  { name: 'scale to zero: type the name', command: { kind: 'scale', target: 'web', args: { replicas: 0 } }, level: 'type-name' },
  { name: 'restart of a stateful service: type the name', command: { kind: 'restart', target: 'ledger' }, level: 'type-name' },
  { name: 'rollback: type the name', command: { kind: 'rollback', target: 'web' }, level: 'type-name' },
  { name: 'forced restart is raised to type the name', command: { kind: 'restart', target: 'web', force: true }, level: 'type-name' },
  { name: 'force-complete of a plan step: approval', command: { kind: 'plan-force-complete', target: 'ledger', args: { phase: 'ledger-phase', step: 'ledger-1:[node]' } }, level: 'approval' },
  { name: 'a per-tenant override sets the level', command: { kind: 'restart', target: 'web' }, level: 'approval', policy: { overrides: [{ tenant: 'payments', kind: 'restart', level: 'approval' }] } },
];

describe('confirmation levels', () => {
  it.each(LEVELS)('$name', async (c) => {
    fx = await createEngineFixture(c.policy === undefined ? {} : { policy: c.policy });
    const command = { ...c.command, actor: alice, source: 'cli', idempotencyKey: newKey() };
    expect(fx.engine.preview(command).confirmation).toBe(c.level);
    const bare = await fx.engine.submit(command);
    if (c.level === 'none') {
      expect(bare.status).toBe('executed');
      return;
    }
    if (c.level === 'approval') {
      expect(bare.status).toBe('pending-approval');
      const confirmedAnyway = await fx.engine.submit(command, { confirmation: { confirmed: true, typed: String(c.command['target']) } });
      expect(confirmedAnyway.status).toBe('pending-approval');
      return;
    }
    expect(bare).toMatchObject({ status: 'needs-confirmation', level: c.level, mismatch: false });
    const justYes = await fx.engine.submit(command, { confirmation: { confirmed: true } });
    expect(justYes.status).toBe(c.level === 'confirm' ? 'executed' : 'needs-confirmation');
    if (c.level === 'type-name') {
      const wrong = await fx.engine.submit(command, { confirmation: { typed: 'wbe' } });
      expect(wrong).toMatchObject({ status: 'needs-confirmation', mismatch: true });
      const right = await fx.engine.submit(command, { confirmation: { typed: String(c.command['target']) } });
      expect(right.status).toBe('executed');
    }
  });
});

describe('two-person approval', () => {
  const forceComplete = () => ({ kind: 'plan-force-complete', actor: alice, target: 'ledger', args: { phase: 'ledger-phase' }, source: 'slack', idempotencyKey: newKey() });

  it('never lets the requester approve; another approver executes it once', async () => {
    fx = await createEngineFixture();
    const pending = await fx.engine.submit(forceComplete());
    if (pending.status !== 'pending-approval') throw new Error(`expected pending, got ${pending.status}`);
    expect(await fx.engine.approve(pending.requestId, alice)).toMatchObject({ status: 'denied', error: { code: 'FORBIDDEN' } });
    expect(await fx.engine.approve(pending.requestId, actor('dave'))).toMatchObject({ status: 'denied', error: { code: 'FORBIDDEN' } });
    const approved = await fx.engine.approve(pending.requestId, actor('bob', 'slack'));
    expect(approved).toMatchObject({ status: 'executed', outcome: { status: 'succeeded' } });
    expect(await fx.engine.approve(pending.requestId, actor('carol'))).toMatchObject({ status: 'denied', error: { code: 'CONFLICT' } });
    const events = fx.engine.audit.entries().map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['approval.requested', 'approval.refused', 'approval.approved', 'command.succeeded']));
  });

  it('needs N distinct approvers when policy says so', async () => {
    fx = await createEngineFixture({ policy: { approval: { count: 2 } } });
    const pending = await fx.engine.submit(forceComplete());
    if (pending.status !== 'pending-approval') throw new Error('expected pending');
    expect(await fx.engine.approve(pending.requestId, actor('bob'))).toMatchObject({ status: 'pending-approval', approvals: [{ actorId: 'bob' }] });
    expect(await fx.engine.approve(pending.requestId, actor('bob'))).toMatchObject({ status: 'denied', error: { code: 'CONFLICT' } });
    expect((await fx.engine.approve(pending.requestId, actor('carol'))).status).toBe('executed');
  });

  it('expires requests after the TTL', async () => {
    fx = await createEngineFixture({ policy: { approval: { ttlMs: 600_000 } } });
    const pending = await fx.engine.submit(forceComplete());
    if (pending.status !== 'pending-approval') throw new Error('expected pending');
    await fx.clock.advance(600_000);
    expect(await fx.engine.approve(pending.requestId, actor('bob'))).toMatchObject({ status: 'denied', error: { code: 'CONFLICT', message: expect.stringContaining('expired') } });
  });

  it('binds approval to the exact command: same command reuses the request, a changed one needs its own, a stale hash is refused', async () => {
    fx = await createEngineFixture();
    const command = forceComplete();
    const first = await fx.engine.submit(command);
    const again = await fx.engine.submit({ ...command, idempotencyKey: newKey() });
    const other = await fx.engine.submit({ ...command, args: { phase: 'ledger-phase', step: 'ledger-0:[node]' }, idempotencyKey: newKey() });
    if (first.status !== 'pending-approval' || again.status !== 'pending-approval' || other.status !== 'pending-approval') throw new Error('expected pending');
    expect(again.requestId).toBe(first.requestId);
    expect(other.requestId).not.toBe(first.requestId);
    expect(await fx.engine.approve(first.requestId, actor('bob'), { commandHash: other.preview.commandHash })).toMatchObject({ status: 'denied', error: { code: 'CONFLICT' } });
  });

  it('hides requests of other tenants and lets the requester withdraw', async () => {
    fx = await createEngineFixture();
    const pending = await fx.engine.submit(forceComplete());
    if (pending.status !== 'pending-approval') throw new Error('expected pending');
    expect(await fx.engine.approve(pending.requestId, actor('erin'))).toMatchObject({ status: 'denied', error: { code: 'NOT_FOUND' } });
    expect(fx.engine.pendingApprovals(actor('erin'))).toEqual([]);
    expect(fx.engine.pendingApprovals(actor('bob')).map((r) => r.id)).toEqual([pending.requestId]);
    expect(await fx.engine.approve('apr-0000000000000000', actor('bob'))).toMatchObject({ status: 'denied', error: { code: 'NOT_FOUND' } });
    expect(await fx.engine.approve('apr-$(rm -rf /)', actor('bob'))).toMatchObject({ status: 'denied', error: { code: 'INPUT_INVALID' } });
    expect(fx.engine.deny(pending.requestId, alice).state).toBe('denied');
    expect(await fx.engine.approve(pending.requestId, actor('bob'))).toMatchObject({ status: 'denied', error: { code: 'CONFLICT' } });
  });
});

describe('approved requests stopped by a guard', () => {
  it('stay approved, and the requester can run them later without new votes', async () => {
    fx = await createEngineFixture({ policy: { overrides: [{ kind: 'restart', level: 'approval' }] } });
    const command = { kind: 'restart', actor: alice, target: 'web', source: 'cli', idempotencyKey: newKey() };
    const pending = await fx.engine.submit(command);
    if (pending.status !== 'pending-approval') throw new Error('expected pending');
    // A plan starts between the request and the approval: the guard stops execution.
    fx.backend.putPlan({ serviceNativeId: 'web', name: 'update', strategy: 'serial', status: 'PENDING', errors: [], updatedAt: 0, phases: [{ id: 'p', name: 'p', strategy: 'serial', status: 'PENDING', steps: [{ id: 's', name: 's', status: 'STARTING', message: '' }] }] });
    await fx.clock.advance(0);
    expect(await fx.engine.approve(pending.requestId, actor('bob'))).toMatchObject({ status: 'denied', stage: 'guard' });
    fx.backend.putPlan({ serviceNativeId: 'web', name: 'update', strategy: 'serial', status: 'PENDING', errors: [], updatedAt: 0, phases: [{ id: 'p', name: 'p', strategy: 'serial', status: 'PENDING', steps: [{ id: 's', name: 's', status: 'COMPLETE', message: '' }] }] });
    await fx.clock.advance(0);
    const retried = await fx.engine.submit({ ...command, idempotencyKey: newKey() });
    expect(retried).toMatchObject({ status: 'executed', outcome: { status: 'succeeded' } });
    expect(await fx.engine.approve(pending.requestId, actor('carol'))).toMatchObject({ status: 'denied', error: { code: 'CONFLICT', message: expect.stringContaining('executed') } });
  });
});

describe('outcome stream', () => {
  it('publishes each stage with the tenant so front ends can filter what a viewer may see', async () => {
    fx = await createEngineFixture();
    const events: { type: string; tenant?: string }[] = [];
    const stop = fx.engine.subscribe((e) => events.push({ type: e.type, ...(e.tenant === undefined ? {} : { tenant: e.tenant }) }));
    await fx.engine.submit({ kind: 'scale', actor: alice, target: 'web', args: { replicas: 4 }, source: 'tui', idempotencyKey: newKey() });
    await fx.engine.submit({ kind: 'scale', actor: alice, target: 'web', args: { replicas: 4 }, source: 'tui', idempotencyKey: newKey() }, { confirmation: { confirmed: true } });
    await fx.engine.submit({ kind: 'restart', actor: alice, target: 'nope', source: 'tui', idempotencyKey: newKey() });
    stop();
    await fx.engine.submit({ kind: 'restart', actor: alice, target: 'nope', source: 'tui', idempotencyKey: newKey() });
    expect(events).toEqual([
      { type: 'needs-confirmation', tenant: 'payments' },
      { type: 'executing', tenant: 'payments' },
      { type: 'completed', tenant: 'payments' },
      { type: 'denied' },
    ]);
  });
});
