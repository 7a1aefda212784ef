/**
 * SIGTERM to a real daemon process while a ws command runs: the command
 * finishes and its outcome reaches the client, new commands are refused,
 * the client gets `goodbye` and a 1001 close, storage closes last, exit 0.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TOKENS } from '../ws/support/daemon-fixture.js';
import { TestClient } from '../ws/support/ws-test-client.js';

describe('daemon SIGTERM', () => {
  it('lets a running command finish and report before closing, and refuses new ones', async () => {
    const script = fileURLToPath(new URL('./fixtures/daemon-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '500'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    child.stdout.setEncoding('utf8');
    const printed = (line: (l: string) => boolean): Promise<string> =>
      new Promise((resolve) => {
        const check = (): void => {
          const found = out.find(line);
          if (found !== undefined) resolve(found);
          else child.stdout.once('data', () => setImmediate(check));
        };
        check();
      });
    child.stdout.on('data', (chunk: string) => out.push(...chunk.split('\n').filter((l) => l !== '')));
    const url = (JSON.parse(await printed((l) => l.startsWith('{'))) as { url: string }).url;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const client = await TestClient.connect(url, TOKENS.alice);
    client.send({ v: 1, type: 'command', id: 'c1', command: { kind: 'scale', target: 'alpha-01', args: { replicas: 3 } } });
    await client.waitFor((m) => m.type === 'command-update' && m.id === 'c1' && m.update.status === 'executing');
    child.kill('SIGTERM');
    // Intake stops at once; a command sent now is refused, not lost silently.
    await printed((l) => l === 'intake stopped');
    client.send({ v: 1, type: 'command', id: 'c2', command: { kind: 'scale', target: 'alpha-00', args: { replicas: 3 } } });
    expect(await client.waitFor((m) => m.type === 'command-update' && m.id === 'c2', 5000)).toMatchObject({ update: { status: 'denied', error: { code: 'UNAVAILABLE' } } });
    expect(await client.waitFor((m) => m.type === 'command-update' && m.id === 'c1' && ['executed', 'failed', 'denied'].includes(m.update.status), 5000)).toMatchObject({ update: { status: 'executed' } });
    expect((await client.whenClosed()).code).toBe(1001);
    expect(client.messages.at(-1)).toEqual({ v: 1, type: 'goodbye', reason: 'shutting-down' });
    expect(await exited).toBe(0);
    expect(out.at(-1)).toBe('storage closed; executed 1');
  });
});
