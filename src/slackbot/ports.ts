/**
 * The narrow ports the Slack bot needs from the rest of opsdeck. The composition
 * root wires them to the command engine, the alert pipeline and the pager; the
 * bot never imports those modules, so they can move without touching it.
 */
import type { Actor } from '../core/model/actor.js';
import type { ActionKind } from '../core/model/action.js';
import type { HealthStatus } from '../core/model/health.js';
import type { ClusterStateView } from '../core/state/cluster-state.js';

/** How a person confirmed a guarded command before it was submitted. */
export type Confirmation = { level: 'confirm' } | { level: 'typed-name'; typed: string };

/** What the command is aimed at; the engine resolves names to ids. */
export interface CommandTarget {
  /** Service name or global id as the person typed it. */
  service?: string;
  /** Task id (for kill). */
  task?: string;
  /** Plan name (defaults to the engine's choice, usually "deploy"). */
  plan?: string;
  /** Phase or step name for plan restart / force-complete. */
  step?: string;
}

/** A command the Slack bot hands to the guarded command engine. */
export interface CommandRequest {
  kind: ActionKind;
  target: CommandTarget;
  args: Record<string, string | number>;
  reason?: string;
  actor: Actor;
  source: 'slack';
  /** Same key → the engine runs the command at most once and returns the first result. */
  idempotencyKey: string;
  confirmation?: Confirmation;
}

/** What the engine answered to a submitted command. */
export type CommandResult =
  | { status: 'needs-confirmation'; level: 'confirm' | 'typed-name'; preview: string[]; expectedName?: string }
  | { status: 'pending-approval'; requestId: string; approvers: string[]; preview?: string[] }
  | {
      status: 'executed';
      outcome: 'succeeded' | 'failed' | 'timed-out';
      message: string;
      /** The next command the engine suggests, offered as a button: rollback after a failed change, continue after a canary. */
      followUp?: 'rollback' | 'plan-continue';
    }
  | { status: 'denied'; message: string };

/** An attempt refused before reaching the engine (unknown Slack user), kept for the audit trail. */
export interface DeniedAttempt {
  slackUserId: string;
  /** What was attempted, e.g. "restart payments" or "ack alert-17". */
  attempted: string;
  reason: string;
  source: 'slack';
}

/** The guarded command engine as the Slack bot sees it. */
export interface CommandGateway {
  submit(request: CommandRequest, options?: { signal?: AbortSignal }): Promise<CommandResult>;
  /** Second-person approval; the engine refuses the requester approving their own request. */
  approve(requestId: string, actor: Actor): Promise<CommandResult>;
  /** Refuses a pending request; ok false when this actor may not decide it. */
  deny(requestId: string, actor: Actor, reason?: string): Promise<{ ok: boolean; message: string }>;
  /** Audits a refusal the bot made itself (Slack user with no opsdeck actor). */
  reportDenied(attempt: DeniedAttempt): Promise<void>;
}

/** Alert severities as pages show them. */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/** One alert as listed in Slack. */
export interface AlertSummary {
  id: string;
  title: string;
  severity: AlertSeverity;
  state: 'firing' | 'acknowledged' | 'silenced' | 'resolved';
  service?: string;
  since: number;
  acknowledgedBy?: string;
  /** Opsdeck actor ids the alert is currently assigned to (for "my open alerts"). */
  assignees?: string[];
}

/** The result of an alert operation. */
export type AlertOpResult = { ok: true; message: string } | { ok: false; message: string };

/** The alert pipeline as the Slack bot sees it. */
export interface AlertGateway {
  list(filter?: { openOnly?: boolean; assignee?: string }): Promise<AlertSummary[]>;
  ack(alertId: string, actor: Actor): Promise<AlertOpResult>;
  resolve(alertId: string, actor: Actor): Promise<AlertOpResult>;
  silence(alertId: string, options: { actor: Actor; durationMs: number; reason?: string }): Promise<AlertOpResult>;
}

/** One person on call right now. */
export interface OnCallEntry {
  schedule: string;
  actor: Actor;
  /** Slack user id when known, so Slack can mention them. */
  slackUserId?: string;
  until?: number;
}

/** Who is on call, per schedule. */
export interface OnCallGateway {
  current(): Promise<OnCallEntry[]>;
}

/** Read access to live cluster state (the store's read side). */
export type StatusSource = ClusterStateView;

/** Maps a Slack user to an opsdeck actor; undefined means the person is not allowed to act. */
export interface ActorDirectory {
  resolve(slackUserId: string): Promise<Actor | undefined>;
}

/** A remediation button a page offers, chosen by the alert rule. */
export interface RemediationButton {
  kind: ActionKind;
  /** Button text, e.g. "Restart payments". */
  label: string;
  target: CommandTarget;
  args?: Record<string, string | number>;
  /** How the engine will want it confirmed: native confirm dialog or a modal asking for the name. */
  guard: 'confirm' | 'typed-name';
}

/** One recent event shown on a page. */
export interface PageEvent {
  at: number;
  text: string;
}

/** A page the pager asks the Slack bot to deliver. */
export interface Page {
  /** Unique per delivery step (alert + escalation level); re-delivering the same id never duplicates a copy. */
  pageId: string;
  alertId: string;
  title: string;
  severity: AlertSeverity;
  /** Service display name (and id) that broke. */
  service: string;
  serviceId?: string;
  health: { status: HealthStatus; reason: string };
  recentEvents: PageEvent[];
  /** What the night policy already tried, in order ("restarted task web.3 at 03:02 — failed again"). */
  nightPolicyTried: string[];
  runbookUrl?: string;
  remediations: RemediationButton[];
  /** Slack user ids to DM. */
  recipients: string[];
  /** Channel for the service's card (id or name), if any. */
  channel?: string;
  firedAt: number;
  /** Escalation level (1 = first page). */
  level?: number;
}

/** What happened to a page later, reflected on every copy. */
export interface PageUpdate {
  state: 'acknowledged' | 'resolved' | 'silenced' | 'escalated' | 'action';
  /** Who did it, as Slack user id (mentioned) or opsdeck actor name. */
  by?: { slackUserId?: string; name: string };
  /** Extra line, e.g. "Restart payments — succeeded: 3/3 healthy". */
  note?: string;
}

/** A Notifier's answer: delivered, worth retrying later, or never going to work. */
export type DeliveryResult = 'delivered' | 'retryable' | 'permanent';
