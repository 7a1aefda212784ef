/**
 * Drives the store's freshness check from the injected clock, so a silent
 * backend turns STALE on time in production and on a fake clock in tests.
 */
import type { Clock } from '../clock.js';
import type { StateStore } from './store.js';

/** Checks freshness every `intervalMs` until the returned function is called. */
export function startFreshnessTimer(store: StateStore, clock: Clock, options: { intervalMs?: number } = {}): () => void {
  return clock.every(options.intervalMs ?? 1000, () => store.checkFreshness());
}
