/**
 * A notifier that writes pages to a log (the CLI and demos use it when no
 * Slack is configured). It skips keys it has already written in this process.
 */
import type { Logger } from '../logger.js';
import type { DeliveryResult, Notifier, PageMessage } from './notifier.js';
import { renderPageText } from './render-page.js';

/** Writes each page once as a log line (and optionally as text to `write`). */
export class LogNotifier implements Notifier {
  private readonly seen = new Set<string>();

  constructor(private readonly options: { logger: Logger; write?: (text: string) => void }) {}

  deliver(message: PageMessage): Promise<DeliveryResult> {
    if (!this.seen.has(message.idempotencyKey)) {
      this.seen.add(message.idempotencyKey);
      this.options.logger.log('info', 'page delivered', {
        key: message.idempotencyKey,
        type: message.type,
        to: message.recipient.personId,
        alerts: message.alerts.map((a) => a.id),
        title: message.title,
      });
      this.options.write?.(renderPageText(message));
    }
    return Promise.resolve({ status: 'delivered' });
  }
}
