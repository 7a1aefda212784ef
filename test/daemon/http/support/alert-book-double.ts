/**
 * An AlertService double that keeps alerts in memory the way the real alert
 * book does for external alerts: one alert per fingerprint, firing →
 * resolved, counted per delivery; it rejects bodies without an alerts list.
 */
import { opsError } from '../../../../src/core/errors.js';
import type { Actor } from '../../../../src/core/model/actor.js';
import { scopeSees, type AlertIngestResult, type AlertService, type AlertView, type SilenceRequest, type TenantScope } from '../../../../src/daemon/ports.js';

/** The double. */
export class AlertBookDouble implements AlertService {
  readonly alerts = new Map<string, AlertView>();
  readonly payloads: unknown[] = [];
  private readonly listeners = new Set<(alert: AlertView) => void>();
  private nextId = 1;

  subscribe(listener: (alert: AlertView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(alert: AlertView): void {
    for (const listener of this.listeners) listener({ ...alert });
  }

  async list(scope: TenantScope): Promise<AlertView[]> {
    return [...this.alerts.values()].filter((a) => scopeSees(scope, a.tenant));
  }

  async ack(alertId: string, context: { actor: Actor; scope: TenantScope }): Promise<AlertView> {
    const alert = [...this.alerts.values()].find((a) => a.id === alertId && scopeSees(context.scope, a.tenant));
    if (alert === undefined) throw opsError('NOT_FOUND', `Alert "${alertId}" was not found.`);
    alert.state = 'acknowledged';
    alert.acknowledgedBy = context.actor.id;
    this.changed(alert);
    return alert;
  }

  async silence(request: SilenceRequest): Promise<{ silenceId: string; endsAt: number }> {
    return { silenceId: `S${this.nextId++}`, endsAt: request.durationMs };
  }

  async ingestAlertmanager(payload: unknown): Promise<AlertIngestResult> {
    const body = payload as { version?: unknown; alerts?: unknown };
    if (body === null || typeof body !== 'object' || !Array.isArray(body.alerts)) {
      throw opsError('INPUT_INVALID', 'The Alertmanager webhook has no "alerts" list.', { hint: 'Expected {"version":"4","alerts":[…]}.' });
    }
    if (body.version !== undefined && body.version !== '4') throw opsError('UNSUPPORTED', `Alertmanager webhook version ${String(body.version)} is not supported.`);
    this.payloads.push(payload);
    const result = { created: 0, updated: 0, resolved: 0 };
    for (const raw of body.alerts as { status?: string; fingerprint?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[]) {
      const fingerprint = raw.fingerprint ?? JSON.stringify(raw.labels ?? {});
      const existing = this.alerts.get(fingerprint);
      const labels = raw.labels ?? {};
      if (raw.status === 'resolved') {
        if (existing !== undefined && existing.state !== 'resolved') {
          existing.state = 'resolved';
          result.resolved++;
          this.changed(existing);
        }
        continue;
      }
      if (existing === undefined || existing.state === 'resolved') {
        const alert: AlertView = {
          id: `A${this.nextId++}`,
          tenant: labels.tenant ?? 'default',
          state: 'firing',
          severity: labels.severity ?? 'warning',
          summary: raw.annotations?.summary ?? labels.alertname ?? 'external',
          ...(labels.service === undefined ? {} : { service: labels.service }),
        };
        this.alerts.set(fingerprint, alert);
        result.created++;
        this.changed(alert);
      } else {
        existing.summary = raw.annotations?.summary ?? existing.summary;
        result.updated++;
        this.changed(existing);
      }
    }
    return result;
  }

  async countByState(): Promise<Record<string, number>> {
    const counts: Record<string, number> = { firing: 0, acknowledged: 0, resolved: 0 };
    for (const a of this.alerts.values()) counts[a.state] = (counts[a.state] ?? 0) + 1;
    return counts;
  }
}

/** An Alertmanager v4 webhook body as Alertmanager 0.27 sends it. */
export function alertmanagerPayload(status: 'firing' | 'resolved', alerts: { fingerprint: string; alertname: string; tenant: string; service?: string; summary?: string }[]): unknown {
  return {
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
    status,
    receiver: 'opsdeck',
    groupLabels: { alertname: alerts[0]?.alertname ?? 'x' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.internal:9093',
    alerts: alerts.map((a) => ({
      status,
      labels: { alertname: a.alertname, tenant: a.tenant, severity: 'critical', ...(a.service === undefined ? {} : { service: a.service }) },
      annotations: { summary: a.summary ?? `${a.alertname} firing` },
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: status === 'resolved' ? '2026-01-01T00:10:00Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.internal:9090/graph',
      fingerprint: a.fingerprint,
    })),
  };
}
