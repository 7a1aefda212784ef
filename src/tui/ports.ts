/**
 * The narrow ports the dashboard talks through. The TUI decides no policy: the
 * lead wires these to the guarded command engine, the alert engine, the pager
 * and the audit log. Every port is optional; a view without one says "not configured".
 */
import type { ActionKind } from '../core/model/action.js';

/** How a spec change rolls out (the engine's strategies). */
export type RolloutStrategy = 'serial' | 'parallel' | 'canary';

/** An action a person proposes from the dashboard, before any policy decision. */
export interface ProposedAction {
  kind: ActionKind;
  serviceId: string;
  taskId?: string;
  /** Plan name (not id) for plan controls. */
  plan?: string;
  phase?: string;
  step?: string;
  replicas?: number;
  /** Upgrade: a new image (Marathon, Swarm, Kubernetes) or package version (DC/OS SDK); exactly one. */
  image?: string;
  version?: string;
  /** Config set: `KEY=VALUE` pairs (env variables, cpus, mem, replicas). */
  set?: Record<string, string>;
  /** Upgrade and config set: how the change rolls out. */
  strategy?: RolloutStrategy;
  reason?: string;
}

/** What confirmation the engine requires before it will execute. */
export type ConfirmationKind = 'none' | 'confirm' | 'typed-name' | 'approval';

/** The engine's preview of an action: what will happen and what it needs from the person. */
export interface ActionPreview {
  /** Human lines: target, effect, guards checked, blast radius. */
  summary: string[];
  confirmation: ConfirmationKind;
  /** True when the target is protected (shown prominently). */
  protected?: boolean;
  /** For 'typed-name': the exact text the person must type (defaults to the service name). */
  expectedName?: string;
}

/** The confirmation the person gave, handed back to the engine on execute. */
export type GivenConfirmation =
  | { kind: 'none' }
  | { kind: 'confirm' }
  | { kind: 'typed-name'; typed: string }
  | { kind: 'approval' };

/** The verified result of executing an action. */
export interface ActionOutcome {
  status: 'succeeded' | 'failed' | 'timed-out' | 'denied' | 'pending-approval';
  message: string;
  /** Set when the outcome is pending approval. */
  approvalId?: string;
  /** What the engine suggests next, offered on a key: roll back a failed change, or continue a waiting canary. */
  followUp?: 'rollback' | 'plan-continue';
}

/** An action waiting for someone's approval. */
export interface PendingApproval {
  id: string;
  /** One-line description, e.g. "restart payments/api". */
  summary: string;
  requestedBy: string;
  requestedAt: number;
  expiresAt?: number;
}

/** Runs guarded actions: preview, execute with confirmation, list pending approvals. */
export interface ActionGateway {
  /** Previews an action; throws an OpsdeckError (FORBIDDEN, GUARD_REJECTED…) when it may not run at all. */
  preview(action: ProposedAction, options: { signal: AbortSignal }): Promise<ActionPreview>;
  /** Executes after the person confirmed; resolves with the verified outcome. */
  execute(action: ProposedAction, options: { confirmation: GivenConfirmation; signal: AbortSignal }): Promise<ActionOutcome>;
  /** Actions waiting for approval. */
  pendingApprovals?(options: { signal: AbortSignal }): Promise<PendingApproval[]>;
  /** True when policy marks the service protected; must be cheap and synchronous (it is asked while drawing). */
  isProtected?(serviceId: string): boolean;
}

/** Alert severities as the dashboard groups them. */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/** One open alert as the dashboard shows it. */
export interface AlertSummary {
  id: string;
  severity: AlertSeverity;
  title: string;
  /** Global service id, when the alert is about a service. */
  serviceId?: string;
  openedAt: number;
  acknowledgedBy?: string;
  silencedUntil?: number;
}

/** Open alerts, with ack and silence when the engine allows them. */
export interface AlertsSource {
  listOpen(options: { signal: AbortSignal }): Promise<AlertSummary[]>;
  /** Optional push: called whenever alerts change, so the view refreshes without waiting for a poll. */
  subscribe?(listener: () => void): () => void;
  acknowledge?(alertId: string, options: { signal: AbortSignal }): Promise<{ message: string }>;
  silence?(alertId: string, options: { durationMs: number; reason?: string; signal: AbortSignal }): Promise<{ message: string }>;
}

/** Who is on call for one schedule right now. */
export interface OnCallEntry {
  schedule: string;
  person: string;
  /** Escalation level (1 = primary). */
  level?: number;
  until?: number;
}

/** Who is on call now. */
export interface OnCallSource {
  current(options: { signal: AbortSignal }): Promise<OnCallEntry[]>;
}

/** One audit log entry as the dashboard shows it. */
export interface AuditSummary {
  at: number;
  actor: string;
  action: string;
  target: string;
  outcome: string;
  message?: string;
}

/** Recent audit entries, newest first. */
export interface AuditSource {
  recent(options: { limit: number; signal: AbortSignal }): Promise<AuditSummary[]>;
}
