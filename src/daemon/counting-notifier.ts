/**
 * Wraps a notifier so every page delivery is counted in the daemon's metrics
 * (sent, or failed as retryable / permanent), whatever the notifier is.
 */
import type { Notifier } from '../core/alerts/index.js';
import type { DaemonMetrics } from './metrics/daemon-metrics.js';

/** Counts deliveries of `inner` under the label `name`. */
export function countingNotifier(inner: Notifier, metrics: DaemonMetrics, name: string): Notifier {
  return {
    async deliver(message, signal) {
      const result = await inner.deliver(message, signal);
      if (result.status === 'delivered') metrics.pageSent({ notifier: name });
      else metrics.pageFailed({ notifier: name, kind: result.status });
      return result;
    },
  };
}
