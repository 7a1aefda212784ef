/**
 * The alert as every stage, the pager and the faces see it: one fingerprinted
 * problem with a lifecycle (firing → acknowledged → resolved), the values that
 * made it fire, and the remediations a page offers as buttons.
 */
import type { ActionKind } from '../model/action.js';

/** How urgent an alert is; quiet hours and routing key on it. */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/** Lifecycle state. */
export type AlertState = 'firing' | 'acknowledged' | 'resolved';

/** A remediation a page offers as a button; the command engine runs it when pressed. */
export interface SuggestedRemediation {
  action: ActionKind;
  /** Global id of the target service. */
  target: string;
  args: Record<string, string | number | boolean>;
  label: string;
}

/** What a rule (or an external source) reports while a problem holds. */
export interface AlertCondition {
  fingerprint: string;
  /** Rule kind, e.g. "service-unhealthy", "source-unreachable", "external". */
  kind: string;
  severity: AlertSeverity;
  summary: string;
  /** Identifying labels (tenant, backend, service, plan, alertname…); the fingerprint derives from them. */
  labels: Record<string, string>;
  /** The measurements behind the alert (e.g. healthy 1, desired 3). */
  values: Record<string, string | number>;
  remediations: SuggestedRemediation[];
  /** How long the condition must hold before the alert fires. */
  forMs: number;
  /** When the condition began holding, if the source knows (e.g. health since); else first seen. */
  since?: number;
  /** The evaluated entity ("service:<id>", "backend:<id>", "plan:<id>", "external"). */
  source: string;
  tenant: string;
  service?: string;
  backend?: string;
}

/** A remediation the night policy tried before (or instead of) paging. */
export interface RemediationAttempt {
  remediation: ActionKind;
  target: string;
  at: number;
  outcome: 'succeeded' | 'failed' | 'timed-out';
  summary: string;
}

/** An alert record. */
export interface Alert {
  /** Short stable id people type ("A17"). */
  id: string;
  fingerprint: string;
  kind: string;
  severity: AlertSeverity;
  state: AlertState;
  summary: string;
  labels: Record<string, string>;
  /** Values when the alert fired; kept unchanged through resolve. */
  firedValues: Record<string, string | number>;
  /** Latest values while it fires. */
  values: Record<string, string | number>;
  remediations: SuggestedRemediation[];
  source: string;
  tenant: string;
  service?: string;
  backend?: string;
  firedAt: number;
  updatedAt: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  resolvedAt?: number;
  /** Actor id, or "condition-cleared" when the rule stopped holding. */
  resolvedBy?: string;
  /** True while the flap detector holds it open. */
  flapping?: boolean;
  /** Set while another alert (e.g. source unreachable) inhibits it. */
  inhibitedBy?: string;
  attempts: RemediationAttempt[];
}

/** True while the alert still needs someone. */
export function isOpen(alert: Pick<Alert, 'state'>): boolean {
  return alert.state !== 'resolved';
}
