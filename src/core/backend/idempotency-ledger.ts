/**
 * Remembers actions by idempotency key so a retried command (a double click,
 * a redelivered Slack button, a daemon restart replaying its outbox) never acts
 * twice: the second call gets the first call's receipt. Every backend uses it.
 */
import type { ActOptions, ActionReceipt } from './port.js';
import { opsError } from '../errors.js';

/** A bounded memory of receipts by key. */
export class IdempotencyLedger {
  private readonly entries = new Map<string, Promise<ActionReceipt>>();

  constructor(private readonly capacity = 10_000) {}

  /** Runs `act` once per key; concurrent and later calls with the key share its receipt. Failed actions may be retried. */
  once(options: ActOptions, act: () => Promise<ActionReceipt>): Promise<ActionReceipt> {
    if (options.signal?.aborted) return Promise.reject(opsError('ABORTED', 'The operation was cancelled.'));
    if (options.idempotencyKey.length === 0) return Promise.reject(opsError('INPUT_INVALID', 'An action needs a non-empty idempotency key.'));
    const known = this.entries.get(options.idempotencyKey);
    if (known !== undefined) return known;
    // Wrapped so a synchronous throw inside `act` also becomes a rejection that frees the key.
    const pending = (async () => act())().catch((error: unknown) => {
      this.entries.delete(options.idempotencyKey);
      throw error;
    });
    this.entries.set(options.idempotencyKey, pending);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return pending;
  }
}
