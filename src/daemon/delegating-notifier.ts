/**
 * A notifier that forwards to another chosen later: alerting needs its
 * notifier when it is built, but the Slack bot that delivers pages needs
 * alerting first. The composition root swaps the target once the bot exists.
 */
import type { DeliveryResult, Notifier, PageMessage } from '../core/alerts/index.js';

/** A Notifier whose target can be replaced at start-up. */
export interface DelegatingNotifier extends Notifier {
  use(target: Notifier): void;
}

/** Creates a delegating notifier starting with `initial` (e.g. the log notifier). */
export function delegatingNotifier(initial: Notifier): DelegatingNotifier {
  let target = initial;
  return {
    use(next) {
      target = next;
    },
    deliver(message: PageMessage, signal?: AbortSignal): Promise<DeliveryResult> {
      return target.deliver(message, signal);
    },
  };
}
