/**
 * Bad input never kills a connection: invalid JSON, schema failures, wrong
 * protocol versions, binary frames and oversized messages get an `error`
 * reply and the client keeps working; only frames past the hard frame limit
 * close it (1009). Upgrades without a valid bearer header are refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureConfig, startFixture, TOKENS, type Fixture } from './support/daemon-fixture.js';
import { TestClient, UpgradeRefused } from './support/ws-test-client.js';

let fixture: Fixture | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fixture?.stop();
  fixture = undefined;
});

async function connected(f: Fixture): Promise<TestClient> {
  const client = await TestClient.connect(f.server.url, TOKENS.alice);
  clients.push(client);
  await client.next('snapshot');
  return client;
}

async function refusal(promise: Promise<unknown>): Promise<UpgradeRefused> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof UpgradeRefused)) throw new Error(`expected a refused upgrade, got ${String(error)}`);
  return error;
}

describe('ws API input handling', () => {
  it('replies with an error to bad JSON, schema failures, wrong versions and binary frames, and keeps the connection', async () => {
    const f = (fixture = await startFixture({ perTenant: 1 }));
    const alice = await connected(f);
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [{ v: 1, type: 'launch-missiles', id: 'q1' }, /does not match the v1 schema/],
      [{ v: 1, type: 'command', id: 'q2', command: { kind: 'scale', target: '' } }, /command\.target/],
      [{ v: 2, type: 'ping', id: 'q3' }, /version 2 is not supported/],
      [{ v: 1, type: 'alert-silence', id: 'q4', durationMs: 3_600_000 }, /exactly one of alertId or matchers/],
    ];
    for (const [message, reason] of cases) {
      alice.send(message);
      const reply = await alice.next('error');
      expect(reply.error.code).toBe('INPUT_INVALID');
      expect(reply.error.message).toMatch(reason);
      await alice.roundTrip();
    }
    expect(alice.messages.filter((m) => m.type === 'error' && m.id === 'q2')).toHaveLength(1);
    alice.send(Buffer.from('{"v":1,"type":"ping"}'), { binary: true });
    expect((await alice.next('error')).error.message).toMatch(/Binary messages/);
    await alice.roundTrip();
    const metrics = await (await fetch(`${f.server.url}/metrics`)).text();
    expect(metrics).toContain('opsdeck_ws_messages_rejected_total{reason="bad-json"} 1');
    expect(metrics).toContain('opsdeck_ws_messages_rejected_total{reason="schema"} 5');
  });

  it('answers an oversized message with an error and survives, and closes with 1009 only past the frame limit', async () => {
    const config = fixtureConfig({ limits: { maxMessageBytes: 4096, maxFrameBytes: 64 * 1024 } });
    const f = (fixture = await startFixture({ perTenant: 1, config }));
    const alice = await connected(f);
    alice.send({ v: 1, type: 'ping', id: 'big', pad: 'y'.repeat(10_000) });
    const reply = await alice.next('error');
    expect(reply.error.message).toMatch(/bytes; the limit is 4096/);
    await alice.roundTrip();
    alice.send('z'.repeat(100 * 1024));
    expect((await alice.whenClosed()).code).toBe(1009);
    const other = await connected(f);
    await other.roundTrip();
  });

  it('refuses upgrades without a valid bearer header, with a token in the URL, or on another path', async () => {
    const f = (fixture = await startFixture({ perTenant: 1 }));
    expect((await refusal(TestClient.connect(f.server.url, undefined))).status).toBe(401);
    expect((await refusal(TestClient.connect(f.server.url, 'tok-wrong-0123456789'))).status).toBe(401);
    const inUrl = await refusal(TestClient.connect(f.server.url, undefined, { path: `/ws?token=${TOKENS.alice}` }));
    expect(inUrl.status).toBe(400);
    expect(inUrl.body).toContain('Authorization: Bearer');
    expect((await refusal(TestClient.connect(f.server.url, TOKENS.alice, { path: '/elsewhere' }))).status).toBe(404);
    const ok = await connected(f);
    await ok.roundTrip();
  });
});
