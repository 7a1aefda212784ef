/**
 * The dashboard's remote ActionGateway against a real daemon wired to the
 * REAL command engine: preview asks the engine without running anything
 * that needs confirmation, the confirmed execute re-sends the same
 * idempotency key and runs exactly once, the mirror shows the result, and
 * another tenant's service is NOT_FOUND.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandStorage } from '../../src/core/commands/index.js';
import { isOpsdeckError } from '../../src/core/errors.js';
import { FakeClock } from '../../src/core/fake-clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { PlanReport } from '../../src/core/model/plan.js';
import { openRemoteDashboard, type RemoteDashboard } from '../../src/remote/open-remote-dashboard.js';
import { startFixture, TOKENS, type Fixture } from '../daemon/ws/support/daemon-fixture.js';
import { realEngineCommands } from '../daemon/ws/support/real-engine-commands.js';
import { waitForMirror } from './support/remote-harness.js';

let fixture: Fixture | undefined;
let remote: RemoteDashboard | undefined;
afterEach(async () => {
  await remote?.close();
  remote = undefined;
  await fixture?.stop();
  fixture = undefined;
});

const signal = new AbortController().signal;

async function setup(): Promise<{ f: Fixture; r: RemoteDashboard; storage: CommandStorage }> {
  const engine = realEngineCommands();
  const f = (fixture = await startFixture({ perTenant: 2, commands: engine.build }));
  const r = (remote = await openRemoteDashboard({ url: f.server.url, token: TOKENS.alice, clock: new FakeClock(), logger: silentLogger }));
  const storage = engine.storage();
  return { f, r, storage };
}

describe('remote ActionGateway on the real engine', () => {
  it('scales through preview → confirm → execute: the backend acts once and the mirror shows the new count', async () => {
    const { f, r, storage } = await setup();
    const action = { kind: 'scale' as const, serviceId: 'b1/alpha-01', replicas: 4, reason: 'load' };
    const preview = await r.actions.preview(action, { signal });
    expect(preview.confirmation).toBe('confirm');
    expect(preview.summary.join('\n')).toContain('b1/alpha-01');
    expect(preview.summary.join('\n')).toMatch(/confirmation: confirm/);
    expect(f.b1.executedActions).toBe(0);

    const outcome = await r.actions.execute(action, { confirmation: { kind: 'confirm' }, signal });
    expect(outcome.status).toBe('succeeded');
    expect(f.b1.executedActions).toBe(1);
    expect(f.b1.truth('alpha-01').desired).toBe(4);
    await waitForMirror(r.store, (m) => m.service('b1/alpha-01')?.desired === 4 && m.service('b1/alpha-01')?.running === 4, 'the mirror to show 4 instances');
    // Preview and execute were one command (one idempotency key): one confirmation asked, one execution.
    const entries = storage.audit.entries();
    const commandEntries = entries.filter((e) => e.event.startsWith('command.'));
    expect(commandEntries.map((e) => e.event)).toContain('command.confirmation-required');
    expect(new Set(commandEntries.map((e) => e.correlationId)).size).toBe(1);
    expect(entries.filter((e) => e.event === 'command.executed')).toHaveLength(1);
    expect(entries.every((e) => e.actor.id === 'alice')).toBe(true);
  });

  it('asks for the typed name on a high-risk rollback and refuses a wrong name without touching the backend', async () => {
    const { f, r } = await setup();
    const action = { kind: 'rollback' as const, serviceId: 'b1/alpha-00' };
    const preview = await r.actions.preview(action, { signal });
    expect(preview.confirmation).toBe('typed-name');
    expect(preview.expectedName).toBe('alpha-00');
    const outcome = await r.actions.execute(action, { confirmation: { kind: 'typed-name', typed: 'alpha-01' }, signal });
    expect(outcome.status).toBe('denied');
    expect(outcome.message).toContain('alpha-00');
    expect(f.b1.executedActions).toBe(0);
  });

  it("answers NOT_FOUND for another tenant's service, exactly like a missing one, and the backend is never called", async () => {
    const { f, r } = await setup();
    const errorOf = (serviceId: string): Promise<unknown> => r.actions.preview({ kind: 'scale', serviceId, replicas: 3 }, { signal }).then(() => undefined, (e: unknown) => e);
    const foreign = await errorOf('b1/beta-01');
    const missing = await errorOf('b1/no-such');
    expect(isOpsdeckError(foreign) && foreign.code).toBe('NOT_FOUND');
    expect(isOpsdeckError(missing) && missing.code).toBe('NOT_FOUND');
    expect(f.b1.executedActions).toBe(0);
  });

  it('runs an action that needs no confirmation once, reporting its outcome on execute without sending it again', async () => {
    const { f, r } = await setup();
    const plan: PlanReport = {
      serviceNativeId: 'alpha-01',
      name: 'deploy',
      strategy: 'serial',
      status: 'IN_PROGRESS',
      phases: [{ id: 'p1', name: 'p1', strategy: 'serial', status: 'IN_PROGRESS', steps: [{ id: 's1', name: 's1', status: 'STARTING', message: '' }] }],
      errors: [],
      updatedAt: 0,
    };
    f.b1.putPlan(plan);
    await waitForMirror(r.store, (m) => m.plan('b1/alpha-01#deploy') !== undefined, 'the plan to reach the mirror');
    const action = { kind: 'plan-pause' as const, serviceId: 'b1/alpha-01', plan: 'deploy' };
    const preview = await r.actions.preview(action, { signal });
    expect(preview.confirmation).toBe('none');
    const sentBefore = f.b1.executedActions;
    const outcome = await r.actions.execute(action, { confirmation: { kind: 'none' }, signal });
    expect(outcome.status).not.toBe('denied');
    expect(f.b1.executedActions).toBe(sentBefore);
    expect(sentBefore).toBe(1);
  });

  it('refuses kinds the ws API does not offer with UNSUPPORTED before sending anything', async () => {
    const { r } = await setup();
    const error = await r.actions.preview({ kind: 'stop', serviceId: 'b1/alpha-01' }, { signal }).then(() => undefined, (e: unknown) => e);
    expect(isOpsdeckError(error) && error.code).toBe('UNSUPPORTED');
  });
});
