/**
 * Built-in per-service rules: unhealthy or degraded for a while,
 * under-replicated, crash loop and restart rate, each with the remediations a
 * page offers. Services of stale or unsynced backends are never judged here.
 */
import type { Service } from '../../model/service.js';
import type { ActionKind } from '../../model/action.js';
import type { AlertCondition, SuggestedRemediation } from '../alert.js';
import { condition, type RuleContext } from './rule-context.js';

/** The remediations among `kinds` the service supports, with labels for buttons. */
export function remediationsFor(service: Service, kinds: readonly ActionKind[], args: Partial<Record<ActionKind, Record<string, string | number | boolean>>> = {}): SuggestedRemediation[] {
  return kinds
    .filter((k) => service.actions.includes(k))
    .map((k) => ({ action: k, target: service.id, args: args[k] ?? {}, label: labelOf(k, args[k]) }));
}

function labelOf(kind: ActionKind, args: Record<string, string | number | boolean> | undefined): string {
  if (kind === 'scale' && args?.replicas !== undefined) return `Scale to ${String(args.replicas)}`;
  return kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, ' ');
}

/** Labels that identify a service in every per-service alert. */
export function serviceLabels(service: Service): Record<string, string> {
  return { tenant: service.tenant, backend: service.backend, cluster: service.cluster, service: service.id, name: service.name };
}

function base(service: Service): Pick<AlertCondition, 'tenant' | 'service' | 'backend' | 'source'> {
  return { tenant: service.tenant, service: service.id, backend: service.backend, source: `service:${service.id}` };
}

function counts(service: Service): Record<string, number | string> {
  return { healthy: service.healthy, running: service.running, desired: service.desired, reason: service.health.reason };
}

/** Evaluates the built-in per-service rules. */
export function evaluateServiceRules(service: Service, ctx: RuleContext): AlertCondition[] {
  const out: AlertCondition[] = [];
  const { rules } = ctx.config;
  const labels = serviceLabels(service);
  const status = service.observedHealth.status;
  const since = service.observedHealth.since;
  if (status === 'UNHEALTHY') {
    out.push(
      condition({
        ...base(service),
        kind: 'service-unhealthy',
        severity: 'critical',
        summary: `${service.name} is UNHEALTHY: ${service.health.reason}`,
        labels,
        values: counts(service),
        remediations: remediationsFor(service, ['restart', 'rollback']),
        forMs: rules.unhealthyFor,
        ...(since === undefined ? {} : { since }),
      }),
    );
  } else if (status === 'DEGRADED') {
    out.push(
      condition({
        ...base(service),
        kind: 'service-degraded',
        severity: 'warning',
        summary: `${service.name} is DEGRADED: ${service.health.reason}`,
        labels,
        values: counts(service),
        remediations: remediationsFor(service, ['restart', 'rollback']),
        forMs: rules.degradedFor,
        ...(since === undefined ? {} : { since }),
      }),
    );
  }
  if (service.running < service.desired) {
    out.push(
      condition({
        ...base(service),
        kind: 'under-replicated',
        severity: 'warning',
        summary: `${service.name} runs ${service.running} of ${service.desired} instances`,
        labels,
        values: counts(service),
        remediations: remediationsFor(service, ['restart']),
        forMs: rules.underReplicatedFor,
      }),
    );
  }
  const recent = ctx.restarts.count(service.id, ctx.now, rules.crashLoopWindow);
  const backOff = ctx.view.tasksOf(service.id).some((t) => /CrashLoopBackOff/i.test(t.message ?? ''));
  if (recent >= rules.crashLoopRestarts || backOff) {
    out.push(
      condition({
        ...base(service),
        kind: 'crash-loop',
        severity: 'critical',
        summary: `${service.name} is crash looping (${recent} restarts in ${Math.round(rules.crashLoopWindow / 60_000)}m)`,
        labels,
        values: { ...counts(service), restarts: recent },
        remediations: remediationsFor(service, ['rollback', 'restart']),
        forMs: 0,
      }),
    );
  }
  const hourly = ctx.restarts.count(service.id, ctx.now);
  if (hourly > rules.maxRestartsPerHour) {
    out.push(
      condition({
        ...base(service),
        kind: 'restart-rate',
        severity: 'warning',
        summary: `${service.name} restarted ${hourly} times in the last hour`,
        labels,
        values: { restartsPerHour: hourly, limit: rules.maxRestartsPerHour },
        remediations: remediationsFor(service, ['rollback']),
        forMs: 0,
      }),
    );
  }
  return out;
}
