/**
 * A push-to-pull bridge: callback-style producers (HTTP streams, informers,
 * timers) push items, and a consumer pulls them with `for await`. Ends on
 * close() or when the signal aborts; fails the consumer on fail().
 */

/** Unbounded FIFO that is also an async iterable. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private closed = false;
  private failure: { error: unknown } | undefined;

  constructor(signal?: AbortSignal) {
    signal?.addEventListener('abort', () => this.close(), { once: true });
    if (signal?.aborted) this.closed = true;
  }

  push(item: T): void {
    if (this.closed || this.failure !== undefined) return;
    if (this.waiting !== undefined) {
      const w = this.waiting;
      this.waiting = undefined;
      w.resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  /** Ends iteration after the items already queued. */
  close(): void {
    this.closed = true;
    if (this.waiting !== undefined && this.items.length === 0) {
      const w = this.waiting;
      this.waiting = undefined;
      w.resolve({ value: undefined, done: true });
    }
  }

  /** Makes the consumer's next pull (after queued items) throw `error`. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    if (this.waiting !== undefined && this.items.length === 0) {
      const w = this.waiting;
      this.waiting = undefined;
      w.reject(error);
    }
  }

  get size(): number {
    return this.items.length;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as T, done: false });
        if (this.failure !== undefined) return Promise.reject(this.failure.error);
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = { resolve, reject };
        });
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
