/**
 * A remote client runs guarded commands over ws through a CommandService:
 * updates stream back correlated by request id, confirmation and approval
 * round-trips work, the engine sees the token's actor and scope, and new
 * commands are refused once intake stops while running ones finish.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../src/daemon/ws/protocol.js';
import { startFixture, TOKENS, type Fixture } from './support/daemon-fixture.js';
import { EngineDouble } from './support/engine-double.js';
import { TestClient } from './support/ws-test-client.js';

let fixture: Fixture | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fixture?.stop();
  fixture = undefined;
});

async function setup(): Promise<{ f: Fixture; engine: EngineDouble; alice: TestClient }> {
  let built: EngineDouble | undefined;
  const f = (fixture = await startFixture({ perTenant: 3, commands: ({ store, backends }) => (built = new EngineDouble(store, backends)) }));
  if (built === undefined) throw new Error('the fixture did not build the engine');
  const engine = built;
  const alice = await TestClient.connect(f.server.url, TOKENS.alice);
  clients.push(alice);
  await alice.next('snapshot');
  return { f, engine, alice };
}

function updatesFor(client: TestClient, id: string): string[] {
  return client.messages.filter((m): m is Extract<ServerMessage, { type: 'command-update' }> => m.type === 'command-update' && m.id === id).map((m) => m.update.status);
}

describe('ws API commands', () => {
  it('streams preview, executing and the verified outcome of a scale, and the client sees the new state', async () => {
    const { f, engine, alice } = await setup();
    alice.send({ v: 1, type: 'command', id: 'c1', command: { kind: 'scale', target: 'alpha-01', args: { replicas: 4 }, reason: 'load' } });
    const done = await alice.waitFor((m) => m.type === 'command-update' && m.id === 'c1' && m.update.status === 'executed');
    expect(updatesFor(alice, 'c1')).toEqual(['preview', 'executing', 'executed']);
    expect(done).toMatchObject({ update: { outcome: { converged: true, message: 'scaled alpha-01 from 2 to 4' } } });
    expect(engine.calls[0]).toMatchObject({ method: 'submit', actorId: 'alice', request: { kind: 'scale', target: 'b1/alpha-01', reason: 'load' } });
    expect(f.b1.truth('alpha-01').desired).toBe(4);
    await alice.waitFor((m) => m.type === 'diff' && m.services.upserted.some((s) => s.id === 'b1/alpha-01' && s.running === 4));
    const metrics = await (await fetch(`${f.server.url}/metrics`)).text();
    expect(metrics).toContain('opsdeck_command_outcomes_total{source="api",outcome="executed"} 1');
  });

  it('asks for confirmation, then runs the command re-sent with the typed name and the same idempotency key', async () => {
    const { f, alice } = await setup();
    alice.send({ v: 1, type: 'command', id: 'r1', command: { kind: 'restart', target: 'alpha-02' } });
    const ask = await alice.waitFor((m) => m.type === 'command-update' && m.id === 'r1' && m.update.status === 'needs-confirmation');
    if (ask.type !== 'command-update') throw new Error('unreachable');
    expect(ask.idempotencyKey).toMatch(/^api-/);
    const before = f.b1.executedActions;
    alice.send({ v: 1, type: 'command', id: 'r2', command: { kind: 'restart', target: 'alpha-02', idempotencyKey: ask.idempotencyKey, confirmation: { typed: 'alpha-02' } } });
    await alice.waitFor((m) => m.type === 'command-update' && m.id === 'r2' && m.update.status === 'executed');
    expect(f.b1.executedActions).toBe(before + 1);
  });

  it('carries approval requests through approve and deny by request id', async () => {
    const { f, engine, alice } = await setup();
    f.b1.putService({ name: 'alpha-00', tenant: 'team-a', replicas: 2, version: 'v2' });
    alice.send({ v: 1, type: 'command', id: 'rb', command: { kind: 'rollback', target: 'alpha-00' } });
    const pending = await alice.waitFor((m) => m.type === 'command-update' && m.id === 'rb' && m.update.status === 'pending-approval');
    if (pending.type !== 'command-update' || pending.update.status !== 'pending-approval') throw new Error('unreachable');
    alice.send({ v: 1, type: 'approve', id: 'ap', requestId: pending.update.requestId });
    await alice.waitFor((m) => m.type === 'command-update' && m.id === 'ap' && m.update.status === 'executed');
    expect(f.b1.truth('alpha-00').version).toBe('v1');

    alice.send({ v: 1, type: 'command', id: 'rb2', command: { kind: 'rollback', target: 'alpha-00' } });
    const second = await alice.waitFor((m) => m.type === 'command-update' && m.id === 'rb2' && m.update.status === 'pending-approval');
    if (second.type !== 'command-update' || second.update.status !== 'pending-approval') throw new Error('unreachable');
    alice.send({ v: 1, type: 'deny', id: 'dn', requestId: second.update.requestId, reason: 'not now' });
    const denied = await alice.waitFor((m) => m.type === 'command-update' && m.id === 'dn');
    expect(denied).toMatchObject({ update: { status: 'denied', error: { code: 'FORBIDDEN', message: 'Denied by alice: not now.' } } });
    expect(engine.calls.map((c) => c.method)).toEqual(['submit', 'approve', 'submit', 'deny']);
  });

  it('refuses new commands after intake stops but lets a running one finish and report', async () => {
    const { f, engine, alice } = await setup();
    let release: () => void = () => undefined;
    engine.hold = new Promise((resolve) => (release = resolve));
    alice.send({ v: 1, type: 'command', id: 'long', command: { kind: 'scale', target: 'alpha-01', args: { replicas: 1 } } });
    await alice.waitFor((m) => m.type === 'command-update' && m.id === 'long' && m.update.status === 'executing');
    expect(f.server.inflight.size).toBe(1);
    f.server.stopIntake();
    alice.send({ v: 1, type: 'command', id: 'late', command: { kind: 'scale', target: 'alpha-02', args: { replicas: 1 } } });
    const refused = await alice.waitFor((m) => m.type === 'command-update' && m.id === 'late');
    expect(refused).toMatchObject({ update: { status: 'denied', error: { code: 'UNAVAILABLE', retryable: true } } });
    const closing = f.server.close();
    release();
    await alice.waitFor((m) => m.type === 'command-update' && m.id === 'long' && m.update.status === 'executed');
    await closing;
    expect(alice.messages.at(-1)).toEqual({ v: 1, type: 'goodbye', reason: 'shutting-down' });
    expect((await alice.whenClosed()).code).toBe(1001);
    expect(engine.calls.filter((c) => c.method === 'submit')).toHaveLength(1);
  });

  it('bounds how many actions one connection may have running at once', async () => {
    const { engine, alice } = await setup();
    let release: () => void = () => undefined;
    engine.hold = new Promise((resolve) => (release = resolve));
    for (let i = 0; i < 8; i++) alice.send({ v: 1, type: 'command', id: `c${i}`, command: { kind: 'scale', target: 'alpha-01', args: { replicas: 2 } } });
    await Promise.all(Array.from({ length: 8 }, (_, i) => alice.waitFor((m) => m.type === 'command-update' && m.id === `c${i}` && m.update.status === 'executing')));
    alice.send({ v: 1, type: 'command', id: 'c8', command: { kind: 'scale', target: 'alpha-01', args: { replicas: 2 } } });
    expect(await alice.waitFor((m) => m.type === 'command-update' && m.id === 'c8')).toMatchObject({ update: { status: 'denied', error: { code: 'RATE_LIMITED' } } });
    release();
    await Promise.all(Array.from({ length: 8 }, (_, i) => alice.waitFor((m) => m.type === 'command-update' && m.id === `c${i}` && m.update.status === 'executed')));
    alice.send({ v: 1, type: 'command', id: 'c9', command: { kind: 'scale', target: 'alpha-01', args: { replicas: 3 } } });
    await alice.waitFor((m) => m.type === 'command-update' && m.id === 'c9' && m.update.status === 'executed');
  });

  it('says commands are unsupported when no engine is wired', async () => {
    const f = (fixture = await startFixture({ perTenant: 1 }));
    const alice = await TestClient.connect(f.server.url, TOKENS.alice);
    clients.push(alice);
    alice.send({ v: 1, type: 'command', id: 'x', command: { kind: 'restart', target: 'alpha-00' } });
    expect(await alice.waitFor((m) => m.type === 'command-update' && m.id === 'x')).toMatchObject({ update: { status: 'denied', error: { code: 'UNSUPPORTED' } } });
  });
});
