/**
 * The dashboard's remote AlertsSource against a real daemon: lists only the
 * token's tenants' open alerts, refreshes on pushed alerts, acks and
 * silences as the token's actor, and is absent when the daemon runs no
 * alerting (so the view says "not configured").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isOpsdeckError } from '../../src/core/errors.js';
import { FakeClock } from '../../src/core/fake-clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { openRemoteDashboard, type RemoteDashboard } from '../../src/remote/open-remote-dashboard.js';
import { AlertBookDouble } from '../daemon/http/support/alert-book-double.js';
import { startFixture, TOKENS, type Fixture } from '../daemon/ws/support/daemon-fixture.js';

let fixture: Fixture | undefined;
let remote: RemoteDashboard | undefined;
afterEach(async () => {
  await remote?.close();
  remote = undefined;
  await fixture?.stop();
  fixture = undefined;
});

const signal = new AbortController().signal;

function fire(book: AlertBookDouble, alerts: { name: string; tenant: string; severity: string; service?: string; status?: 'resolved' }[]): Promise<unknown> {
  return book.ingestAlertmanager({
    version: '4',
    alerts: alerts.map((a) => ({
      status: a.status ?? 'firing',
      fingerprint: a.name,
      labels: { alertname: a.name, tenant: a.tenant, severity: a.severity, ...(a.service === undefined ? {} : { service: a.service }) },
      annotations: { summary: `${a.name} is firing` },
    })),
  });
}

async function setup(): Promise<{ book: AlertBookDouble; r: RemoteDashboard }> {
  const book = new AlertBookDouble();
  const f = (fixture = await startFixture({ perTenant: 1, alerts: book }));
  await fire(book, [
    { name: 'HighLatency', tenant: 'team-a', severity: 'critical', service: 'b1/alpha-00' },
    { name: 'DiskFull', tenant: 'team-b', severity: 'warning' },
    { name: 'Flapping', tenant: 'team-a', severity: 'page' },
    { name: 'Gone', tenant: 'team-a', severity: 'info' },
  ]);
  await fire(book, [{ name: 'Gone', tenant: 'team-a', severity: 'info', status: 'resolved' }]);
  const r = (remote = await openRemoteDashboard({ url: f.server.url, token: TOKENS.alice, clock: new FakeClock(), logger: silentLogger }));
  return { book, r };
}

describe('remote AlertsSource', () => {
  it("lists the token's open alerts only, as dashboard summaries", async () => {
    const { r } = await setup();
    const open = await r.alerts?.listOpen({ signal });
    expect(open?.map((a) => a.title).sort()).toEqual(['Flapping is firing', 'HighLatency is firing']);
    expect(open?.find((a) => a.title.startsWith('HighLatency'))).toMatchObject({ severity: 'critical', serviceId: 'b1/alpha-00' });
    expect(open?.find((a) => a.title.startsWith('Flapping'))?.severity).toBe('info');
  });

  it("calls subscribers when the daemon pushes an alert of the token's tenants, and not for other tenants", async () => {
    const { book, r } = await setup();
    let calls = 0;
    const off = r.alerts?.subscribe?.(() => calls++);
    await fire(book, [{ name: 'OtherTeam', tenant: 'team-b', severity: 'critical' }]);
    await fire(book, [{ name: 'NewOne', tenant: 'team-a', severity: 'warning' }]);
    await r.connection.request({ type: 'ping' }, { accept: (m) => m.type === 'pong' });
    off?.();
    expect(calls).toBe(1);
  });

  it("acknowledges and silences as the token's actor; another tenant's alert is NOT_FOUND", async () => {
    const { book, r } = await setup();
    const mine = [...book.alerts.values()].find((a) => a.summary.startsWith('HighLatency'));
    const theirs = [...book.alerts.values()].find((a) => a.summary.startsWith('DiskFull'));
    if (mine === undefined || theirs === undefined) throw new Error('fixture alerts missing');
    expect(await r.alerts?.acknowledge?.(mine.id, { signal })).toEqual({ message: `acknowledged ${mine.id}` });
    expect(mine).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'alice' });
    const denied = await r.alerts?.acknowledge?.(theirs.id, { signal }).then(() => undefined, (e: unknown) => e);
    expect(isOpsdeckError(denied) && denied.code).toBe('NOT_FOUND');
    const silenced = await r.alerts?.silence?.(mine.id, { durationMs: 3_600_000, reason: 'maintenance', signal });
    expect(silenced?.message).toBe(`silenced ${mine.id} until ${new Date(3_600_000).toISOString()}`);
    const tooShort = await r.alerts?.silence?.(mine.id, { durationMs: 5000, signal }).then(() => undefined, (e: unknown) => e);
    expect(isOpsdeckError(tooShort) && tooShort.code).toBe('INPUT_INVALID');
  });

  it('is absent when the daemon runs no alerting, so the dashboard shows "not configured"', async () => {
    const f = (fixture = await startFixture({ perTenant: 1 }));
    remote = await openRemoteDashboard({ url: f.server.url, token: TOKENS.alice, clock: new FakeClock(), logger: silentLogger });
    expect(remote.alerts).toBeUndefined();
  });
});
