/**
 * Chaos modes for the demo: "gentle" now and then fails a health check,
 * crashes a Marathon task or an SDK pod task (schedulers recover, alerts fire
 * and clear); "rough" also
 * loses agents (and brings fresh ones) and fails plan steps.
 */
import type { Clock } from '../../core/clock.js';
import type { FaultInjector } from './faults.js';
import type { SeededRandom } from './seeded-random.js';

/** How much trouble the simulator makes on its own. */
export type ChaosMode = 'off' | 'gentle' | 'rough';

/** Starts injecting faults every `intervalMs`; returns the stop function. */
export function startChaos(options: { mode: ChaosMode; clock: Clock; random: SeededRandom; faults: FaultInjector; sdkServices: string[]; intervalMs: number }): () => void {
  const { mode, random, faults } = options;
  if (mode === 'off') return () => undefined;
  let rounds = 0;
  return options.clock.every(options.intervalMs, () => {
    rounds++;
    const roll = random.next();
    if (mode === 'rough' && roll < 0.15) {
      faults.loseAgent();
      faults.addAgent();
      return;
    }
    if (mode === 'rough' && roll < 0.25 && options.sdkServices.length > 0) {
      faults.failStep(random.pick(options.sdkServices));
      return;
    }
    if (roll < 0.35) {
      faults.failHealthCheck({ service: random.pick(['/prod/web', '/prod/api', '/prod/keyserver']) });
    } else if (roll < 0.7 || options.sdkServices.length === 0) {
      faults.killTask({ service: random.pick(['/prod/web', '/prod/api', '/analytics/etl-worker']) });
    } else if (rounds % 2 === 0) {
      faults.killTask({ service: random.pick(options.sdkServices) });
    }
  });
}
