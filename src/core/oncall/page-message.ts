/**
 * Builds the message a notifier delivers from a page and its alerts: what
 * fired (or, when resolved, the values that fired), the remediation buttons
 * and what the night policy already tried.
 */
import type { Alert } from '../alerts/alert.js';
import type { PageMessage, Recipient } from '../notify/notifier.js';
import type { PageRecord } from './page-record.js';

/** Pure: page + alerts + recipient → message. */
export function buildPageMessage(input: {
  page: PageRecord;
  type: PageMessage['type'];
  key: string;
  recipient: Recipient;
  now: number;
  alerts: readonly Alert[];
  step?: { level: number; round: number };
}): PageMessage {
  const { page, type, step } = input;
  return {
    idempotencyKey: input.key,
    pageId: page.id,
    type,
    recipient: input.recipient,
    severity: page.severity,
    title: type === 'resolved' ? `Resolved: ${page.title}` : page.title,
    alerts: input.alerts.map((a) => ({
      id: a.id,
      kind: a.kind,
      severity: a.severity,
      state: a.state,
      summary: a.summary,
      labels: a.labels,
      values: a.state === 'resolved' ? a.firedValues : a.values,
      remediations: a.remediations,
      attempts: a.attempts,
    })),
    level: step?.level ?? page.position.level,
    round: step?.round ?? page.position.round,
    policy: page.policy.name,
    createdAt: input.now,
  };
}
