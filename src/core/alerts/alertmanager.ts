/**
 * Alertmanager webhook (version 4) payloads parsed tolerantly into alert
 * conditions, so Prometheus alerts page through the same pipeline.
 */
import { opsError, type OpsdeckError } from '../errors.js';
import type { AlertCondition, AlertSeverity } from './alert.js';
import { fingerprintOf } from './fingerprint.js';

/** One alert from the payload with its status. */
export interface ExternalAlert {
  status: 'firing' | 'resolved';
  condition: AlertCondition;
  startsAt?: number;
  endsAt?: number;
}

/** Parse result: the alerts, or a clear error saying what is wrong. */
export type AlertmanagerParse = { ok: true; alerts: ExternalAlert[]; receiver?: string } | { ok: false; error: OpsdeckError };

function record(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

function time(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) || t <= 0 ? undefined : t;
}

function severityOf(labels: Record<string, string>): AlertSeverity {
  const s = (labels.severity ?? '').toLowerCase();
  if (s === 'critical' || s === 'page' || s === 'error' || s === 'high') return 'critical';
  if (s === 'info' || s === 'none' || s === 'low') return 'info';
  return 'warning';
}

/** Parses a webhook body (object or JSON text); unknown fields are ignored, missing ones defaulted. */
export function parseAlertmanagerWebhook(body: unknown, options: { defaultTenant?: string } = {}): AlertmanagerParse {
  let payload: unknown = body;
  if (typeof body === 'string') {
    try {
      payload = JSON.parse(body);
    } catch (cause) {
      return { ok: false, error: opsError('INPUT_INVALID', 'The Alertmanager webhook body is not JSON.', { cause, hint: 'Point Alertmanager\'s webhook_configs url at this endpoint.' }) };
    }
  }
  if (payload === null || typeof payload !== 'object') {
    return { ok: false, error: opsError('INPUT_INVALID', 'The Alertmanager webhook body is not an object.', { hint: 'Expected {"version":"4","alerts":[…]}.' }) };
  }
  const p = payload as Record<string, unknown>;
  if (p.version !== undefined && String(p.version) !== '4') {
    return { ok: false, error: opsError('UNSUPPORTED', `Alertmanager webhook version ${String(p.version)} is not supported.`, { hint: 'opsdeck reads version 4 payloads.' }) };
  }
  if (!Array.isArray(p.alerts)) {
    return { ok: false, error: opsError('INPUT_INVALID', 'The Alertmanager webhook has no "alerts" list.', { hint: 'Expected {"version":"4","alerts":[…]}.' }) };
  }
  const common = record(p.commonLabels);
  const commonAnnotations = record(p.commonAnnotations);
  const alerts: ExternalAlert[] = [];
  for (const raw of p.alerts) {
    if (raw === null || typeof raw !== 'object') continue;
    const a = raw as Record<string, unknown>;
    const labels = { ...common, ...record(a.labels) };
    if (Object.keys(labels).length === 0) continue;
    const annotations = { ...commonAnnotations, ...record(a.annotations) };
    const status = a.status === 'resolved' || (a.status === undefined && p.status === 'resolved') ? 'resolved' : 'firing';
    const tenant = labels.tenant ?? options.defaultTenant ?? 'default';
    const name = labels.alertname ?? 'external';
    const service = labels.service;
    const startsAt = time(a.startsAt);
    const endsAt = time(a.endsAt);
    alerts.push({
      status,
      condition: {
        fingerprint: typeof a.fingerprint === 'string' && a.fingerprint !== '' ? `am-${a.fingerprint}` : fingerprintOf('external', labels),
        kind: 'external',
        severity: severityOf(labels),
        summary: annotations.summary ?? annotations.description ?? `${name}${service === undefined ? '' : ` on ${service}`}`,
        labels: { ...labels, tenant },
        values: { ...annotations, ...(typeof a.generatorURL === 'string' ? { generatorURL: a.generatorURL } : {}) },
        remediations: [],
        forMs: 0,
        source: 'external',
        tenant,
        ...(service === undefined ? {} : { service }),
      },
      ...(startsAt === undefined ? {} : { startsAt }),
      ...(endsAt === undefined ? {} : { endsAt }),
    });
  }
  return { ok: true, alerts, ...(typeof p.receiver === 'string' ? { receiver: p.receiver } : {}) };
}
