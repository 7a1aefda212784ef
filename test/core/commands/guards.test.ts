/** Table-driven: every guard rejects what it must and lets through what it may, on the in-memory backend. */
import { afterEach, describe, expect, it } from 'vitest';
import { scaleWithEffect } from './support/wrapped-backends.js';
import { actor, createEngineFixture, newKey, type EngineFixture, type FixtureOptions } from './support/engine-fixture.js';

let fx: EngineFixture | undefined;
afterEach(() => {
  fx?.close();
  fx = undefined;
});

interface GuardCase {
  name: string;
  options?: FixtureOptions;
  /** Runs before the command (e.g. degrade a service, start a plan). */
  prepare?: (fx: EngineFixture) => void | Promise<void>;
  command: (fx: EngineFixture) => Record<string, unknown>;
  expected: { status: string; code?: string; guard?: string };
}

const base = { actor: actor('alice'), source: 'cli' };

function startLedgerPlan(f: EngineFixture): Promise<void> {
  f.backend.putPlan({
    serviceNativeId: 'web',
    name: 'update',
    strategy: 'serial',
    status: 'PENDING',
    errors: [],
    updatedAt: 0,
    phases: [{ id: 'p', name: 'rollout', strategy: 'serial', status: 'PENDING', steps: [{ id: 's1', name: 'web-0', status: 'COMPLETE', message: '' }, { id: 's2', name: 'web-1', status: 'STARTING', message: '' }] }],
  });
  return f.clock.advance(0);
}

const CASES: GuardCase[] = [
  { name: 'scale within bounds passes', command: () => ({ ...base, kind: 'scale', target: 'web', args: { replicas: 4 } }), expected: { status: 'executed' } },
  { name: 'scale above max is rejected', options: { guards: { scale: { max: 5 } } }, command: () => ({ ...base, kind: 'scale', target: 'web', args: { replicas: 6 } }), expected: { status: 'denied', code: 'GUARD_REJECTED', guard: 'scale-bounds' } },
  { name: 'scale below a per-service min is rejected', options: { guards: { scale: { overrides: [{ service: 'web', min: 2 }] } } }, command: () => ({ ...base, kind: 'scale', target: 'web', args: { replicas: 1 } }), expected: { status: 'denied', code: 'GUARD_REJECTED', guard: 'scale-bounds' } },
  { name: 'scale changing more than maxChange is rejected', options: { guards: { scale: { maxChange: 2 } } }, command: () => ({ ...base, kind: 'scale', target: 'web', args: { replicas: 6 } }), expected: { status: 'denied', code: 'GUARD_REJECTED', guard: 'scale-bounds' } },
  { name: 'restart of a healthy stateful service keeps quorum and passes', command: () => ({ ...base, kind: 'restart', target: 'ledger' }), expected: { status: 'executed' } },
  {
    name: 'restart of a stateful service at quorum is rejected',
    prepare: (f) => {
      f.backend.failTask('ledger');
      return f.clock.advance(0);
    },
    command: () => ({ ...base, kind: 'restart', target: 'ledger' }),
    expected: { status: 'denied', code: 'GUARD_REJECTED', guard: 'quorum' },
  },
  {
    name: 'kill of a healthy task of a stateful service at quorum is rejected',
    prepare: (f) => {
      f.backend.failTask('ledger');
      return f.clock.advance(0);
    },
    command: (f) => ({ ...base, kind: 'kill-task', target: f.store.tasksOf('mem/ledger').find((t) => t.state === 'RUNNING')?.id }),
    expected: { status: 'denied', code: 'GUARD_REJECTED', guard: 'quorum' },
  },
  { name: 'scale-down of a stateful service below quorum is rejected', command: () => ({ ...base, kind: 'scale', target: 'ledger', args: { replicas: 1 } }), expected: { status: 'denied', code: 'GUARD_REJECTED', guard: 'quorum' } },
  { name: 'quorum guard can be turned off', options: { guards: { quorum: { enabled: false } }, policy: { levels: { critical: 'type-name' } } }, command: () => ({ ...base, kind: 'scale', target: 'ledger', args: { replicas: 1 } }), expected: { status: 'executed' } },
  { name: 'restart while a plan is in progress is rejected', prepare: startLedgerPlan, command: () => ({ ...base, kind: 'restart', target: 'web' }), expected: { status: 'denied', code: 'GUARD_REJECTED', guard: 'plan-in-progress' } },
  { name: 'forced restart while a plan is in progress passes', prepare: startLedgerPlan, command: () => ({ ...base, kind: 'restart', target: 'web', force: true }), expected: { status: 'executed' } },
  { name: 'plan commands are allowed while the plan runs', prepare: startLedgerPlan, command: () => ({ ...base, kind: 'plan-pause', target: 'web', args: { plan: 'update' } }), expected: { status: 'executed' } },
  {
    name: 'a weekly freeze window in its time zone rejects (Mon 11:00 Berlin = 10:00 UTC)',
    options: { guards: { freezeWindows: [{ name: 'monday freeze', timeZone: 'Europe/Berlin', days: ['mon'], start: '10:30', end: '12:00' }] } },
    command: () => ({ ...base, kind: 'restart', target: 'web' }),
    expected: { status: 'denied', code: 'GUARD_REJECTED', guard: 'freeze-window' },
  },
  {
    name: 'the same window in New York (05:00 there) does not apply',
    options: { guards: { freezeWindows: [{ name: 'monday freeze', timeZone: 'America/New_York', days: ['mon'], start: '10:30', end: '12:00' }] } },
    command: () => ({ ...base, kind: 'restart', target: 'web' }),
    expected: { status: 'executed' },
  },
  {
    name: 'an overnight window (Sun 22:00–03:00 Los Angeles) still applies at 02:00 Monday there',
    options: { guards: { freezeWindows: [{ name: 'overnight', timeZone: 'America/Los_Angeles', days: ['sun'], start: '22:00', end: '03:00' }] } },
    command: () => ({ ...base, kind: 'restart', target: 'web' }),
    expected: { status: 'denied', code: 'GUARD_REJECTED', guard: 'freeze-window' },
  },
  {
    name: 'plan-pause is exempt from freezes by default',
    options: { guards: { freezeWindows: [{ name: 'all', from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z' }] } },
    command: () => ({ ...base, kind: 'plan-pause', target: 'ledger' }),
    expected: { status: 'executed' },
  },
  {
    name: 'force does not pass a window with allowForce false',
    options: { guards: { freezeWindows: [{ name: 'hard', from: '2026-03-01T00:00:00Z', to: '2026-03-03T00:00:00Z', allowForce: false }] } },
    command: () => ({ ...base, kind: 'restart', target: 'web', force: true }),
    expected: { status: 'denied', code: 'GUARD_REJECTED', guard: 'freeze-window' },
  },
];

describe('guards', () => {
  it.each(CASES)('$name', async (c) => {
    fx = await createEngineFixture(c.options ?? {});
    await c.prepare?.(fx);
    const command = { ...c.command(fx), idempotencyKey: newKey() };
    // Confirm at whatever level policy asks (confirmation levels are tested separately).
    const typed = fx.engine.preview(command).confirmText;
    const result = await fx.engine.submit(command, { confirmation: { confirmed: true, typed } });
    expect(result.status).toBe(c.expected.status);
    if (result.status === 'denied') {
      expect(result.error.code).toBe(c.expected.code);
      expect(result.error.details?.['guard']).toBe(c.expected.guard);
      expect(result.error.hint).toBeTruthy();
    }
  });

  it('rate-limits an actor after max executions in the window and recovers after it', async () => {
    fx = await createEngineFixture({ guards: { rateLimit: { max: 2, windowMs: 60_000 } } });
    const scale = (n: number) => fx!.engine.submit({ ...base, kind: 'scale', target: 'web', args: { replicas: n }, idempotencyKey: newKey() }, { confirmation: { confirmed: true } });
    expect((await scale(4)).status).toBe('executed');
    expect((await scale(5)).status).toBe('executed');
    expect(await scale(6)).toMatchObject({ status: 'denied', error: { code: 'RATE_LIMITED', retryable: true } });
    await fx.clock.advance(60_001);
    expect((await scale(6)).status).toBe('executed');
  });

  it('allows one action per service at a time (a second command while one verifies is a CONFLICT)', async () => {
    fx = await createEngineFixture({ verifyTimeoutMs: 30_000, wrap: (b) => scaleWithEffect(b, () => undefined) });
    const scale = (n: number) => fx!.engine.submit({ ...base, kind: 'scale', target: 'web', args: { replicas: n }, idempotencyKey: newKey() }, { confirmation: { confirmed: true } });
    const slow = scale(4);
    await fx.clock.advance(0);
    expect(await scale(5)).toMatchObject({ status: 'denied', error: { code: 'CONFLICT', details: { guard: 'service-lock' } } });
    await fx.clock.advance(30_001);
    expect(await slow).toMatchObject({ status: 'executed', outcome: { status: 'timed-out' } });
    const third = scale(5);
    await fx.clock.advance(30_001);
    expect((await third).status).toBe('executed');
  });
});
