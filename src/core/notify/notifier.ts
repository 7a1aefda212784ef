/**
 * The Notifier port: how a page reaches a person (Slack first, a log for the
 * CLI). Delivery says delivered, retryable or permanent, and every message
 * carries an idempotency key a notifier uses to never show the same page twice.
 */
import type { AlertSeverity, RemediationAttempt, SuggestedRemediation } from '../alerts/alert.js';

/** Who receives a message. */
export interface Recipient {
  personId: string;
  name: string;
  timeZone: string;
  /** Contact ids per channel (e.g. slack user id). */
  contacts: Record<string, string>;
}

/** One alert as shown on a page. */
export interface PagedAlert {
  id: string;
  kind: string;
  severity: AlertSeverity;
  state: 'firing' | 'acknowledged' | 'resolved';
  summary: string;
  labels: Record<string, string>;
  values: Record<string, string | number>;
  remediations: SuggestedRemediation[];
  attempts: RemediationAttempt[];
}

/** What a notifier delivers. */
export interface PageMessage {
  /** Same key ⇒ same message: a notifier must not show it twice. */
  idempotencyKey: string;
  pageId: string;
  /** page: needs action; reminder: acknowledged but still firing; resolved: the summary when it is over. */
  type: 'page' | 'reminder' | 'resolved';
  recipient: Recipient;
  severity: AlertSeverity;
  title: string;
  alerts: PagedAlert[];
  /** Escalation position, for "level 2 of 3, attempt 1". */
  level: number;
  round: number;
  policy: string;
  createdAt: number;
}

/** Outcome of one delivery attempt. */
export type DeliveryResult =
  | { status: 'delivered'; ref?: string }
  | { status: 'retryable'; reason: string; retryAfterMs?: number }
  | { status: 'permanent'; reason: string };

/** Delivers pages to people. */
export interface Notifier {
  deliver(message: PageMessage, signal?: AbortSignal): Promise<DeliveryResult>;
}
