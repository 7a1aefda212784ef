/**
 * The remote link's failure modes on real sockets: a wrong token and an
 * unreachable daemon fail fast with clear errors that never contain the
 * token; malformed or newer-version frames are ignored; a silent daemon is
 * detected by pings on the injected clock; requests in flight fail clearly
 * when the link drops.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import { isOpsdeckError, type OpsdeckError } from '../../src/core/errors.js';
import { jsonLogger, silentLogger } from '../../src/core/logger.js';
import { DaemonConnection } from '../../src/remote/daemon-connection.js';
import { daemonEndpoint } from '../../src/remote/daemon-url.js';
import { openRemoteDashboard } from '../../src/remote/open-remote-dashboard.js';
import { startFixture, TOKENS, type Fixture } from '../daemon/ws/support/daemon-fixture.js';
import { EMPTY_SNAPSHOT, HELLO, startScriptedDaemon, type ScriptedDaemon } from './support/scripted-daemon.js';
import { nextStatus } from './support/remote-harness.js';

let fixture: Fixture | undefined;
let scripted: ScriptedDaemon | undefined;
const connections: DaemonConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await scripted?.close();
  scripted = undefined;
  await fixture?.stop();
  fixture = undefined;
});

async function failureOf(promise: Promise<unknown>): Promise<OpsdeckError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOpsdeckError(error)) throw new Error(`expected an OpsdeckError, got ${String(error)}`);
  return error;
}

function connection(url: string, clock = new FakeClock(), logger = silentLogger): DaemonConnection {
  const c = new DaemonConnection({ url, token: 'tok-scripted-0123456789', clock, logger, pingIntervalMs: 1000, deadAfterMs: 2500 });
  connections.push(c);
  return c;
}

describe('daemon connection', () => {
  it('fails fast with UNAUTHENTICATED and a hint when the token is wrong, and never shows or logs the token', async () => {
    fixture = await startFixture({ perTenant: 1 });
    const lines: string[] = [];
    const wrong = 'tok-not-a-real-token-987654321';
    const error = await failureOf(openRemoteDashboard({ url: fixture.server.url, token: wrong, clock: new FakeClock(), logger: jsonLogger({ write: (l) => lines.push(l), level: 'debug' }) }));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toContain(`127.0.0.1:${fixture.server.port}`);
    expect(error.hint).toContain('--token');
    expect(JSON.stringify({ ...error.toJSON(), lines })).not.toContain(wrong);
    expect(error.retryable).toBe(false);
  });

  it('fails fast with BACKEND_UNREACHABLE naming the address when nothing listens there', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await failureOf(openRemoteDashboard({ url: `127.0.0.1:${port}`, token: TOKENS.alice, clock: new FakeClock(), logger: silentLogger }));
    expect(error.code).toBe('BACKEND_UNREACHABLE');
    expect(error.message).toBe(`Cannot reach the opsdeck daemon at ws://127.0.0.1:${port}/ws (ECONNREFUSED).`);
    expect(error.hint).toContain('opsdeck serve');
    expect(JSON.stringify(error.toJSON())).not.toContain(TOKENS.alice);
  });

  it('normalises --connect addresses to the ws endpoint and refuses ones carrying credentials or a query', () => {
    expect(daemonEndpoint('http://10.0.0.5:7433').wsUrl).toBe('ws://10.0.0.5:7433/ws');
    expect(daemonEndpoint('https://ops.example:443/').wsUrl).toBe('wss://ops.example/ws');
    expect(daemonEndpoint('127.0.0.1:7433').wsUrl).toBe('ws://127.0.0.1:7433/ws');
    expect(daemonEndpoint('ws://127.0.0.1:7433/ws').wsUrl).toBe('ws://127.0.0.1:7433/ws');
    expect(() => daemonEndpoint('http://u:secret@host:7433')).toThrow(/must not carry credentials/);
    expect(() => daemonEndpoint('http://host:7433/?token=abc')).toThrow(/must not carry credentials/);
    expect(() => daemonEndpoint('ftp://host')).toThrow(/not http\(s\) or ws\(s\)/);
  });

  it('ignores malformed and newer-version frames (logging why) and still goes live on the valid snapshot', async () => {
    scripted = await startScriptedDaemon((socket) => {
      socket.send(JSON.stringify(HELLO));
      socket.send('{not json');
      socket.send(JSON.stringify({ v: 2, type: 'diff' }));
      socket.send(JSON.stringify({ v: 1, type: 'diff', version: 3 }));
      socket.send(JSON.stringify(EMPTY_SNAPSHOT));
    });
    const warnings: string[] = [];
    const c = connection(scripted.url, new FakeClock(), jsonLogger({ write: (l) => warnings.push(l) }));
    const seen: string[] = [];
    c.onMessage((m) => seen.push(m.type));
    const hello = await c.open();
    expect(hello.actor.id).toBe('alice');
    expect(seen).toEqual(['hello', 'snapshot']);
    const reasons = warnings.map((l) => (JSON.parse(l) as { reason?: string }).reason);
    expect(reasons).toEqual([
      'The daemon sent a frame that is not valid JSON.',
      'The daemon speaks protocol v2; this client speaks v1.',
      expect.stringContaining('does not match the v1 schema: services'),
    ]);
  });

  it('treats a daemon that stops answering pings as gone (on the injected clock) and reconnects after the backoff', async () => {
    scripted = await startScriptedDaemon((socket) => {
      socket.send(JSON.stringify(HELLO));
      socket.send(JSON.stringify(EMPTY_SNAPSHOT));
    });
    const clock = new FakeClock();
    const c = connection(scripted.url, clock);
    await c.open();
    const down = nextStatus(c, 'down');
    await clock.advance(1000);
    await clock.advance(1000);
    await clock.advance(1000);
    const status = await down;
    expect(status).toMatchObject({ state: 'down', retryInMs: 500, error: { code: 'BACKEND_UNREACHABLE' } });
    if (status.state === 'down') expect(status.error.message).toMatch(/stopped answering \(3s without a reply\)/);
    expect(scripted.received.filter((m) => m.type === 'ping')).toHaveLength(2);
    const live = nextStatus(c, 'live');
    await clock.advance(500);
    await live;
    expect(scripted.sockets).toHaveLength(2);
  });

  it('rejects a request in flight with a retry hint when the link drops before the answer', async () => {
    scripted = await startScriptedDaemon((socket) => {
      socket.send(JSON.stringify(HELLO));
      socket.send(JSON.stringify(EMPTY_SNAPSHOT));
      socket.on('message', () => socket.terminate());
    });
    const c = connection(scripted.url);
    await c.open();
    const error = await failureOf(c.request({ type: 'alerts-list' }, { accept: (m) => m.type === 'alerts' }));
    expect(error.code).toBe('BACKEND_UNREACHABLE');
    expect(error.hint).toContain('idempotency key');
  });

  it('refuses to send while the link is down with UNAVAILABLE instead of queueing silently', async () => {
    scripted = await startScriptedDaemon((socket) => {
      socket.send(JSON.stringify(HELLO));
      socket.send(JSON.stringify(EMPTY_SNAPSHOT));
    });
    const c = connection(scripted.url);
    await c.open();
    const down = nextStatus(c, 'down');
    for (const s of scripted.sockets) s.terminate();
    await down;
    expect(() => c.send({ type: 'ping' })).toThrow(/Not connected to the opsdeck daemon/);
  });
});

describe('daemon connection shutdown', () => {
  it('settles open() with ABORTED when closed before the daemon answered, instead of hanging', async () => {
    let accepted = (): void => undefined;
    const connected = new Promise<void>((resolve) => (accepted = resolve));
    scripted = await startScriptedDaemon(() => accepted());
    const c = connection(scripted.url);
    const opening = c.open();
    await connected;
    await c.close();
    const error = await failureOf(opening);
    expect(error.code).toBe('ABORTED');
    expect(c.status).toEqual({ state: 'closed' });
  });
});
