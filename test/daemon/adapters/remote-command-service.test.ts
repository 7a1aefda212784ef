/**
 * The ws API wired to the REAL command engine through remoteCommandService (not a double): a remote client
 * runs a guarded command as its token's actor, sees preview then the verified
 * outcome, the backend acts once, and every step lands in the audit log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandStorage } from '../../../src/core/commands/index.js';
import type { ServerMessage } from '../../../src/daemon/ws/protocol.js';
import { startFixture, TOKENS, type Fixture } from '../ws/support/daemon-fixture.js';
import { realEngineCommands } from '../ws/support/real-engine-commands.js';
import { TestClient } from '../ws/support/ws-test-client.js';

let fixture: Fixture | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fixture?.stop();
  fixture = undefined;
});

async function setup(): Promise<{ f: Fixture; storage: CommandStorage; alice: TestClient }> {
  const engine = realEngineCommands();
  const f = (fixture = await startFixture({ perTenant: 2, commands: engine.build }));
  const alice = await TestClient.connect(f.server.url, TOKENS.alice);
  clients.push(alice);
  await alice.next('snapshot');
  const storage = engine.storage();
  return { f, storage, alice };
}

const statuses = (client: TestClient, id: string): string[] =>
  client.messages.filter((m): m is Extract<ServerMessage, { type: 'command-update' }> => m.type === 'command-update' && m.id === id).map((m) => m.update.status);

describe('ws API on the real command engine', () => {
  it('scales a team-a service as alice: preview, confirmation, then one execution with a verified outcome, all audited', async () => {
    const { f, storage, alice } = await setup();
    alice.send({ v: 1, type: 'command', id: 'c1', command: { kind: 'scale', target: 'alpha-01', args: { replicas: 4 }, reason: 'load' } });
    const ask = await alice.waitFor((m) => m.type === 'command-update' && m.id === 'c1' && m.update.status === 'needs-confirmation');
    if (ask.type !== 'command-update') throw new Error('unreachable');
    alice.send({ v: 1, type: 'command', id: 'c2', command: { kind: 'scale', target: 'alpha-01', args: { replicas: 4 }, reason: 'load', idempotencyKey: ask.idempotencyKey, confirmation: { confirmed: true } } });
    const done = await alice.waitFor((m) => m.type === 'command-update' && m.id === 'c2' && m.update.status === 'executed');
    expect(statuses(alice, 'c1')[0]).toBe('preview');
    expect(done).toMatchObject({ update: { outcome: { status: 'succeeded' } } });
    expect(f.b1.truth('alpha-01').desired).toBe(4);
    expect(f.b1.executedActions).toBe(1);
    const events = storage.audit.entries().map((e) => e.event);
    expect(events).toContain('command.executed');
    expect(storage.audit.entries().every((e) => e.actor.id === 'alice')).toBe(true);
    expect(storage.audit.verify().ok).toBe(true);
  });

  it("refuses a team-b service to alice with the same NOT_FOUND as a missing one; the backend is never called", async () => {
    const { f, alice } = await setup();
    alice.send({ v: 1, type: 'command', id: 'x1', command: { kind: 'restart', target: 'beta-01' } });
    alice.send({ v: 1, type: 'command', id: 'x2', command: { kind: 'restart', target: 'no-such-service' } });
    const [a, b] = await Promise.all([
      alice.waitFor((m) => m.type === 'command-update' && m.id === 'x1' && m.update.status === 'denied'),
      alice.waitFor((m) => m.type === 'command-update' && m.id === 'x2' && m.update.status === 'denied'),
    ]);
    if (a.type !== 'command-update' || b.type !== 'command-update' || a.update.status !== 'denied' || b.update.status !== 'denied') throw new Error('unreachable');
    expect(a.update.error.code).toBe('NOT_FOUND');
    expect(b.update.error.code).toBe('NOT_FOUND');
    expect(a.update.error.message.replace('beta-01', 'X')).toBe(b.update.error.message.replace('no-such-service', 'X'));
    expect(f.b1.executedActions).toBe(0);
  });

  it('previews a remote upgrade with its diff and plan before anything runs', async () => {
    const { f, alice } = await setup();
    alice.send({ v: 1, type: 'command', id: 'u1', command: { kind: 'upgrade', target: 'alpha-01', args: { version: 'v2' } } });
    const preview = await alice.waitFor((m) => m.type === 'command-update' && m.id === 'u1' && m.update.status === 'preview');
    expect(preview).toMatchObject({ update: { preview: { specChange: { current: { version: 'v1' }, proposed: { version: 'v2' } } } } });
    expect(f.b1.truth('alpha-01').version).toBe('v1');
  });
});
