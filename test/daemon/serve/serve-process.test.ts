/**
 * `opsdeck serve` as a real process on the embedded simulated cluster: ready
 * after the first sync, a remote client gets its snapshot and runs a guarded
 * command through the real engine, Alertmanager alerts arrive through the
 * webhook (bad token 401), and SIGTERM shuts it down cleanly with exit 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerPayload } from '../http/support/alert-book-double.js';
import { TestClient } from '../ws/support/ws-test-client.js';

const BIN = fileURLToPath(new URL('../../../bin/opsdeck.js', import.meta.url));
const TOKEN = 'serve-test-token-0123456789abcdef';
const AM_TOKEN = 'alertmanager-token-0123456789';
let child: ChildProcess;
let url = '';
let stderr = '';
let exited: Promise<number | null>;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsdeck-serve-'));
  const config = join(dir, 'opsdeck.yaml');
  const hash = createHash('sha256').update(TOKEN).digest('hex');
  writeFileSync(
    config,
    [
      'backends:',
      '  - { kind: sim, id: dcos, chaos: "off", heartbeatIntervalMs: 500 }',
      'storage:',
      `  path: ${JSON.stringify(join(dir, 'opsdeck.db'))}`,
      'daemon:',
      '  listen: { host: 127.0.0.1, port: 0 }',
      `  tokens: [{ id: ops, sha256: "${hash}", actor: { id: ops, name: Ops }, tenants: ["prod"] }]`,
      '  webhooks: { alertmanager: { tokenEnv: AM_TOKEN } }',
      'access:',
      '  actors: [{ id: ops, name: Ops }]',
      '  bindings: [{ tenant: prod, role: operator, subjects: [ops] }]',
    ].join('\n'),
  );
  child = spawn(process.execPath, [BIN, 'serve', '-c', config], { env: { ...process.env, AM_TOKEN, OPSDECK_LOG: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited early with ${code}: ${stderr}`)));
  });
}, 60_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('opsdeck serve (real process, simulated cluster)', () => {
  it('answers /healthz at once and /readyz once the backend has synced', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await until(async () => (await fetch(`${url}/readyz`)).status === 200, 'readyz');
  });

  it("gives a prod token a snapshot of prod's services only, and runs a guarded scale through the real engine", async () => {
    const client = await TestClient.connect(url, TOKEN);
    try {
      const snapshot = await client.next('snapshot');
      if (snapshot.type !== 'snapshot') throw new Error('unreachable');
      const names = snapshot.services.map((s) => `${s.tenant}/${s.name}`);
      expect(names).toEqual(expect.arrayContaining(['prod/web', 'prod/api']));
      expect(names.every((n) => n.startsWith('prod/'))).toBe(true);
      client.send({ v: 1, type: 'command', id: 'c1', command: { kind: 'scale', target: 'web', args: { replicas: 4 }, reason: 'serve test' } });
      const ask = await client.waitFor((m) => m.type === 'command-update' && m.id === 'c1' && m.update.status !== 'preview', 20_000);
      if (ask.type !== 'command-update') throw new Error('unreachable');
      expect(ask.update.status).toBe('needs-confirmation');
      client.send({ v: 1, type: 'command', id: 'c2', command: { kind: 'scale', target: 'web', args: { replicas: 4 }, reason: 'serve test', idempotencyKey: ask.idempotencyKey, confirmation: { confirmed: true } } });
      const done = await client.waitFor((m) => m.type === 'command-update' && m.id === 'c2' && m.update.status === 'executed', 60_000);
      expect(done).toMatchObject({ update: { outcome: { status: 'succeeded' } } });
    } finally {
      await client.close();
    }
  }, 90_000);

  it('takes Alertmanager alerts with the right bearer token and refuses a wrong one', async () => {
    const post = (token: string): Promise<Response> =>
      fetch(`${url}/webhooks/alertmanager`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(alertmanagerPayload('firing', [{ fingerprint: 'f1', alertname: 'HighErrorRate', tenant: 'prod', summary: 'errors above 5%' }])),
      });
    expect((await post('wrong-token-0123456789')).status).toBe(401);
    const ok = await post(AM_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ created: 1 });
    expect(stderr).not.toContain(AM_TOKEN);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toContain(TOKEN);
  }, 30_000);
});
