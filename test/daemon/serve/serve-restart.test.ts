/**
 * SIGTERM in the middle of an escalation, then a restart of `opsdeck serve`:
 * the first page is not sent again, and the escalation's next step still
 * fires after the restart (nothing lost, nothing repeated). Pages are read
 * from the daemon's JSON log lines ("page delivered" with their keys).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { alertmanagerPayload } from '../http/support/alert-book-double.js';

const BIN = fileURLToPath(new URL('../../../bin/opsdeck.js', import.meta.url));
const AM_TOKEN = 'alertmanager-token-restart-0123';

interface Daemon {
  url: string;
  pages: () => { key: string; type: string }[];
  stop: () => Promise<number | null>;
}

function startDaemon(config: string): Promise<Daemon> {
  const child = spawn(process.execPath, [BIN, 'serve', '-c', config], { env: { ...process.env, AM_TOKEN, OPSDECK_LOG: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const pages = (): { key: string; type: string }[] =>
    stderr
      .split('\n')
      .filter((l) => l.includes('"page delivered"'))
      .map((l) => JSON.parse(l) as { key: string; type: string });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url !== undefined) resolve({ url, pages, stop: () => (child.kill('SIGTERM'), exited) });
    });
    void exited.then((code) => reject(new Error(`serve exited early (${code}): ${stderr.slice(-2000)}`)));
  });
}

async function until<T>(check: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('opsdeck serve across SIGTERM and restart during an escalation', () => {
  it('does not repeat the first page and still sends the re-page due after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdeck-serve-restart-'));
    const config = join(dir, 'opsdeck.yaml');
    writeFileSync(
      config,
      [
        'backends:',
        '  - { kind: memory, id: lab, services: [{ name: web, replicas: 2, tenant: prod }] }',
        'storage:',
        `  path: ${JSON.stringify(join(dir, 'opsdeck.db'))}`,
        'daemon:',
        '  listen: { host: 127.0.0.1, port: 0 }',
        '  webhooks: { alertmanager: { tokenEnv: AM_TOKEN } }',
        'alerts:',
        '  grouping: { wait: 1s }',
        'oncall:',
        '  people: [{ id: alice, name: Alice, timeZone: UTC }]',
        '  escalationPolicies: [{ name: default, levels: [{ notify: [{ user: alice }], wait: 6s, times: 2 }] }]',
        '  defaultPolicy: default',
      ].join('\n'),
    );
    const first = await startDaemon(config);
    const response = await fetch(`${first.url}/webhooks/alertmanager`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AM_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(alertmanagerPayload('firing', [{ fingerprint: 'disk-1', alertname: 'DiskFull', tenant: 'prod', summary: 'disk full on db-1' }])),
    });
    expect(response.status).toBe(200);
    const firstPages = await until(() => (first.pages().length > 0 ? first.pages() : undefined), 'the first page');
    expect(await first.stop()).toBe(0);

    const second = await startDaemon(config);
    try {
      const rePages = await until(() => (second.pages().length > 0 ? second.pages() : undefined), 'the re-page after restart', 40_000);
      const firstKeys = new Set(firstPages.map((p) => p.key));
      expect(rePages.every((p) => !firstKeys.has(p.key)), 'no page of the first run is sent again').toBe(true);
      expect(firstPages).toHaveLength(1);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 90_000);
});
