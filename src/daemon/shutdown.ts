/**
 * Graceful shutdown on SIGTERM / SIGINT: run ordered steps (stop intake,
 * wait for in-flight work, close storage…) against one overall deadline taken
 * from the injected clock, then exit. A second signal exits at once.
 */
import type { Clock } from '../core/clock.js';
import { opsError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/** One labelled piece of work the process must not drop on shutdown. */
interface InflightEntry {
  label: string;
  promise: Promise<unknown>;
}

/** Registry of in-flight promises (commands, page deliveries…) that shutdown waits for. */
export class InflightRegistry {
  private readonly entries = new Set<InflightEntry>();
  private readonly waiters = new Set<() => void>();

  /** Registers `promise` until it settles; returns it unchanged so callers can keep awaiting it. */
  track<T>(label: string, promise: Promise<T>): Promise<T> {
    const entry: InflightEntry = { label, promise };
    this.entries.add(entry);
    const done = (): void => {
      this.entries.delete(entry);
      if (this.entries.size === 0) for (const wake of [...this.waiters]) wake();
    };
    promise.then(done, done);
    return promise;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Labels of work still running. */
  pending(): string[] {
    return [...this.entries].map((e) => e.label);
  }

  /** Resolves once nothing is in flight, or when `signal` aborts; returns the labels left unfinished. */
  drain(signal?: AbortSignal): Promise<string[]> {
    if (this.entries.size === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      const finish = (): void => {
        this.waiters.delete(finish);
        signal?.removeEventListener('abort', finish);
        resolve(this.pending());
      };
      this.waiters.add(finish);
      if (signal?.aborted) finish();
      else signal?.addEventListener('abort', finish, { once: true });
    });
  }
}

/** One ordered shutdown step; `signal` aborts at the overall deadline. */
export interface ShutdownStep {
  name: string;
  run(signal: AbortSignal): Promise<void> | void;
}

/** What a shutdown did, step by step. */
export interface ShutdownReport {
  reason: string;
  steps: { name: string; outcome: 'done' | 'failed' | 'deadline' }[];
  exitCode: number;
}

/** The process-like object shutdown listens on (real `process` by default). */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/** Options for installShutdown. */
export interface InstallShutdownOptions {
  signals?: readonly NodeJS.Signals[];
  /** Time all steps together may take before the rest are cut short. */
  deadlineMs: number;
  steps: readonly ShutdownStep[];
  clock: Clock;
  logger: Logger;
  /** Extra time a step started after the deadline gets (default 1 s). */
  graceMs?: number;
  /** Called with the exit code at the end (default `process.exit`). */
  exit?: (code: number) => void;
  source?: SignalSource;
}

/** A handle on the installed shutdown. */
export interface ShutdownHandle {
  /** Starts shutdown (as a signal would); the same promise for every call. */
  trigger(reason: string): Promise<ShutdownReport>;
  /** Removes the signal listeners (tests, or an embedding that exits another way). */
  uninstall(): void;
}

/** A step that waits for `registry` to drain; fails with TIMEOUT naming what was left at the deadline. */
export function drainStep(registry: InflightRegistry, logger: Logger, name = 'wait for in-flight work'): ShutdownStep {
  return {
    name,
    async run(signal) {
      const left = await registry.drain(signal);
      if (left.length > 0) {
        logger.log('warn', 'shutdown deadline reached with work in flight', { pending: left });
        throw opsError('TIMEOUT', `${left.length} piece(s) of work were still running at the shutdown deadline.`, { details: { pending: left } });
      }
    },
  };
}

/** Installs signal handlers that run `steps` in order within `deadlineMs`, then exit. */
export function installShutdown(options: InstallShutdownOptions): ShutdownHandle {
  const source: SignalSource = options.source ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let running: Promise<ShutdownReport> | undefined;

  const run = async (reason: string): Promise<ShutdownReport> => {
    const log = options.logger.child({ component: 'shutdown' });
    log.log('info', 'shutting down', { reason, deadlineMs: options.deadlineMs });
    const graceMs = options.graceMs ?? 1000;
    const deadlineAt = options.clock.now() + options.deadlineMs;
    const deadline = new AbortController();
    const deadlineTimer = new AbortController();
    options.clock.sleep(options.deadlineMs, deadlineTimer.signal).then(
      () => deadline.abort(),
      () => undefined,
    );
    const report: ShutdownReport = { reason, steps: [], exitCode: 0 };
    for (const step of options.steps) {
      // Steps after the deadline still run (closing storage must happen) with an aborted signal and a short grace.
      const budget = deadline.signal.aborted ? graceMs : Math.max(0, deadlineAt - options.clock.now());
      const stepTimer = new AbortController();
      const outcome = await Promise.race([
        Promise.resolve()
          .then(() => step.run(deadline.signal))
          .then(
            () => 'done' as const,
            (error: unknown) => {
              log.log('error', 'shutdown step failed', { step: step.name, error });
              return 'failed' as const;
            },
          ),
        options.clock.sleep(budget, stepTimer.signal).then(
          () => 'deadline' as const,
          () => new Promise<never>(() => undefined),
        ),
      ]);
      stepTimer.abort();
      report.steps.push({ name: step.name, outcome });
      if (outcome !== 'done') report.exitCode = 1;
      log.log(outcome === 'done' ? 'info' : 'warn', 'shutdown step', { step: step.name, outcome });
    }
    deadlineTimer.abort();
    log.log('info', 'shutdown complete', { exitCode: report.exitCode });
    uninstall();
    exit(report.exitCode);
    return report;
  };

  const listeners = signals.map((signal) => {
    const listener = (): void => {
      if (running !== undefined) {
        options.logger.log('warn', 'second signal during shutdown; exiting now', { signal });
        exit(130);
        return;
      }
      running = run(signal);
    };
    source.on(signal, listener);
    return { signal, listener };
  });
  const uninstall = (): void => {
    for (const { signal, listener } of listeners) source.off(signal, listener);
  };
  return {
    trigger(reason) {
      running ??= run(reason);
      return running;
    },
    uninstall,
  };
}
