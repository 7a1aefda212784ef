/**
 * Routing: which escalation policy an alert goes to (by tenant, service,
 * severity, kind; first match wins), and the policy frozen into its page.
 */
import type { Alert } from '../alerts/alert.js';
import { nameMatches } from '../alerts/rules/rule-context.js';
import { opsError } from '../errors.js';
import type { OncallConfig } from './config.js';
import type { FrozenPolicy } from './page-record.js';

/** The name of the policy for the alert, or undefined when no route and no default match. */
export function routeAlert(alert: Pick<Alert, 'tenant' | 'service' | 'severity' | 'kind' | 'labels'>, config: OncallConfig): string | undefined {
  for (const route of config.routes) {
    const m = route.match;
    if (m.tenant !== undefined && m.tenant !== alert.tenant) continue;
    if (m.service !== undefined && !nameMatches(m.service, [alert.service ?? '', alert.labels.name ?? '', alert.labels.service ?? ''])) continue;
    if (m.severity !== undefined && !m.severity.includes(alert.severity)) continue;
    if (m.kind !== undefined && !m.kind.includes(alert.kind)) continue;
    return route.policy;
  }
  return config.defaultPolicy;
}

/** Copies a policy out of config so later config changes never alter a running page. */
export function freezePolicy(name: string, config: OncallConfig): FrozenPolicy {
  const policy = config.escalationPolicies.find((p) => p.name === name);
  if (policy === undefined) throw opsError('CONFIG_INVALID', `Escalation policy "${name}" does not exist.`, { hint: 'Check oncall.routes and oncall.defaultPolicy.' });
  return structuredClone({
    name: policy.name,
    levels: policy.levels.map((l) => ({ notify: l.notify, waitMs: l.wait, times: l.times })),
    repeat: policy.repeat,
    ...(policy.reNotifyAcknowledgedAfter === undefined ? {} : { reNotifyAcknowledgedAfterMs: policy.reNotifyAcknowledgedAfter }),
  });
}

/** The grouping key of an alert from the configured labels. */
export function groupKeyOf(alert: Pick<Alert, 'labels' | 'kind'>, by: readonly string[]): string {
  const parts = by.map((k) => `${k}=${alert.labels[k] ?? ''}`);
  // Backend-wide alerts never share a page with per-service ones.
  if (alert.kind === 'source-unreachable') parts.push('kind=source-unreachable');
  return parts.join(',');
}
