/**
 * Waits for the state to satisfy a condition by listening to diffs (never by
 * polling), with a deadline: used by command verification, the CLI's first
 * sync, and tests.
 */
import type { Clock } from '../clock.js';
import { opsError } from '../errors.js';
import type { ClusterStateView } from './cluster-state.js';
import type { StateStore } from './store.js';

/** Options for waitForState. */
export interface WaitForStateOptions {
  clock: Clock;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Used in the timeout message: what we were waiting for. */
  description?: string;
}

/** Resolves with the predicate's value once it is truthy; rejects with TIMEOUT at the deadline. */
export function waitForState<T>(
  store: StateStore,
  predicate: (state: ClusterStateView) => T | undefined | false | null,
  options: WaitForStateOptions,
): Promise<T> {
  const initial = predicate(store);
  if (initial !== undefined && initial !== false && initial !== null) return Promise.resolve(initial);
  return new Promise<T>((resolve, reject) => {
    const timer = new AbortController();
    const finish = (): void => {
      unsubscribe();
      timer.abort();
      options.signal?.removeEventListener('abort', onAbort);
    };
    const unsubscribe = store.subscribe((_diff, state) => {
      const value = predicate(state);
      if (value !== undefined && value !== false && value !== null) {
        finish();
        resolve(value);
      }
    });
    const onAbort = (): void => {
      finish();
      reject(opsError('ABORTED', 'The operation was cancelled.'));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    options.clock.sleep(options.timeoutMs, timer.signal).then(
      () => {
        finish();
        reject(
          opsError('TIMEOUT', `Timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${options.description ?? 'the expected state'}.`, {
            retryable: true,
          }),
        );
      },
      () => undefined,
    );
  });
}
