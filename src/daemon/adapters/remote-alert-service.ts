/**
 * The daemon's AlertService over alerting: every call is limited to the
 * caller's tenants, and an alert outside them is NOT_FOUND, exactly like a
 * missing one.
 */
import type { Alert, Alerting } from '../../core/alerts/index.js';
import { opsError } from '../../core/errors.js';
import { scopeSees, type AlertService, type AlertView, type TenantScope } from '../ports.js';

function view(alert: Alert): AlertView {
  return {
    id: alert.id,
    tenant: alert.tenant,
    state: alert.state,
    severity: alert.severity,
    summary: alert.summary,
    ...(alert.service === undefined ? {} : { service: alert.service }),
    kind: alert.kind,
    labels: alert.labels,
    firedAt: alert.firedAt,
    ...(alert.acknowledgedBy === undefined ? {} : { acknowledgedBy: alert.acknowledgedBy }),
    ...(alert.resolvedAt === undefined ? {} : { resolvedAt: alert.resolvedAt }),
  };
}

function visible(alerting: Alerting, id: string, scope: TenantScope): Alert {
  const alert = alerting.getAlert(id);
  if (alert === undefined || !scopeSees(scope, alert.tenant)) {
    throw opsError('NOT_FOUND', `Alert "${id}" was not found.`, { hint: 'List alerts to see the ids you can act on.' });
  }
  return alert;
}

/** Picks the tenant a matcher-based silence applies to, within the caller's scope. */
function silenceTenant(matchers: readonly string[], scope: TenantScope): string | undefined {
  const named = matchers.map((m) => /^tenant\s*=\s*"?([^"]+)"?$/.exec(m.trim())?.[1]).find((t) => t !== undefined);
  if (named !== undefined) {
    if (!scopeSees(scope, named)) throw opsError('NOT_FOUND', `Tenant "${named}" was not found.`);
    return named;
  }
  if (scope.all) return undefined;
  if (scope.tenants.size === 1) return [...scope.tenants][0];
  throw opsError('INPUT_INVALID', 'A silence by matchers needs a tenant=<name> matcher when you see several tenants.', {
    hint: `Add one of: ${[...scope.tenants].map((t) => `tenant=${t}`).join(', ')}.`,
  });
}

/** Builds the AlertService the ws API and the Alertmanager webhook call. */
export function remoteAlertService(alerting: Alerting): AlertService {
  return {
    async list(scope) {
      return alerting.listAlerts().filter((a) => scopeSees(scope, a.tenant)).map(view);
    },
    async ack(alertId, context) {
      visible(alerting, alertId, context.scope);
      return view(await alerting.ack(alertId, context.actor));
    },
    async silence(request, context) {
      if (request.alertId !== undefined) {
        visible(alerting, request.alertId, context.scope);
        const s = await alerting.silenceAlert(request.alertId, { for: request.durationMs, actor: context.actor, ...(request.comment === undefined ? {} : { comment: request.comment }) });
        return { silenceId: s.id, endsAt: s.endsAt };
      }
      const matchers = request.matchers ?? [];
      if (matchers.length === 0) throw opsError('INPUT_INVALID', 'A silence needs an alert id or at least one matcher.');
      const tenant = silenceTenant(matchers, context.scope);
      const s = await alerting.silence(matchers.join(','), {
        for: request.durationMs,
        actor: context.actor,
        ...(request.comment === undefined ? {} : { comment: request.comment }),
        ...(tenant === undefined ? {} : { tenant }),
      });
      return { silenceId: s.id, endsAt: s.endsAt };
    },
    async ingestAlertmanager(payload) {
      return alerting.ingestAlertmanager(payload);
    },
    async countByState() {
      return alerting.countByState();
    },
    subscribe(listener) {
      return alerting.onAlertChange((alert) => listener(view(alert)));
    },
  };
}
