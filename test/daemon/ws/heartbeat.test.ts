/**
 * Dead peers do not hold resources: the daemon pings every client on the
 * injected clock and disconnects one that has not answered the previous
 * ping, while a live client stays connected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fixtureConfig, startFixture, TOKENS, type Fixture } from './support/daemon-fixture.js';
import { TestClient } from './support/ws-test-client.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

describe('ws heartbeat', () => {
  it('disconnects a client that stops answering pings and keeps one that answers', async () => {
    const f = (fixture = await startFixture({ perTenant: 1, config: fixtureConfig({ limits: { heartbeatMs: 10_000 } }) }));
    const live = await TestClient.connect(f.server.url, TOKENS.alice);
    const silent = new WebSocket(`${f.server.url.replace('http', 'ws')}/ws`, { headers: { Authorization: `Bearer ${TOKENS.bob}` }, autoPong: false });
    const silentClosed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    await new Promise((resolve) => silent.once('open', resolve));

    await f.clock.advance(10_000);
    // Two round trips: the live client's automatic pong was sent before the second ping message, so the daemon has it.
    await live.roundTrip();
    await live.roundTrip();
    await f.clock.advance(10_000);
    expect(await silentClosed).toBe(1006);
    await live.roundTrip();
    expect(live.closeInfo).toBeUndefined();
    await live.close();
  });
});
