/**
 * The ws API wired to the REAL command engine (not a double): a remote client
 * runs a guarded command as its token's actor, sees preview then the verified
 * outcome, the backend acts once, and every step lands in the audit log.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accessConfigSchema, createAccessGate } from '../../../src/core/access/index.js';
import { createCommandEngine, createGuards, openCommandStorage, type CommandStorage } from '../../../src/core/commands/index.js';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { openDatabase } from '../../../src/core/storage/sqlite-database.js';
import { remoteCommandService } from '../../../src/daemon/adapters/remote-command-service.js';
import type { ServerMessage } from '../../../src/daemon/ws/protocol.js';
import { startFixture, TOKENS, type Fixture } from '../ws/support/daemon-fixture.js';
import { TestClient } from '../ws/support/ws-test-client.js';

let fixture: Fixture | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fixture?.stop();
  fixture = undefined;
});

async function setup(): Promise<{ f: Fixture; storage: CommandStorage; alice: TestClient }> {
  let storage: CommandStorage | undefined;
  const f = (fixture = await startFixture({
    perTenant: 2,
    commands: ({ store, backends }) => {
      // The engine's own fake clock: verification follows the store's diffs; its deadline never needs to pass here.
      const clock = new FakeClock();
      storage = openCommandStorage(openDatabase(join(mkdtempSync(join(tmpdir(), 'opsdeck-remote-')), 'opsdeck.db')), { clock });
      const access = createAccessGate(
        accessConfigSchema.parse({
          actors: [{ id: 'alice', name: 'Alice' }, { id: 'bob', name: 'Bob' }],
          bindings: [
            { tenant: 'team-a', role: 'operator', subjects: ['alice'] },
            { tenant: 'team-b', role: 'operator', subjects: ['bob'] },
          ],
        }),
      );
      const engine = createCommandEngine({ store, backends: (id) => backends.get(id), access, guards: createGuards({}), audit: storage.audit, storage: storage.storage, clock, logger: silentLogger });
      return remoteCommandService(engine);
    },
  }));
  const alice = await TestClient.connect(f.server.url, TOKENS.alice);
  clients.push(alice);
  await alice.next('snapshot');
  if (storage === undefined) throw new Error('engine not built');
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
});
