/**
 * Runs an action at most once per identity within a time window: double clicks
 * and Socket Mode envelopes Slack redelivers reuse the first run's promise.
 */
import type { Clock } from '../core/clock.js';

interface Entry<T> {
  result: Promise<T>;
  expiresAt: number;
}

/** At-most-once execution keyed by the action's identity. */
export class OnceRegistry<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** Runs `fn` unless `key` ran within the window; either way returns that run's result. */
  run(key: string, fn: () => Promise<T>): { result: Promise<T>; duplicate: boolean } {
    this.purge();
    const existing = this.entries.get(key);
    if (existing !== undefined) return { result: existing.result, duplicate: true };
    const result = fn();
    this.entries.set(key, { result, expiresAt: this.clock.now() + this.ttlMs });
    // A failed run (network, bug) may be tried again by a later click.
    result.catch(() => this.entries.delete(key));
    return { result, duplicate: false };
  }

  /** How many identities are remembered (for tests and metrics). */
  size(): number {
    return this.entries.size;
  }

  private purge(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
