/** A sliding-window limit on how many commands one actor may execute, so a runaway script or a panicking click stops early. */
import { opsError } from '../../errors.js';

/** Per-actor sliding window counter. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly options: { max: number; windowMs: number; enabled: boolean }) {}

  /** Throws RATE_LIMITED when the actor has used up the window. */
  check(actorId: string, now: number): void {
    if (!this.options.enabled) return;
    const recent = this.recent(actorId, now);
    if (recent.length >= this.options.max) {
      const retryInS = Math.max(1, Math.ceil(((recent[0] as number) + this.options.windowMs - now) / 1000));
      throw opsError('RATE_LIMITED', `Too many commands: at most ${this.options.max} per ${Math.round(this.options.windowMs / 1000)}s per person.`, {
        hint: `Try again in ${retryInS}s.`,
        retryable: true,
        details: { guard: 'rate-limit', retryInS },
      });
    }
  }

  /** Counts one execution. */
  record(actorId: string, now: number): void {
    this.hits.set(actorId, [...this.recent(actorId, now), now]);
  }

  private recent(actorId: string, now: number): number[] {
    return (this.hits.get(actorId) ?? []).filter((t) => t > now - this.options.windowMs);
  }
}
