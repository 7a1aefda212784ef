/**
 * Delivers the outbox: each intent was written before sending; after the
 * notifier answers, the outcome is written. Retryable failures back off,
 * permanent ones are logged; pages that no longer need anyone are cancelled.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notify/notifier.js';
import type { OutboxRow, PagingRepository } from '../storage/paging-repository.js';

/** Test hooks to crash at precise points (the crash tests SIGKILL the process inside them). */
export interface PagerFaults {
  /** Called after an intent row is committed, before it is sent. */
  afterIntent?: (key: string) => void;
  /** Called after the notifier answered, before the outcome is written. */
  afterDeliver?: (key: string) => void;
}

/** Options for the dispatcher. */
export interface OutboxDispatcherOptions {
  repo: PagingRepository;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  maxAttempts?: number;
  faults?: PagerFaults;
  /** Only rows of pages this returns true for are sent (the fencing token check). */
  owns?: (pageId: string) => boolean;
}

/** Sends due outbox items one by one. */
export class OutboxDispatcher {
  private readonly maxAttempts: number;

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.maxAttempts = options.maxAttempts ?? 8;
  }

  /** Delivers every due item; returns how many were sent. */
  async dispatchDue(signal?: AbortSignal): Promise<number> {
    const { repo, clock } = this.options;
    let sent = 0;
    for (const row of repo.dueOutbox(clock.now())) {
      if (signal?.aborted) break;
      if (this.options.owns !== undefined && !this.options.owns(row.pageId)) continue;
      if (this.obsolete(row)) {
        repo.settle(row.id, { state: 'cancelled', attempts: row.attempts });
        repo.log({ pageId: row.pageId, at: clock.now(), event: 'notification-cancelled', detail: { key: row.key, reason: 'page no longer needs anyone' } });
        continue;
      }
      if (await this.deliver(row, signal)) sent++;
    }
    return sent;
  }

  private obsolete(row: OutboxRow): boolean {
    if (row.message.type === 'resolved') return false;
    const page = this.options.repo.page(row.pageId);
    return page === undefined || page.status === 'closed' || page.status === 'acknowledged';
  }

  private async deliver(row: OutboxRow, signal?: AbortSignal): Promise<boolean> {
    const { repo, clock, logger, notifier, faults } = this.options;
    const attempts = row.attempts + 1;
    let result;
    try {
      result = await notifier.deliver(row.message, signal);
    } catch (error) {
      result = { status: 'retryable' as const, reason: error instanceof Error ? error.message : String(error) };
    }
    faults?.afterDeliver?.(row.key);
    const now = clock.now();
    if (result.status === 'delivered') {
      repo.transaction(() => {
        repo.settle(row.id, { state: 'sent', attempts, sentAt: now });
        repo.log({ pageId: row.pageId, at: now, event: 'notified', detail: { key: row.key, to: row.message.recipient.personId, type: row.message.type } });
      });
      return true;
    }
    if (result.status === 'retryable' && attempts < this.maxAttempts) {
      const backoff = result.retryAfterMs ?? Math.min(300_000, 5_000 * 2 ** (attempts - 1));
      repo.settle(row.id, { state: 'pending', attempts, nextAttemptAt: now + backoff, error: result.reason });
      repo.log({ pageId: row.pageId, at: now, event: 'notify-retry', detail: { key: row.key, reason: result.reason, retryInMs: backoff } });
      logger.log('warn', 'page delivery will be retried', { key: row.key, reason: result.reason, retryInMs: backoff });
      return false;
    }
    repo.settle(row.id, { state: 'failed', attempts, error: result.reason });
    repo.log({ pageId: row.pageId, at: now, event: 'notify-failed', detail: { key: row.key, reason: result.reason } });
    logger.log('error', 'page delivery failed', { key: row.key, to: row.message.recipient.personId, reason: result.reason });
    return false;
  }
}
