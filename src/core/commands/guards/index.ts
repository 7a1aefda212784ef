/**
 * All guards behind one object: the stateless checks in order, plus the
 * stateful ones (rate limit, per-service lock) the engine drives.
 */
import { freezeWindowGuard } from './freeze-window-guard.js';
import type { Guard, GuardContext } from './guard.js';
import { guardsConfigSchema, type GuardsConfig } from './guards-config.js';
import { planInProgressGuard } from './plan-in-progress-guard.js';
import { quorumGuard } from './quorum-guard.js';
import { RateLimiter } from './rate-limiter.js';
import { scaleBoundsGuard } from './scale-bounds-guard.js';
import { ServiceLocks } from './service-locks.js';

export * from './guard.js';
export * from './guards-config.js';
export { inFreezeWindow } from './freeze-window-guard.js';
export { quorumOf } from './quorum-guard.js';
export { RateLimiter } from './rate-limiter.js';
export { ServiceLocks } from './service-locks.js';

/** The guard set one engine uses. */
export interface Guards {
  readonly config: GuardsConfig;
  readonly rateLimiter: RateLimiter;
  readonly locks: ServiceLocks;
  /** Runs every stateless guard, the rate limit and the lock check; throws the first rejection. */
  check(context: Omit<GuardContext, 'config'>): void;
}

/** The stateless guards in evaluation order. */
export const STANDARD_GUARDS: readonly Guard[] = [scaleBoundsGuard, quorumGuard, planInProgressGuard, freezeWindowGuard];

/** Builds the guards from (possibly partial) config. */
export function createGuards(config: GuardsConfig | unknown = {}): Guards {
  const parsed = guardsConfigSchema.parse(config);
  const rateLimiter = new RateLimiter(parsed.rateLimit);
  const locks = new ServiceLocks(parsed.serviceLock.enabled);
  return {
    config: parsed,
    rateLimiter,
    locks,
    check(context) {
      for (const guard of STANDARD_GUARDS) guard.check({ ...context, config: parsed });
      locks.assertFree(context.target.service.id, context.target.service.name);
      rateLimiter.check(context.command.actor.id, context.now);
    },
  };
}
