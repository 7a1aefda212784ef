/**
 * Narrow ports the lead wires to the guarded command engine and audit log:
 * alerting never imports them directly, so it stays independent of how
 * commands are authorized and carried out.
 */
import type { Actor } from '../model/actor.js';
import type { ActionKind } from '../model/action.js';

/** Alert actions a person takes. */
export type AlertAction = 'ack' | 'resolve' | 'silence';

/** What the audit log records for an alert action. */
export interface AlertAuditEntry {
  actor: Actor;
  tenant: string;
  action: AlertAction;
  /** Alert id or silence id. */
  target: string;
  at: number;
  detail: Record<string, unknown>;
}

/** Authorizes and audits ack / resolve / silence; `authorize` throws FORBIDDEN when refused. */
export interface AlertActionGate {
  authorize(actor: Actor, tenant: string, action: AlertAction): Promise<void>;
  audit(entry: AlertAuditEntry): Promise<void>;
}

/** A remediation the night policy asks the command engine to run (with its guards and verification). */
export interface RemediationRequest {
  remediation: ActionKind;
  serviceId: string;
  alertId: string;
  signal: AbortSignal;
}

/** What the engine reports after running and verifying a remediation. */
export interface RemediationResult {
  outcome: 'succeeded' | 'failed' | 'timed-out';
  summary: string;
}

/** Runs a named remediation through the guarded command engine. */
export interface RemediationRunner {
  run(request: RemediationRequest): Promise<RemediationResult>;
}
