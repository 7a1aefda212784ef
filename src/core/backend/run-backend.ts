/**
 * Pumps a backend's events into the store until cancelled. If a backend's
 * watch ever throws or ends early, the backend is marked disconnected and
 * watched again with backoff, so one broken integration never stops the rest.
 */
import type { Clock } from '../clock.js';
import { toOpsdeckError } from '../errors.js';
import { redact } from '../redact.js';
import type { StateStore } from '../state/store.js';
import type { Backend } from './port.js';

/** Options for running a backend. */
export interface RunBackendOptions {
  clock: Clock;
  signal: AbortSignal;
  /** Backoff bounds for restarting a failed watch. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Known secrets to scrub from error text. */
  secrets?: readonly string[];
  /** Called with every failure (for logs); never receives secrets. */
  onError?: (message: string) => void;
}

/** Runs `backend.watch` into `store` until the signal aborts; resolves when stopped. */
export async function runBackend(backend: Backend, store: StateStore, options: RunBackendOptions): Promise<void> {
  const { clock, signal } = options;
  const minBackoff = options.minBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  let backoff = minBackoff;
  while (!signal.aborted) {
    try {
      for await (const event of backend.watch(signal)) {
        store.apply(backend.id, event);
        if (event.type === 'snapshot') backoff = minBackoff;
      }
      if (signal.aborted) return;
      throw new Error(`watch of ${backend.id} ended unexpectedly`);
    } catch (error) {
      if (signal.aborted) return;
      const err = toOpsdeckError(error);
      const message = redact(err.code === 'INTERNAL' && error instanceof Error ? error.message : err.message, options.secrets);
      options.onError?.(`${backend.id}: ${message}`);
      store.apply(backend.id, {
        type: 'disconnected',
        at: clock.now(),
        error: { code: err.code, message, ...(err.hint === undefined ? {} : { hint: err.hint }) },
      });
      try {
        await clock.sleep(backoff, signal);
      } catch {
        return;
      }
      backoff = Math.min(maxBackoff, backoff * 2);
    }
  }
}
