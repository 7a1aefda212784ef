/**
 * Fetches an optional port's data in the background on an injected clock, so
 * no key ever waits on the network; keeps the last good value through errors.
 */
import type { Clock } from '../core/clock.js';
import { isOpsdeckError } from '../core/errors.js';
import type { Loadable } from './loadable.js';

/** Options for a polled source. */
export interface PolledSourceOptions<T> {
  clock: Clock;
  /** Undefined when the port is not configured. */
  fetch: ((signal: AbortSignal) => Promise<T>) | undefined;
  intervalMs: number;
  /** Called after every change of `current`. */
  onChange: () => void;
}

/** A background-refreshed value from a port. */
export class PolledSource<T> {
  current: Loadable<T>;
  private readonly abort = new AbortController();
  private stopTimer: (() => void) | undefined;
  private inFlight = false;
  private again = false;

  constructor(private readonly options: PolledSourceOptions<T>) {
    this.current = options.fetch === undefined ? { state: 'unconfigured' } : { state: 'loading' };
  }

  /** Starts polling (and fetches once now). */
  start(): void {
    if (this.options.fetch === undefined) return;
    this.refresh();
    this.stopTimer = this.options.clock.every(this.options.intervalMs, () => this.refresh());
  }

  /** Fetches now without waiting; a refresh asked for during a fetch runs right after it. */
  refresh(): void {
    const fetch = this.options.fetch;
    if (fetch === undefined || this.abort.signal.aborted) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    fetch(this.abort.signal).then(
      (value) => {
        this.current = { state: 'ready', value, at: this.options.clock.now() };
      },
      (error: unknown) => {
        const message = isOpsdeckError(error) ? error.message : 'unexpected error';
        const kept = this.current.state === 'ready' ? this.current.value : this.current.state === 'error' ? this.current.value : undefined;
        this.current = kept === undefined ? { state: 'error', message } : { state: 'error', message, value: kept };
      },
    ).finally(() => {
      this.inFlight = false;
      if (this.abort.signal.aborted) return;
      this.options.onChange();
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    });
  }

  /** Stops polling and cancels a fetch in flight. */
  stop(): void {
    this.stopTimer?.();
    this.abort.abort();
  }
}
