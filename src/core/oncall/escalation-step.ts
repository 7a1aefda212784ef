/**
 * The pure step function of the pager: from a page, the state of its alerts,
 * the time and what woke it, decide what to do next. The executor performs
 * the decision; nothing here touches storage, clocks or notifiers.
 */
import type { Target } from './config.js';
import type { EscalationPosition, FrozenPolicy, PageRecord } from './page-record.js';

/** What the step function needs to know about each alert of the page. */
export interface AlertFact {
  id: string;
  state: 'firing' | 'acknowledged' | 'resolved';
  acknowledgedAt?: number;
  muted: boolean;
}

/** What woke the page: its step timer, its acknowledgement timer, or an alert change. */
export type StepTrigger = 'step' | 'ack-timeout' | 'change';

/** The decision the executor carries out. */
export type StepDecision =
  | { type: 'close'; summaryTo: string[] }
  | { type: 'hold'; ackTimeoutAt?: number }
  | { type: 'ack-expired'; alertIds: string[] }
  | { type: 'resume'; at: number }
  | { type: 'muted'; recheckAt: number }
  | { type: 'notify'; level: number; round: number; targets: Target[]; alertIds: string[]; next: EscalationPosition; nextAt: number }
  | { type: 'exhausted' }
  | { type: 'none' };

/** How often a fully muted page looks again whether the mute ended. */
export const MUTED_RECHECK_MS = 60_000;

/** The position after notifying at `position`. */
export function nextPosition(position: EscalationPosition, policy: FrozenPolicy): EscalationPosition {
  const level = policy.levels[position.level];
  if (level !== undefined && position.attempt + 1 < level.times) return { ...position, attempt: position.attempt + 1 };
  if (position.level + 1 < policy.levels.length) return { round: position.round, level: position.level + 1, attempt: 0 };
  return { round: position.round + 1, level: 0, attempt: 0 };
}

/** Decides the page's next move. */
export function decideStep(page: Pick<PageRecord, 'policy' | 'position' | 'notified' | 'status'>, alerts: readonly AlertFact[], now: number, trigger: StepTrigger): StepDecision {
  const open = alerts.filter((a) => a.state !== 'resolved');
  if (open.length === 0) return { type: 'close', summaryTo: [...page.notified] };
  const firing = open.filter((a) => a.state === 'firing');
  if (firing.length === 0) {
    if (trigger === 'ack-timeout') return { type: 'ack-expired', alertIds: open.map((a) => a.id) };
    const after = page.policy.reNotifyAcknowledgedAfterMs;
    if (after === undefined) return { type: 'hold' };
    const lastAck = Math.max(...open.map((a) => a.acknowledgedAt ?? now));
    return { type: 'hold', ackTimeoutAt: lastAck + after };
  }
  if (trigger === 'change') return page.status === 'acknowledged' ? { type: 'resume', at: now } : { type: 'none' };
  const audible = firing.filter((a) => !a.muted);
  if (audible.length === 0) return { type: 'muted', recheckAt: now + MUTED_RECHECK_MS };
  const { position, policy } = page;
  const level = policy.levels[position.level];
  if (position.round > policy.repeat || level === undefined) return { type: 'exhausted' };
  return {
    type: 'notify',
    level: position.level,
    round: position.round,
    targets: level.notify,
    alertIds: audible.map((a) => a.id),
    next: nextPosition(position, policy),
    nextAt: now + level.waitMs,
  };
}
