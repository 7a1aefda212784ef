/**
 * The lifecycle stage: dedupes conditions into alerts by fingerprint, moves
 * them firing → acknowledged → resolved (keeping the values that fired),
 * applies inhibition, writes every change to storage first and then tells
 * listeners (the pager).
 */
import type { Clock } from '../clock.js';
import { opsError } from '../errors.js';
import type { AlertRepository } from '../storage/alert-repository.js';
import { isOpen, type Alert, type AlertCondition, type RemediationAttempt } from './alert.js';

/** Lifecycle events the pager reacts to. */
export type AlertEvent =
  | { type: 'opened'; alert: Alert }
  | { type: 'acknowledged'; alert: Alert }
  | { type: 'unacknowledged'; alert: Alert }
  | { type: 'resolved'; alert: Alert };

/** Open alerts in memory, all alerts in storage. */
export class AlertBook {
  private readonly byId = new Map<string, Alert>();
  private readonly byFingerprint = new Map<string, Alert>();
  private readonly listeners = new Set<(event: AlertEvent) => void>();
  /** backend id → id of its open "source unreachable" alert. */
  private readonly unreachable = new Map<string, string>();

  constructor(
    private readonly repo: AlertRepository,
    private readonly clock: Clock,
  ) {
    for (const alert of repo.open()) this.index(alert);
  }

  /** Runs many lifecycle changes in one storage transaction (one fsync for a burst). */
  batch<T>(fn: () => T): T {
    return this.repo.transaction(fn);
  }

  /** Subscribes to lifecycle events. */
  onEvent(listener: (event: AlertEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Open alerts (firing or acknowledged). */
  open(): Alert[] {
    return [...this.byId.values()];
  }

  /** An alert by id (open ones from memory, others from storage). */
  get(id: string): Alert | undefined {
    return this.byId.get(id) ?? this.repo.get(id);
  }

  /** The open alert with this fingerprint, if any. */
  byFingerprintOpen(fp: string): Alert | undefined {
    return this.byFingerprint.get(fp);
  }

  /** Opens an alert for a condition, or refreshes the open one with the same fingerprint. */
  fire(condition: AlertCondition, options: { flapping?: boolean } = {}): Alert {
    const now = this.clock.now();
    const existing = this.byFingerprint.get(condition.fingerprint);
    if (existing !== undefined) {
      const updated: Alert = { ...existing, values: condition.values, summary: condition.summary, updatedAt: now, ...(options.flapping ? { flapping: true } : {}) };
      this.commit(updated);
      return updated;
    }
    const inhibitor = condition.kind !== 'source-unreachable' && condition.backend !== undefined ? this.unreachable.get(condition.backend) : undefined;
    const alert: Alert = {
      id: `A${this.repo.nextSeq()}`,
      fingerprint: condition.fingerprint,
      kind: condition.kind,
      severity: condition.severity,
      state: 'firing',
      summary: condition.summary,
      labels: { ...condition.labels, alertname: condition.labels.alertname ?? condition.kind, severity: condition.severity },
      firedValues: condition.values,
      values: condition.values,
      remediations: condition.remediations,
      source: condition.source,
      tenant: condition.tenant,
      ...(condition.service === undefined ? {} : { service: condition.service }),
      ...(condition.backend === undefined ? {} : { backend: condition.backend }),
      firedAt: now,
      updatedAt: now,
      ...(options.flapping ? { flapping: true } : {}),
      ...(inhibitor === undefined ? {} : { inhibitedBy: inhibitor }),
      attempts: [],
    };
    this.commit(alert);
    if (alert.kind === 'source-unreachable' && alert.backend !== undefined) this.setInhibition(alert.backend, alert.id);
    this.emit({ type: 'opened', alert });
    return alert;
  }

  /** Updates values only (no lifecycle change). */
  refresh(condition: AlertCondition): void {
    const existing = this.byFingerprint.get(condition.fingerprint);
    if (existing === undefined) return;
    if (JSON.stringify(existing.values) === JSON.stringify(condition.values)) return;
    this.commit({ ...existing, values: condition.values, summary: condition.summary, updatedAt: this.clock.now() });
  }

  /** Resolves the open alert with this fingerprint because its condition cleared. */
  clear(fingerprint: string): Alert | undefined {
    const existing = this.byFingerprint.get(fingerprint);
    return existing === undefined ? undefined : this.resolveAlert(existing, 'condition-cleared');
  }

  /** Acknowledges an open alert on behalf of `actorId`. */
  acknowledge(id: string, actorId: string): Alert {
    const alert = this.mustOpen(id);
    if (alert.state === 'acknowledged') return alert;
    const now = this.clock.now();
    const acked: Alert = { ...alert, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: actorId, updatedAt: now };
    this.commit(acked);
    this.emit({ type: 'acknowledged', alert: acked });
    return acked;
  }

  /** Returns an acknowledged alert to firing (the acknowledgement timed out). */
  unacknowledge(id: string): Alert | undefined {
    const alert = this.byId.get(id);
    if (alert === undefined || alert.state !== 'acknowledged') return undefined;
    const { acknowledgedAt: _at, acknowledgedBy: _by, ...rest } = alert;
    const firing: Alert = { ...rest, state: 'firing', updatedAt: this.clock.now() };
    this.commit(firing);
    this.emit({ type: 'unacknowledged', alert: firing });
    return firing;
  }

  /** Resolves an open alert on behalf of `actorId`. */
  resolve(id: string, actorId: string): Alert {
    return this.resolveAlert(this.mustOpen(id), actorId);
  }

  /** Records a remediation the night policy tried. */
  recordAttempt(id: string, attempt: RemediationAttempt): void {
    const alert = this.byId.get(id) ?? this.repo.get(id);
    if (alert === undefined) return;
    this.commit({ ...alert, attempts: [...alert.attempts, attempt], updatedAt: this.clock.now() });
  }

  private resolveAlert(alert: Alert, by: string): Alert {
    const now = this.clock.now();
    const resolved: Alert = { ...alert, state: 'resolved', resolvedAt: now, resolvedBy: by, updatedAt: now };
    this.commit(resolved);
    if (alert.kind === 'source-unreachable' && alert.backend !== undefined) this.setInhibition(alert.backend, undefined);
    this.emit({ type: 'resolved', alert: resolved });
    return resolved;
  }

  private setInhibition(backend: string, inhibitor: string | undefined): void {
    if (inhibitor === undefined) this.unreachable.delete(backend);
    else this.unreachable.set(backend, inhibitor);
    for (const alert of this.byId.values()) {
      if (alert.backend !== backend || alert.kind === 'source-unreachable') continue;
      if (inhibitor === undefined) {
        const { inhibitedBy: _dropped, ...rest } = alert;
        if (alert.inhibitedBy !== undefined) this.commit(rest);
      } else if (alert.inhibitedBy !== inhibitor) this.commit({ ...alert, inhibitedBy: inhibitor });
    }
  }

  private mustOpen(id: string): Alert {
    const alert = this.byId.get(id);
    if (alert !== undefined) return alert;
    const stored = this.repo.get(id);
    if (stored !== undefined) throw opsError('CONFLICT', `Alert ${id} is already resolved.`, { hint: 'Nothing to do; `opsdeck alerts` lists open alerts.' });
    throw opsError('NOT_FOUND', `There is no alert ${id}.`, { hint: 'Run `opsdeck alerts` to see alert ids.' });
  }

  private commit(alert: Alert): void {
    this.repo.save(alert);
    if (isOpen(alert)) this.index(alert);
    else {
      this.byId.delete(alert.id);
      if (this.byFingerprint.get(alert.fingerprint)?.id === alert.id) this.byFingerprint.delete(alert.fingerprint);
    }
  }

  private index(alert: Alert): void {
    this.byId.set(alert.id, alert);
    this.byFingerprint.set(alert.fingerprint, alert);
    if (alert.kind === 'source-unreachable' && alert.backend !== undefined) this.unreachable.set(alert.backend, alert.id);
  }

  private emit(event: AlertEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
