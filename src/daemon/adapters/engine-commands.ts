/**
 * Translations shared by every face's adapter to the command engine: a face's
 * loose request (kind, target parts, string args) into the engine's Command
 * input, and the engine's result into one line a person reads.
 */
import { COMMAND_KINDS, type CommandKind, type SubmitResult } from '../../core/commands/index.js';
import type { Actor, CommandSource } from '../../core/model/actor.js';

/** A face's request before it becomes an engine command. */
export interface LooseCommand {
  kind: string;
  actor: Actor;
  source: CommandSource;
  /** Service ref, or task id for kill-task. */
  target: string;
  args?: Record<string, unknown>;
  plan?: string;
  /** A phase, or `phase/step`. */
  element?: string;
  reason?: string;
  force?: boolean;
  idempotencyKey: string;
}

/** True when the engine runs this kind of command. */
export function isEngineCommandKind(kind: string): kind is CommandKind {
  return (COMMAND_KINDS as readonly string[]).includes(kind);
}

/** Splits `phase/step` (a step is always addressed within its phase). */
export function splitPlanElement(element: string | undefined): { phase?: string; step?: string } {
  if (element === undefined || element === '') return {};
  const slash = element.indexOf('/');
  return slash < 0 ? { phase: element } : { phase: element.slice(0, slash), step: element.slice(slash + 1) };
}

/** Builds the engine's command input; the engine validates everything (bad values get its clear errors). */
export function toEngineInput(request: LooseCommand): Record<string, unknown> {
  const base = {
    kind: request.kind,
    actor: request.actor,
    source: request.source,
    target: request.target,
    idempotencyKey: request.idempotencyKey,
    ...(request.reason === undefined ? {} : { reason: request.reason }),
    ...(request.force === undefined ? {} : { force: request.force }),
  };
  const args = request.args ?? {};
  if (request.kind === 'scale') {
    const raw = args.replicas ?? args.instances ?? args.count;
    return { ...base, args: { replicas: typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw } };
  }
  if (request.kind.startsWith('plan-')) {
    return { ...base, args: { ...(request.plan === undefined ? {} : { plan: request.plan }), ...splitPlanElement(request.element) } };
  }
  if (request.kind === 'pod-restart' || request.kind === 'pod-replace') return { ...base, args: { pod: args.pod } };
  // upgrade and config-set carry their own arguments ({image|version, strategy}, {set, strategy}); the engine validates them.
  return Object.keys(args).length === 0 ? base : { ...base, args };
}

/** The next command a verified outcome offers: rollback after a failed change, continue after a waiting canary. */
export type FollowUpKind = 'rollback' | 'plan-continue';

/** The follow-up a face offers as a button or key after an executed outcome (the engine's typed follow-up). */
export function followUpOf(result: SubmitResult): FollowUpKind | undefined {
  if (result.status !== 'executed') return undefined;
  const { status, followUp } = result.outcome;
  if (followUp === 'rollback' && (status === 'failed' || status === 'timed-out')) return 'rollback';
  if (followUp === 'plan-continue' && status === 'succeeded') return 'plan-continue';
  return undefined;
}

/** One line for a person: what happened, with the engine's message and hint. */
export function resultLine(result: SubmitResult): string {
  switch (result.status) {
    case 'executed':
      return `${result.outcome.status}: ${result.outcome.message}${result.outcome.suggestion ? ` (next: ${result.outcome.suggestion})` : ''}`;
    case 'pending-approval':
      return `waiting for ${result.required} approval(s) from role ${result.role} (request ${result.requestId})`;
    case 'needs-confirmation':
      return result.message;
    case 'denied':
    case 'failed':
      return result.error.hint === undefined ? result.error.message : `${result.error.message} ${result.error.hint}`;
  }
}
