/**
 * Per-service SLAs from config: minimum healthy fraction, maximum restarts per
 * hour, maximum time degraded. A breach opens an alert; a healthy-fraction
 * breach suggests a scale-up.
 */
import type { Service } from '../../model/service.js';
import type { AlertCondition } from '../alert.js';
import type { Sla } from '../config.js';
import { nameMatches, condition, type RuleContext } from './rule-context.js';
import { remediationsFor, serviceLabels } from './service-rules.js';

/** True when the SLA's selector covers the service. */
export function slaApplies(sla: Sla, service: Service): boolean {
  const m = sla.match;
  if (m.tenant !== undefined && m.tenant !== service.tenant) return false;
  if (m.backend !== undefined && m.backend !== service.backend) return false;
  if (m.service !== undefined && !nameMatches(m.service, [service.name, service.id])) return false;
  return true;
}

/** Evaluates every SLA covering the service. */
export function evaluateSlaRules(service: Service, ctx: RuleContext): AlertCondition[] {
  const out: AlertCondition[] = [];
  for (const sla of ctx.config.slas) {
    if (!slaApplies(sla, service)) continue;
    const labels = { ...serviceLabels(service), sla: sla.name };
    const common = { tenant: service.tenant, service: service.id, backend: service.backend, source: `service:${service.id}`, severity: sla.severity };
    if (sla.minHealthyFraction !== undefined && service.desired > 0) {
      const fraction = service.healthy / service.desired;
      if (fraction < sla.minHealthyFraction) {
        const replicas = service.desired + sla.scaleUpBy;
        out.push(
          condition({
            ...common,
            kind: 'sla-healthy-fraction',
            summary: `${service.name} breaches SLA ${sla.name}: ${service.healthy}/${service.desired} healthy (minimum ${Math.round(sla.minHealthyFraction * 100)}%)`,
            labels,
            values: { healthy: service.healthy, desired: service.desired, fraction: Number(fraction.toFixed(3)), minimum: sla.minHealthyFraction },
            remediations: remediationsFor(service, ['scale', 'restart'], { scale: { replicas } }),
            forMs: 0,
          }),
        );
      }
    }
    if (sla.maxRestartsPerHour !== undefined) {
      const hourly = ctx.restarts.count(service.id, ctx.now);
      if (hourly > sla.maxRestartsPerHour) {
        out.push(
          condition({
            ...common,
            kind: 'sla-restarts',
            summary: `${service.name} breaches SLA ${sla.name}: ${hourly} restarts in the last hour (maximum ${sla.maxRestartsPerHour})`,
            labels,
            values: { restartsPerHour: hourly, maximum: sla.maxRestartsPerHour },
            remediations: remediationsFor(service, ['rollback', 'restart']),
            forMs: 0,
          }),
        );
      }
    }
    const status = service.observedHealth.status;
    if (sla.maxDegraded !== undefined && (status === 'DEGRADED' || status === 'UNHEALTHY')) {
      const since = service.observedHealth.since ?? ctx.now;
      out.push(
        condition({
          ...common,
          kind: 'sla-degraded-time',
          summary: `${service.name} breaches SLA ${sla.name}: ${status} longer than allowed`,
          labels,
          values: { status, since, maximumMs: sla.maxDegraded },
          remediations: remediationsFor(service, ['scale', 'restart'], { scale: { replicas: service.desired + sla.scaleUpBy } }),
          forMs: sla.maxDegraded,
          since,
        }),
      );
    }
  }
  return out;
}
