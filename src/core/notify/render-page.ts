/**
 * Plain-text rendering of a page, shared by the log notifier and the CLI (the
 * Slack bot renders its own blocks from the same PageMessage).
 */
import type { PageMessage } from './notifier.js';

/** Renders a page as a few lines a person reads at 3 AM. */
export function renderPageText(message: PageMessage): string {
  const lines = [`[${message.type.toUpperCase()}] ${message.title} → ${message.recipient.name}`];
  for (const a of message.alerts) {
    lines.push(`  ${a.id} ${a.severity} ${a.state}: ${a.summary}`);
    for (const t of a.attempts) lines.push(`    tried ${t.remediation}: ${t.outcome} (${t.summary})`);
    if (a.remediations.length > 0 && message.type !== 'resolved') lines.push(`    actions: ${a.remediations.map((r) => r.label).join(' | ')}`);
  }
  if (message.type === 'page') lines.push(`  escalation ${message.policy}: level ${message.level + 1}, round ${message.round + 1}`);
  return lines.join('\n');
}
