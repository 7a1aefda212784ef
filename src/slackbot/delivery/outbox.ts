/**
 * The outbox every Slack write goes through: one FIFO lane per channel (order
 * kept), at most one message per second per channel, retries with backoff,
 * and a global pause honouring 429 Retry-After. Time comes from the injected Clock.
 */
import type { Clock } from '../../core/clock.js';
import { opsError, type OpsdeckError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { classifySlackFailure, type SlackFailure } from './slack-failure.js';

/** Pacing and retry settings. */
export interface OutboxOptions {
  clock: Clock;
  logger: Logger;
  /** Minimum gap between paced writes to one lane (Slack: ~1 message/s/channel). */
  perChannelIntervalMs: number;
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

/** Options for one job. */
export interface JobOptions {
  /** Paced jobs (message writes) respect the per-lane interval. */
  paced?: boolean;
  /** For logs: what the job does. */
  label?: string;
}

/** Why a job finally failed: `retryable` means a later delivery attempt may still work. */
export type DeliveryFailureKind = 'retryable' | 'permanent';

/** Which kind of failure a rejected outbox job ended with (undefined for errors the outbox did not raise). */
export function deliveryFailureKind(error: unknown): DeliveryFailureKind | undefined {
  const kind = (error as OpsdeckError | undefined)?.details?.['delivery'];
  return kind === 'retryable' || kind === 'permanent' ? kind : undefined;
}

interface Lane {
  tail: Promise<void>;
  nextAllowedAt: number;
  pending: number;
}

/** Ordered, paced, retrying delivery of Slack calls. */
export class Outbox {
  private readonly lanes = new Map<string, Lane>();
  private pausedUntil = 0;
  private readonly abort = new AbortController();

  constructor(private readonly options: OutboxOptions) {}

  /** Queues `job` behind everything already queued on `lane`; resolves with its result or rejects once retries are exhausted. */
  enqueue<T>(lane: string, job: () => Promise<T>, jobOptions: JobOptions = {}): Promise<T> {
    const state = this.lanes.get(lane) ?? { tail: Promise.resolve(), nextAllowedAt: 0, pending: 0 };
    this.lanes.set(lane, state);
    state.pending++;
    const result = state.tail.then(() => this.run(state, job, jobOptions));
    state.tail = result.then(
      () => undefined,
      () => undefined,
    );
    void state.tail.then(() => {
      state.pending--;
      if (state.pending === 0 && this.lanes.get(lane) === state) this.lanes.delete(lane);
    });
    return result;
  }

  /** Jobs waiting or running, across all lanes. */
  pending(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.pending;
    return n;
  }

  /** Stops waiting: queued jobs fail as retryable so callers can re-deliver later. */
  stop(): void {
    this.abort.abort();
  }

  private async run<T>(lane: Lane, job: () => Promise<T>, jobOptions: JobOptions): Promise<T> {
    const { clock, maxAttempts } = this.options;
    let last: SlackFailure = { kind: 'retryable', message: 'not attempted' };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      await this.waitUntil(() => Math.max(this.pausedUntil, jobOptions.paced ? lane.nextAllowedAt : 0));
      try {
        const value = await job();
        if (jobOptions.paced) lane.nextAllowedAt = clock.now() + this.options.perChannelIntervalMs;
        return value;
      } catch (error) {
        last = classifySlackFailure(error);
        this.options.logger.log(last.kind === 'permanent' ? 'warn' : 'info', 'Slack call failed', { job: jobOptions.label, attempt, failure: last.kind, error: last.message });
        if (last.kind === 'permanent') break;
        if (last.kind === 'rate-limited') this.pausedUntil = Math.max(this.pausedUntil, clock.now() + last.retryAfterMs);
        else if (attempt < maxAttempts) await this.sleep(this.backoff(attempt));
      }
    }
    const kind: DeliveryFailureKind = last.kind === 'permanent' ? 'permanent' : 'retryable';
    throw opsError('BACKEND_ERROR', `Slack refused ${jobOptions.label ?? 'a call'}: ${last.message}`, {
      retryable: kind === 'retryable',
      hint: kind === 'retryable' ? 'Slack is unavailable or rate limiting; the page will be retried.' : 'Check the bot token, its scopes and the channel or user id.',
      details: { delivery: kind },
    });
  }

  private backoff(attempt: number): number {
    return Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** (attempt - 1));
  }

  private async waitUntil(target: () => number): Promise<void> {
    for (;;) {
      const wait = target() - this.options.clock.now();
      if (wait <= 0) return;
      await this.sleep(wait);
    }
  }

  private async sleep(ms: number): Promise<void> {
    try {
      await this.options.clock.sleep(ms, this.abort.signal);
    } catch {
      throw opsError('ABORTED', 'The Slack outbox stopped before the message was sent.', { retryable: true, details: { delivery: 'retryable' } });
    }
  }
}
