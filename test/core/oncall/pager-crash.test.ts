/**
 * Crash tests with a real child process killed with SIGKILL (kill -9) at
 * chosen points of an escalation: after a restart every step fires at its
 * time, no page is lost and none is shown twice (asserted from the file the
 * child's notifier writes).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const CHILD = join(import.meta.dirname, 'support', 'pager-child.ts');
const T0 = Date.parse('2026-03-02T12:00:00Z');
const MIN = 60_000;
/** Expected pages: alice at +30s (group wait), alice again 5m later, bob 5m after that. */
const EXPECTED = [
  { key: ':0:alice', at: T0 + 30_000 },
  { key: ':1:alice', at: T0 + 30_000 + 5 * MIN },
  { key: ':2:bob', at: T0 + 30_000 + 10 * MIN },
];

interface Delivery {
  event: 'delivered' | 'duplicate-suppressed';
  key: string;
  type: string;
  to: string;
  at: number;
  pid: number;
}

class Child {
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  readonly exited: Promise<NodeJS.Signals | number | null>;

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      this.lines.push(line);
      this.waiter?.();
    });
    this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve(signal ?? code)));
  }

  /** Sends a command; resolves with its answer, or with "killed" if the process died meanwhile. */
  async send(command: string): Promise<{ now?: number; warnings?: string[] } | 'killed'> {
    this.proc.stdin.write(`${command}\n`);
    const answer = new Promise<string>((resolve) => {
      const check = (): void => {
        const line = this.lines.shift();
        if (line !== undefined) resolve(line);
        else this.waiter = check;
      };
      check();
    });
    const result = await Promise.race([answer, this.exited.then(() => 'killed' as const)]);
    return result === 'killed' ? 'killed' : (JSON.parse(result) as { now: number; warnings: string[] });
  }
}

let dir = '';
const children: Child[] = [];

function start(at: number, crashAt?: string): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, join(dir, 'opsdeck.db'), join(dir, 'deliveries.jsonl'), String(at)], {
    env: { ...process.env, T0: String(T0), ...(crashAt === undefined ? {} : { CRASH_AT: crashAt }) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const child = new Child(proc);
  children.push(child);
  return child;
}

async function kill9(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  expect(await child.exited).toBe('SIGKILL');
}

function deliveries(): Delivery[] {
  const file = join(dir, 'deliveries.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Delivery);
}

function shown(): Delivery[] {
  return deliveries().filter((d) => d.event === 'delivered' && d.type === 'page');
}

function expectExactlyOnce(): void {
  const pages = shown();
  expect(pages.map((p) => p.key.slice(p.key.indexOf(':')))).toEqual(EXPECTED.map((e) => e.key));
  expect(pages.map((p) => p.at)).toEqual(EXPECTED.map((e) => e.at));
  expect(new Set(pages.map((p) => p.key)).size).toBe(pages.length);
}

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await c.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('pager crash safety (real process, kill -9)', { timeout: 90_000 }, () => {
  it('killed while idle between steps: after restart the remaining steps fire at their times', async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-crash-'));
    let child = start(T0);
    await child.send('fail');
    await child.send(`advance-to ${T0 + MIN}`);
    expect(shown()).toHaveLength(1);
    await kill9(child);

    child = start(T0 + MIN);
    await child.send('fail');
    await child.send(`advance-to ${T0 + 30 * MIN}`);
    await child.send('exit');
    expectExactlyOnce();
  });

  it('killed after the intent was written but before sending: the page is sent after restart, once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-crash-'));
    let child = start(T0, 'intent@:1:alice');
    await child.send('fail');
    expect(await child.send(`advance-to ${T0 + 30 * MIN}`)).toBe('killed');
    expect(await child.exited).toBe('SIGKILL');
    expect(shown()).toHaveLength(1);

    child = start(EXPECTED[1]?.at ?? 0);
    await child.send('fail');
    await child.send(`advance-to ${T0 + 30 * MIN}`);
    await child.send('exit');
    expectExactlyOnce();
  });

  it('killed after the notifier delivered but before "sent" was written: the retry is recognised, nobody sees it twice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-crash-'));
    let child = start(T0, 'deliver@:2:bob');
    await child.send('fail');
    expect(await child.send(`advance-to ${T0 + 30 * MIN}`)).toBe('killed');
    expect(shown()).toHaveLength(3);

    child = start(EXPECTED[2]?.at ?? 0);
    await child.send('fail');
    await child.send(`advance-to ${T0 + 30 * MIN}`);
    await child.send('exit');
    expectExactlyOnce();
    const retries = deliveries().filter((d) => d.event === 'duplicate-suppressed');
    expect(retries.map((d) => d.key.slice(d.key.indexOf(':')))).toEqual([':2:bob']);
  });

  it('down while a step fell due: on restart the overdue step fires at once, is flagged by the auditor, and the rest follow on time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-crash-'));
    let child = start(T0);
    await child.send('fail');
    await child.send(`advance-to ${T0 + MIN}`);
    await kill9(child);

    const restartAt = T0 + 8 * MIN;
    child = start(restartAt);
    const first = await child.send('fail');
    expect(first).not.toBe('killed');
    if (first !== 'killed') expect(first.warnings).toContain('escalation step overdue');
    await child.send(`advance-to ${T0 + 40 * MIN}`);
    await child.send('exit');
    const pages = shown();
    expect(pages.map((p) => [p.key.slice(p.key.indexOf(':')), p.at])).toEqual([
      [':0:alice', T0 + 30_000],
      [':1:alice', restartAt],
      [':2:bob', restartAt + 5 * MIN],
    ]);
  });

  it('an acknowledgement survives kill -9: nothing pages after the restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdeck-crash-'));
    let child = start(T0);
    await child.send('fail');
    await child.send(`advance-to ${T0 + MIN}`);
    await child.send('ack A1');
    await kill9(child);

    child = start(T0 + MIN);
    await child.send('fail');
    await child.send(`advance-to ${T0 + 60 * MIN}`);
    await child.send('exit');
    expect(shown().map((p) => p.key.slice(p.key.indexOf(':')))).toEqual([':0:alice']);
  });
});
