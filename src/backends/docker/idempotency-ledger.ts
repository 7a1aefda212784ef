/**
 * Remembers recent actions by idempotency key so a retried command (a Slack
 * double-click, a CLI retry after a timeout) never acts twice: the second call
 * gets the first call's receipt, or waits for it while it is still running.
 */
import type { ActionReceipt } from '../../core/backend/port.js';

/** Bounded key → receipt memory. */
export class IdempotencyLedger {
  private readonly entries = new Map<string, Promise<ActionReceipt>>();

  constructor(private readonly capacity = 1000) {}

  /** Runs `act` once per key; failures are forgotten so a corrected retry may act. */
  run(key: string, act: () => Promise<ActionReceipt>): Promise<ActionReceipt> {
    const existing = this.entries.get(key);
    if (existing !== undefined) return existing;
    const pending = act();
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return pending;
  }
}
