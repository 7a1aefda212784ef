/**
 * A deterministic clock for tests, simulations and benchmarks: time moves only
 * when `advance` is called, and due timers fire in order.
 */
import type { Clock } from './clock.js';
import { opsError } from './errors.js';

interface Timer {
  id: number;
  at: number;
  fire: () => void;
  interval?: number;
}

/** Clock whose time advances only on request; timers fire in time order during `advance`. */
export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start: number | string | Date = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : new Date(start).getTime();
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(opsError('ABORTED', 'The operation was cancelled.'));
        return;
      }
      const id = this.schedule(this.current + Math.max(0, ms), () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = (): void => {
        this.cancel(id);
        reject(opsError('ABORTED', 'The operation was cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  every(ms: number, fn: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ id, at: this.current + ms, fire: fn, interval: ms });
    return () => this.cancel(id);
  }

  /** Number of timers waiting to fire (handy for asserting nothing is left pending). */
  pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order and letting promise
   * continuations run between them so awaited sleeps resume at their own time.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.current = Math.max(this.current, due.at);
      if (due.interval !== undefined) due.at += due.interval;
      else this.cancel(due.id);
      due.fire();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Jumps to an absolute time (never backwards), firing what falls due. */
  async advanceTo(time: number | string | Date): Promise<void> {
    const at = typeof time === 'number' ? time : new Date(time).getTime();
    await this.advance(Math.max(0, at - this.current));
  }

  private schedule(at: number, fire: () => void): number {
    const id = this.nextId++;
    this.timers.push({ id, at, fire });
    return id;
  }

  private cancel(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
