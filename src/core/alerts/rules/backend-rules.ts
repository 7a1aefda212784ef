/**
 * The backend-wide rule: a synced backend gone STALE opens one "source
 * unreachable" alert, which inhibits that backend's per-service alerts.
 * Nothing is judged before a backend's first full snapshot.
 */
import type { BackendStatus } from '../../state/cluster-state.js';
import type { AlertCondition } from '../alert.js';
import { condition, type RuleContext } from './rule-context.js';

/** Evaluates the backend rule. */
export function evaluateBackendRules(backend: BackendStatus, ctx: RuleContext): AlertCondition[] {
  if (!backend.synced || backend.connection !== 'stale') return [];
  const services = ctx.view.servicesOfBackend(backend.id).length;
  return [
    condition({
      kind: 'source-unreachable',
      severity: 'critical',
      summary: `${backend.id} (${backend.cluster}) is unreachable: ${backend.error?.message ?? 'no data'}; ${services} services not vouched for`,
      labels: { tenant: ctx.config.platformTenant, backend: backend.id, cluster: backend.cluster },
      values: { services, error: backend.error?.message ?? 'no data', ...(backend.staleSince === undefined ? {} : { staleSince: backend.staleSince }) },
      remediations: [],
      forMs: ctx.config.rules.staleFor,
      ...(backend.staleSince === undefined ? {} : { since: backend.staleSince }),
      source: `backend:${backend.id}`,
      tenant: ctx.config.platformTenant,
      backend: backend.id,
    }),
  ];
}
