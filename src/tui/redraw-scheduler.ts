/**
 * Coalesces redraw requests from state updates to at most one per interval
 * (10/s by default) on the injected clock, while keys redraw immediately.
 */
import type { Clock } from '../core/clock.js';

/** Why a redraw happens: a key (draw now) or coalesced updates (may also do deferred work). */
export type RedrawReason = 'input' | 'update';

/** Options for the scheduler. */
export interface RedrawSchedulerOptions {
  clock: Clock;
  draw: (reason: RedrawReason) => void;
  /** Minimum ms between coalesced redraws (100 ms = 10 redraws/s). */
  minIntervalMs?: number;
}

/** At most one coalesced redraw per interval; `drawNow` for input. */
export class RedrawScheduler {
  private readonly clock: Clock;
  private readonly draw: (reason: RedrawReason) => void;
  private readonly minIntervalMs: number;
  private readonly abort = new AbortController();
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private pending = false;
  private dirty = false;
  /** Redraws performed (for tests and the bench). */
  draws = 0;

  constructor(options: RedrawSchedulerOptions) {
    this.clock = options.clock;
    this.draw = options.draw;
    this.minIntervalMs = options.minIntervalMs ?? 100;
  }

  /** Asks for a redraw soon; many requests within the interval become one redraw. */
  request(): void {
    this.dirty = true;
    if (this.pending || this.abort.signal.aborted) return;
    this.pending = true;
    const delay = Math.max(0, this.lastDrawAt + this.minIntervalMs - this.clock.now());
    this.clock.sleep(delay, this.abort.signal).then(
      () => {
        this.pending = false;
        if (this.dirty) this.drawNow('update');
      },
      () => {
        this.pending = false;
      },
    );
  }

  /** Redraws right now (key presses: never wait for the coalescing window). */
  drawNow(reason: RedrawReason = 'input'): void {
    if (this.abort.signal.aborted) return;
    this.dirty = false;
    this.lastDrawAt = this.clock.now();
    this.draws++;
    this.draw(reason);
  }

  /** Cancels any pending redraw; nothing draws afterwards. */
  close(): void {
    this.abort.abort();
  }
}
