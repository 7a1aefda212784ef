/**
 * `POST /webhooks/alertmanager` on a real socket: sample payloads create,
 * update and resolve alerts through the AlertService; a bad or missing
 * token gets 401, a malformed body 400 with the reason, an oversized one 413,
 * and the token never reaches the logs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jsonLogger } from '../../../src/core/logger.js';
import { fixtureConfig, startFixture, TOKENS, type Fixture } from '../ws/support/daemon-fixture.js';
import { TestClient } from '../ws/support/ws-test-client.js';
import { AlertBookDouble, alertmanagerPayload } from './support/alert-book-double.js';

const HOOK_TOKEN = 'am-hook-secret-0123456789abcdef';
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

async function setup(options: { maxWebhookBytes?: number } = {}): Promise<{ f: Fixture; alerts: AlertBookDouble; logs: string[] }> {
  const alerts = new AlertBookDouble();
  const logs: string[] = [];
  const config = fixtureConfig({ webhooks: { alertmanager: { tokenEnv: 'AM_WEBHOOK_TOKEN' } }, limits: { maxWebhookBytes: options.maxWebhookBytes ?? 1024 * 1024 } });
  const f = (fixture = await startFixture({ perTenant: 1, alerts, config, env: { AM_WEBHOOK_TOKEN: HOOK_TOKEN }, logger: jsonLogger({ write: (l) => logs.push(l), level: 'debug' }) }));
  return { f, alerts, logs };
}

/** Posts to the webhook; `token: null` sends no Authorization header. */
function post(f: Fixture, body: unknown, token: string | null = HOOK_TOKEN): Promise<Response> {
  return fetch(`${f.server.url}/webhooks/alertmanager`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token === null ? {} : { Authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('Alertmanager webhook', () => {
  it('creates, updates and resolves alerts from sample payloads', async () => {
    const { f, alerts } = await setup();
    const two = [
      { fingerprint: 'aa01', alertname: 'HighErrorRate', tenant: 'team-a', service: 'alpha-00' },
      { fingerprint: 'bb02', alertname: 'HighLatency', tenant: 'team-b' },
    ];
    let response = await post(f, alertmanagerPayload('firing', two));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', created: 2, updated: 0, resolved: 0 });
    response = await post(f, alertmanagerPayload('firing', [{ ...two[0]!, summary: 'still bad' }]));
    expect(await response.json()).toEqual({ status: 'ok', created: 0, updated: 1, resolved: 0 });
    response = await post(f, alertmanagerPayload('resolved', two));
    expect(await response.json()).toEqual({ status: 'ok', created: 0, updated: 0, resolved: 2 });
    expect([...alerts.alerts.values()].map((a) => a.state)).toEqual(['resolved', 'resolved']);
    const metrics = await (await fetch(`${f.server.url}/metrics`)).text();
    expect(metrics).toContain('opsdeck_alerts{state="resolved"} 2');
    expect(metrics).toContain('opsdeck_webhook_requests_total{source="alertmanager",result="accepted"} 3');
  });

  it('refuses a wrong or missing bearer token with 401 and never logs the token', async () => {
    const { f, alerts, logs } = await setup();
    const wrong = await post(f, alertmanagerPayload('firing', [{ fingerprint: 'x', alertname: 'X', tenant: 'team-a' }]), 'not-the-token-0123456789');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
    expect((await post(f, alertmanagerPayload('firing', []), null)).status).toBe(401);
    expect((await post(f, alertmanagerPayload('firing', []), `${HOOK_TOKEN}x`)).status).toBe(401);
    expect(alerts.payloads).toHaveLength(0);
    const joined = logs.join('\n');
    expect(joined).toContain('alertmanager webhook refused');
    expect(joined).not.toContain('not-the-token-0123456789');
    expect(joined).not.toContain(HOOK_TOKEN);
  });

  it('answers malformed bodies with 400 and the reason', async () => {
    const { f } = await setup();
    const notJson = await post(f, '{"alerts": [');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'The body is not valid JSON.' });
    const noAlerts = await post(f, { version: '4', status: 'firing' });
    expect(noAlerts.status).toBe(400);
    expect(await noAlerts.json()).toEqual({ error: 'The Alertmanager webhook has no "alerts" list.', hint: 'Expected {"version":"4","alerts":[…]}.' });
    const v3 = await post(f, { version: '3', alerts: [] });
    expect(v3.status).toBe(400);
    expect(((await v3.json()) as { error: string }).error).toContain('version 3 is not supported');
  });

  it('answers 413 to a body over the size limit without reading it all', async () => {
    const { f, alerts } = await setup({ maxWebhookBytes: 2048 });
    const big = alertmanagerPayload('firing', Array.from({ length: 50 }, (_, i) => ({ fingerprint: `f${i}`, alertname: 'Big', tenant: 'team-a' })));
    const response = await post(f, big);
    expect(response.status).toBe(413);
    expect(alerts.payloads).toHaveLength(0);
  });

  it('pushes live alerts to ws clients of the alert tenant only', async () => {
    const { f } = await setup();
    const alice = await TestClient.connect(f.server.url, TOKENS.alice);
    const bob = await TestClient.connect(f.server.url, TOKENS.bob);
    try {
      await post(f, alertmanagerPayload('firing', [{ fingerprint: 'b9', alertname: 'ErrB', tenant: 'team-b' }]));
      await post(f, alertmanagerPayload('firing', [{ fingerprint: 'a9', alertname: 'ErrA', tenant: 'team-a' }]));
      expect(await alice.next('alert')).toMatchObject({ alert: { summary: 'ErrA firing', tenant: 'team-a', state: 'firing' } });
      expect(await bob.next('alert')).toMatchObject({ alert: { summary: 'ErrB firing', tenant: 'team-b' } });
      await alice.roundTrip();
      expect(alice.messages.filter((m) => m.type === 'alert')).toHaveLength(1);
      expect(alice.raw.join('\n')).not.toContain('ErrB');
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  it('lets ws clients list and acknowledge only their own tenant alerts', async () => {
    const { f } = await setup();
    await post(f, alertmanagerPayload('firing', [
      { fingerprint: 'a1', alertname: 'ErrA', tenant: 'team-a' },
      { fingerprint: 'b1', alertname: 'ErrB', tenant: 'team-b' },
    ]));
    const alice = await TestClient.connect(f.server.url, TOKENS.alice);
    try {
      alice.send({ v: 1, type: 'alerts-list', id: 'l1' });
      const list = await alice.next('alerts');
      expect(list.alerts.map((a) => a.summary)).toEqual(['ErrA firing']);
      alice.send({ v: 1, type: 'alert-ack', id: 'k1', alertId: list.alerts[0]!.id });
      expect(await alice.next('result')).toMatchObject({ id: 'k1', result: { state: 'acknowledged', acknowledgedBy: 'alice' } });
      // A2 is team-b's alert: the same NOT_FOUND as an alert that does not exist.
      alice.send({ v: 1, type: 'alert-ack', id: 'k2', alertId: 'A2' });
      expect(await alice.next('error')).toMatchObject({ id: 'k2', error: { code: 'NOT_FOUND', message: 'Alert "A2" was not found.' } });
    } finally {
      await alice.close();
    }
  });

  it('refuses to start when the webhook token variable is not set', async () => {
    const config = fixtureConfig({ webhooks: { alertmanager: { tokenEnv: 'AM_WEBHOOK_TOKEN' } } });
    await expect(startFixture({ perTenant: 1, config, env: {} })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('AM_WEBHOOK_TOKEN') });
  });
});
