/**
 * A client that stops reading (paused socket) is bounded: the daemon never
 * buffers more than the per-client limit of diffs for it, drops the rest,
 * and once the client drains it gets one `resync` snapshot with the latest
 * state, after which diffs flow again. Other clients are unaffected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceReport } from '../../../src/core/model/service.js';
import { tenantScope } from '../../../src/daemon/ports.js';
import { buildTenantSnapshot } from '../../../src/daemon/ws/tenant-snapshot.js';
import { ClientMirror, snapshotIds } from './support/client-mirror.js';
import { fixtureConfig, startFixture, TOKENS, type Fixture } from './support/daemon-fixture.js';
import { TestClient } from './support/ws-test-client.js';

const LIMIT = 64 * 1024;
let fixture: Fixture | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fixture?.stop();
  fixture = undefined;
});

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`metric ${name} missing`);
  return Number(line.split(' ')[1]);
}

describe('ws API slow clients', () => {
  it('caps what a paused client holds, drops diffs, and resyncs it with the latest state once it reads again', async () => {
    const config = fixtureConfig({ limits: { clientBufferBytes: LIMIT, clientHardLimitBytes: 256 * 1024 * 1024 } });
    const f = (fixture = await startFixture({ perTenant: 3, config }));
    const slow = await TestClient.connect(f.server.url, TOKENS.alice);
    const brisk = await TestClient.connect(f.server.url, TOKENS.alice);
    clients.push(slow, brisk);
    await slow.next('snapshot');
    await brisk.next('snapshot');
    slow.socket.pause();

    const base = f.store.service('b1/alpha-00');
    if (base === undefined) throw new Error('fixture service missing');
    const padding = 'x'.repeat(2 * 1024);
    const updates = 6000;
    let maxBuffered = 0;
    for (let seq = 1; seq <= updates; seq++) {
      const report: ServiceReport = { ...base, labels: { seq: String(seq), padding }, updatedAt: seq };
      f.store.apply('b1', { type: 'service-upserted', at: seq, service: report });
      f.store.flush();
      if (seq % 20 === 0) {
        // The brisk client reads everything (its buffer empties), so the gauge then shows the slow client's buffer.
        await brisk.roundTrip();
        const scraped = await (await fetch(`${f.server.url}/metrics`)).text();
        maxBuffered = Math.max(maxBuffered, metric(scraped, 'opsdeck_ws_send_buffer_bytes'));
      }
    }
    const scraped = await (await fetch(`${f.server.url}/metrics`)).text();
    expect(metric(scraped, 'opsdeck_ws_diffs_dropped_total')).toBeGreaterThan(0);
    // ~14 MB of diffs were produced; the slow client's buffer never passed the limit plus one message.
    expect(maxBuffered).toBeGreaterThan(LIMIT / 2);
    expect(maxBuffered).toBeLessThanOrEqual(LIMIT + 4 * 1024);

    await brisk.waitFor((m) => m.type === 'diff' && m.services.upserted.some((s) => s.labels.seq === String(updates)), 10_000, 'the brisk client to see the last update');
    expect(brisk.messages.some((m) => m.type === 'resync')).toBe(false);

    slow.socket.resume();
    const resync = await slow.waitFor((m) => m.type === 'resync', 10_000, 'the resync');
    if (resync.type !== 'resync') throw new Error('unreachable');
    expect(resync.reason).toBe('slow-consumer');
    expect(resync.dropped).toBeGreaterThan(0);
    expect(resync.snapshot.services.find((s) => s.id === 'b1/alpha-00')?.labels.seq).toBe(String(updates));
    const diffsReceived = slow.messages.filter((m) => m.type === 'diff').length;
    expect(diffsReceived + resync.dropped).toBeLessThanOrEqual(updates);
    expect(diffsReceived).toBeLessThan(updates);

    f.b1.putService({ name: 'alpha-01', tenant: 'team-a', replicas: 5, version: 'v9' });
    await slow.waitFor((m) => m.type === 'diff' && m.services.upserted.some((s) => s.id === 'b1/alpha-01' && s.version === 'v9'), 5000, 'a diff after the resync');
    await f.until(() => f.store.service('b1/alpha-01')?.running === 5);
    f.store.flush();
    await slow.roundTrip();
    const fresh = new ClientMirror();
    for (const m of slow.messages) fresh.apply(m);
    expect(fresh.ids()).toEqual(snapshotIds(buildTenantSnapshot(f.store, tenantScope(['team-a']))));
  });

  it('answers a client request for a resync with a fresh snapshot', async () => {
    const f = (fixture = await startFixture({ perTenant: 2 }));
    const alice = await TestClient.connect(f.server.url, TOKENS.alice);
    clients.push(alice);
    await alice.next('snapshot');
    alice.send({ v: 1, type: 'resync' });
    const resync = await alice.next('resync');
    expect(resync.reason).toBe('requested');
    expect(resync.snapshot.services.map((s) => s.id).sort()).toEqual(['b1/alpha-00', 'b1/alpha-01', 'b1/web']);
  });
});
