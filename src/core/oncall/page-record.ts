/**
 * A page: one escalation run for a group of alerts, with the escalation
 * policy frozen when it opened, its position, and its fencing token.
 */
import type { AlertSeverity } from '../alerts/alert.js';
import type { Target } from './config.js';
import type { ActionKind } from '../model/action.js';

/** An escalation policy as frozen into a page (durations already in ms). */
export interface FrozenPolicy {
  name: string;
  levels: { notify: Target[]; waitMs: number; times: number }[];
  repeat: number;
  reNotifyAcknowledgedAfterMs?: number;
}

/** Where an escalation stands: round of the policy, level, attempt within the level. */
export interface EscalationPosition {
  round: number;
  level: number;
  attempt: number;
}

/** Page lifecycle: waiting (group window / night remediation) → escalating → acknowledged / exhausted → closed. */
export type PageStatus = 'waiting' | 'escalating' | 'acknowledged' | 'exhausted' | 'closed';

/** A stored page. */
export interface PageRecord {
  id: string;
  groupKey: string;
  tenant: string;
  severity: AlertSeverity;
  title: string;
  policy: FrozenPolicy;
  status: PageStatus;
  /** Fencing token: bumped whenever ownership or the plan changes; stale timers and owners are refused. */
  fence: number;
  position: EscalationPosition;
  /** Number of notification steps taken (part of idempotency keys). */
  seq: number;
  /** Person ids notified so far (they get the resolution summary). */
  notified: string[];
  alertIds: string[];
  createdAt: number;
  updatedAt: number;
  /** The night policy's remediation, when one ran before paging. */
  night?: { remediation: ActionKind; verifyMs: number };
}

/** The first position of every escalation. */
export const START: EscalationPosition = { round: 0, level: 0, attempt: 0 };
