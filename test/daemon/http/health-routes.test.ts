/**
 * `/healthz` answers while the process is up; `/readyz` waits for every
 * backend's first sync or STALE mark and names the ones still connecting;
 * stopping intake closes the listener but keeps open clients served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { StateStore } from '../../../src/core/state/index.js';
import { startDaemonServer, type DaemonServer } from '../../../src/daemon/http/daemon-server.js';
import { createDaemonMetrics } from '../../../src/daemon/metrics/daemon-metrics.js';
import { createTokenDirectory } from '../../../src/daemon/token-directory.js';
import { fixtureConfig, TOKENS } from '../ws/support/daemon-fixture.js';
import { TestClient } from '../ws/support/ws-test-client.js';

let server: DaemonServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(store: StateStore, clock: FakeClock): Promise<DaemonServer> {
  const config = fixtureConfig();
  server = await startDaemonServer({ store, clock, logger: silentLogger, config, tokens: createTokenDirectory(config.tokens), metrics: createDaemonMetrics(), env: {} });
  return server;
}

const emptySnapshot = { services: [], tasks: [], plans: [], hosts: [] };

describe('health and readiness', () => {
  it('is healthy at once, and ready only after every backend synced or went stale', async () => {
    const clock = new FakeClock();
    const store = new StateStore({ clock, publish: 'manual' });
    for (const id of ['b1', 'b2', 'b3']) store.registerBackend({ id, kind: 'memory', cluster: id, freshnessBoundMs: 10_000 });
    const s = await start(store, clock);

    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    let ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not-ready', connecting: ['b1', 'b2', 'b3'] });

    store.apply('b1', { type: 'connected', at: 0 });
    store.apply('b1', { type: 'snapshot', at: 0, snapshot: emptySnapshot });
    store.apply('b2', { type: 'disconnected', at: 0, error: { code: 'BACKEND_UNREACHABLE', message: 'connection refused' } });
    ready = await fetch(`${s.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'not-ready', connecting: ['b3'] });

    store.apply('b3', { type: 'snapshot', at: 0, snapshot: emptySnapshot });
    ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('closes the listener when intake stops, while an open ws client keeps being served', async () => {
    const clock = new FakeClock();
    const store = new StateStore({ clock, publish: 'manual' });
    const s = await start(store, clock);
    const client = await TestClient.connect(s.url, TOKENS.alice);
    try {
      s.stopIntake();
      await expect(fetch(`${s.url}/healthz`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
      await client.roundTrip();
    } finally {
      await client.close();
    }
  });

  it('refuses to start on a port already in use, naming it', async () => {
    const clock = new FakeClock();
    const first = await start(new StateStore({ clock, publish: 'manual' }), clock);
    const config = fixtureConfig({ listen: { host: '127.0.0.1', port: first.port } });
    const second = startDaemonServer({ store: new StateStore({ clock }), clock, logger: silentLogger, config, tokens: createTokenDirectory([]), metrics: createDaemonMetrics(), env: {} });
    await expect(second).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: `The daemon cannot listen on 127.0.0.1:${first.port} (EADDRINUSE).` });
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const clock = new FakeClock();
    const s = await start(new StateStore({ clock, publish: 'manual' }), clock);
    expect((await fetch(`${s.url}/nope`)).status).toBe(404);
    const wrong = await fetch(`${s.url}/webhooks/alertmanager`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });
});
