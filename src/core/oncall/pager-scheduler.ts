/**
 * Wakes the pager when the earliest durable timer or outbox item falls due:
 * one run at a time, re-armed from storage after every run, so timers live
 * in SQLite and the process only holds a single sleep.
 */
import type { Clock } from '../clock.js';

/** Options. */
export interface PagerSchedulerOptions {
  clock: Clock;
  /** Earliest due instant in storage. */
  nextDue: () => number | undefined;
  /** Processes everything due now. */
  run: () => Promise<void>;
  onError?: (error: unknown) => void;
}

/** Single-flight runner plus one abortable sleep until the next due instant. */
export class PagerScheduler {
  private running: Promise<void> | undefined;
  private active = false;
  private again = false;
  private sleeper: AbortController | undefined;
  private stopped = false;
  private spins = 0;

  constructor(private readonly options: PagerSchedulerOptions) {}

  /** Runs now (or once more after the current run). */
  kick(): void {
    if (this.stopped) return;
    if (this.active) {
      this.again = true;
      return;
    }
    this.active = true;
    this.running = this.loop();
  }

  /** Resolves when no run is in progress. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Stops waking. */
  stop(): void {
    this.stopped = true;
    this.sleeper?.abort();
  }

  private async loop(): Promise<void> {
    try {
      await Promise.resolve();
      do {
        this.again = false;
        try {
          await this.options.run();
        } catch (error) {
          this.options.onError?.(error);
        }
      } while (this.again && !this.stopped);
    } finally {
      this.active = false;
      this.running = undefined;
      this.arm();
    }
  }

  private arm(): void {
    this.sleeper?.abort();
    this.sleeper = undefined;
    if (this.stopped) return;
    const due = this.options.nextDue();
    if (due === undefined) return;
    const { clock } = this.options;
    let delay = due - clock.now();
    if (delay <= 0) {
      this.spins++;
      if (this.spins < 50) {
        setImmediate(() => this.kick());
        return;
      }
      delay = 1000;
    }
    this.spins = 0;
    const sleeper = new AbortController();
    this.sleeper = sleeper;
    clock.sleep(delay, sleeper.signal).then(
      () => this.kick(),
      () => undefined,
    );
  }
}
