/**
 * The narrow ports the daemon's network faces (ws API, HTTP webhook) call,
 * so they never import the command engine, alerting or storage directly; the
 * composition root wires real implementations, tests wire doubles.
 *
 * Every call carries the caller's `TenantScope`: an implementation must treat
 * anything outside the scope exactly like something that does not exist
 * (same NOT_FOUND code and message), never FORBIDDEN.
 */
import { COMMAND_KINDS } from '../core/commands/command.js';
import type { Actor } from '../core/model/actor.js';
import type { OpsdeckError } from '../core/errors.js';

/** The tenants a caller may see: a fixed list, or every tenant (`'*'` in config). */
export type TenantScope = { readonly all: true } | { readonly all: false; readonly tenants: ReadonlySet<string> };

/** Builds a scope from config-style tenant names, where `'*'` means every tenant. */
export function tenantScope(tenants: readonly string[]): TenantScope {
  return tenants.includes('*') ? { all: true } : { all: false, tenants: new Set(tenants) };
}

/** True when the scope may see data of `tenant`. */
export function scopeSees(scope: TenantScope, tenant: string): boolean {
  return scope.all || scope.tenants.has(tenant);
}

/** A stable key for grouping callers that see exactly the same tenants. */
export function scopeKey(scope: TenantScope): string {
  return scope.all ? '*' : [...scope.tenants].sort().join('\u0000');
}

/** An authenticated caller: who acts, and what they may see. */
export interface Principal {
  /** Config id of the token entry (safe to log; never the token itself). */
  tokenId: string;
  actor: Actor;
  scope: TenantScope;
}

/** Resolves bearer tokens to principals; tokens are held only as SHA-256 hashes. */
export interface TokenDirectory {
  /** The principal for a presented token, or undefined when it matches no entry. */
  authenticate(token: string): Principal | undefined;
}

/** An error as plain data on the wire (no stack, no cause). */
export type ErrorData = ReturnType<OpsdeckError['toJSON']>;

/** The lifecycle command kinds a remote client may request: every kind the engine runs. */
export const REMOTE_COMMAND_KINDS = COMMAND_KINDS;

/** One remotely requestable command kind (mirrors the engine's CommandKind). */
export type RemoteCommandKind = (typeof REMOTE_COMMAND_KINDS)[number];

/** A command as a remote client asks for it; the daemon has already pinned `target` to a visible global id. */
export interface CommandRequest {
  kind: RemoteCommandKind;
  /** Exact global service id (task id for kill-task), resolved within the caller's scope. */
  target: string;
  args?: Record<string, unknown>;
  reason?: string;
  force?: boolean;
  idempotencyKey: string;
  confirmation?: { confirmed?: boolean; typed?: string };
}

/**
 * One step of a command's life as the engine reports it. Structurally a
 * superset of the engine's SubmitResult, plus `preview` and `executing`
 * progress; payloads (`preview`, `outcome`) pass through to the wire as data.
 */
export type CommandUpdate =
  | { status: 'preview'; preview: unknown }
  | { status: 'needs-confirmation'; level: 'confirm' | 'type-name'; message: string; preview?: unknown; mismatch?: boolean }
  | { status: 'pending-approval'; requestId: string; required: number; approvals?: unknown; expiresAt?: number; preview?: unknown }
  | { status: 'executing'; commandId: string }
  | { status: 'executed'; commandId: string; outcome: unknown; preview?: unknown; replayed?: boolean }
  | { status: 'denied'; stage?: string; error: ErrorData }
  | { status: 'failed'; commandId?: string; error: ErrorData; preview?: unknown };

/** The statuses of CommandUpdate (used as a metrics label: no service names). */
export type CommandUpdateStatus = CommandUpdate['status'];

/** Statuses after which no further update follows for that request. */
export const FINAL_COMMAND_STATUSES: ReadonlySet<CommandUpdateStatus> = new Set(['needs-confirmation', 'pending-approval', 'executed', 'denied', 'failed']);

/** Options every command-service call receives. */
export interface CommandCallContext {
  actor: Actor;
  scope: TenantScope;
  /** Aborts only when the daemon gives up on in-flight work at its shutdown deadline. */
  signal: AbortSignal;
}

/** The guarded command engine as the ws API needs it. */
export interface CommandService {
  /** Runs a command as `actor`; yields updates in order and ends after a final one. */
  submit(request: CommandRequest, context: CommandCallContext): AsyncIterable<CommandUpdate>;
  /** Adds the actor's approval; yields the approval's progress and, once approved, the execution. */
  approve(requestId: string, context: CommandCallContext): AsyncIterable<CommandUpdate>;
  /** Denies a pending request; yields the final `denied` (or an error update). */
  deny(requestId: string, context: CommandCallContext & { reason?: string }): AsyncIterable<CommandUpdate>;
}

/** An alert as remote clients see it (a projection of the alert record; extra fields pass through). */
export interface AlertView {
  id: string;
  tenant: string;
  state: string;
  severity: string;
  summary: string;
  service?: string;
  [field: string]: unknown;
}

/** What one Alertmanager delivery changed. */
export interface AlertIngestResult {
  created: number;
  updated: number;
  resolved: number;
}

/** How a silence is addressed: one alert, or label matchers (`name=value`, `name=~regex`…). */
export interface SilenceRequest {
  alertId?: string;
  matchers?: string[];
  durationMs: number;
  comment?: string;
}

/** Alerting as the daemon's faces need it. */
export interface AlertService {
  /** Alerts the scope may see (open ones first is the implementation's choice). */
  list(scope: TenantScope): Promise<AlertView[]>;
  /** Acknowledges an alert; NOT_FOUND when missing or outside the scope. */
  ack(alertId: string, context: { actor: Actor; scope: TenantScope }): Promise<AlertView>;
  /** Creates a silence within the scope's tenants; returns its id and end time. */
  silence(request: SilenceRequest, context: { actor: Actor; scope: TenantScope }): Promise<{ silenceId: string; endsAt: number }>;
  /** Ingests an Alertmanager v4 webhook body; throws INPUT_INVALID / UNSUPPORTED with the reason when malformed. */
  ingestAlertmanager(payload: unknown): Promise<AlertIngestResult>;
  /** Alert counts by lifecycle state over all tenants (for metrics only). */
  countByState(): Promise<Record<string, number>>;
  /** Optional live feed: called with each alert as it opens or changes; returns the unsubscribe function. */
  subscribe?(listener: (alert: AlertView) => void): () => void;
}
