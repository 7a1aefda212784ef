/**
 * Graceful shutdown: on a signal, steps run in order (stop intake, wait for
 * in-flight work, close storage) within one deadline; work still running at
 * the deadline is reported and later steps still run; a second signal exits
 * at once. The last test sends a real SIGTERM to a real process.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { drainStep, InflightRegistry, installShutdown, type ShutdownReport, type SignalSource } from '../../../src/daemon/shutdown.js';

function signals(): SignalSource & { emit(signal: NodeJS.Signals): void } {
  const emitter = new EventEmitter();
  return {
    on: (s, l) => emitter.on(s, l),
    off: (s, l) => emitter.off(s, l),
    emit: (s) => emitter.emit(s),
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('installShutdown', () => {
  it('on SIGTERM stops intake, waits for in-flight work, closes storage, then exits 0', async () => {
    const clock = new FakeClock();
    const source = signals();
    const order: string[] = [];
    const exits: number[] = [];
    const inflight = new InflightRegistry();
    const work = deferred();
    void inflight.track('command restart web', work.promise.then(() => order.push('work done')));
    const handle = installShutdown({
      deadlineMs: 10_000,
      clock,
      logger: silentLogger,
      source,
      exit: (code) => exits.push(code),
      steps: [{ name: 'stop intake', run: () => void order.push('intake stopped') }, drainStep(inflight, silentLogger), { name: 'close storage', run: () => void order.push('storage closed') }],
    });
    source.emit('SIGTERM');
    await clock.advance(1000);
    expect(order).toEqual(['intake stopped']);
    work.resolve();
    const report = await handle.trigger('again');
    expect(order).toEqual(['intake stopped', 'work done', 'storage closed']);
    expect(report).toEqual<ShutdownReport>({
      reason: 'SIGTERM',
      steps: [
        { name: 'stop intake', outcome: 'done' },
        { name: 'wait for in-flight work', outcome: 'done' },
        { name: 'close storage', outcome: 'done' },
      ],
      exitCode: 0,
    });
    expect(exits).toEqual([0]);
  });

  it('cuts the wait at the deadline, names the unfinished work, still closes storage, and exits 1', async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    const exits: number[] = [];
    const inflight = new InflightRegistry();
    void inflight.track('page A17 to alice', new Promise(() => undefined));
    const handle = installShutdown({
      deadlineMs: 5000,
      clock,
      logger: silentLogger,
      source: signals(),
      exit: (code) => exits.push(code),
      steps: [drainStep(inflight, silentLogger), { name: 'close storage', run: () => void order.push('storage closed') }],
    });
    const done = handle.trigger('SIGINT');
    await clock.advance(4999);
    expect(order).toEqual([]);
    await clock.advance(1);
    const report = await done;
    expect(report.steps).toEqual([
      { name: 'wait for in-flight work', outcome: 'failed' },
      { name: 'close storage', outcome: 'done' },
    ]);
    expect(order).toEqual(['storage closed']);
    expect(inflight.pending()).toEqual(['page A17 to alice']);
    expect(exits).toEqual([1]);
  });

  it('gives a step that hangs after the deadline only the grace period', async () => {
    const clock = new FakeClock();
    const exits: number[] = [];
    const handle = installShutdown({
      deadlineMs: 1000,
      graceMs: 500,
      clock,
      logger: silentLogger,
      source: signals(),
      exit: (code) => exits.push(code),
      steps: [
        { name: 'slow', run: () => new Promise<void>(() => undefined) },
        { name: 'stuck close', run: () => new Promise<void>(() => undefined) },
      ],
    });
    const done = handle.trigger('test');
    await clock.advance(1000);
    await clock.advance(500);
    expect((await done).steps).toEqual([
      { name: 'slow', outcome: 'deadline' },
      { name: 'stuck close', outcome: 'deadline' },
    ]);
    expect(exits).toEqual([1]);
  });

  it('exits at once with 130 on a second signal', async () => {
    const clock = new FakeClock();
    const source = signals();
    const exits: number[] = [];
    installShutdown({ deadlineMs: 60_000, clock, logger: silentLogger, source, exit: (code) => exits.push(code), steps: [{ name: 'hang', run: () => new Promise<void>(() => undefined) }] });
    source.emit('SIGINT');
    await clock.advance(10);
    source.emit('SIGINT');
    expect(exits).toEqual([130]);
  });

  it('lets a real process finish its in-flight work after SIGTERM before closing storage and exiting 0', async () => {
    const script = fileURLToPath(new URL('./fixtures/shutdown-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '300', '10000'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const seen = (text: string): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (lines.includes(text)) resolve();
          else child.stdout.once('data', check);
        };
        check();
      });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => lines.push(...chunk.split('\n').filter((l) => l !== '')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await seen('ready');
    child.stdin.write('go\n');
    await seen('work started');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(lines).toEqual(['ready', 'work started', 'intake stopped', 'work finished (intake closed)', 'storage closed']);
  });
});
