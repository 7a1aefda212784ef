/**
 * The dashboard's proposed actions as ws `command` bodies, and the daemon's
 * `command-update`s back as what the dashboard shows (preview lines,
 * confirmation kind, outcome), reading wire payloads defensively.
 */
import { renderPreview, type CommandPreview } from '../core/commands/index.js';
import { opsError, OpsdeckError, ERROR_CODES, type ErrorCode } from '../core/errors.js';
import { REMOTE_COMMAND_KINDS, type CommandUpdate, type ErrorData, type RemoteCommandKind } from '../daemon/ports.js';
import type { ActionOutcome, GivenConfirmation, ProposedAction } from '../tui/ports.js';

/** The `command` body of a ws message. */
export interface CommandBody {
  kind: RemoteCommandKind;
  target: string;
  args?: Record<string, string | number | boolean>;
  reason?: string;
  idempotencyKey: string;
  confirmation?: { confirmed?: boolean; typed?: string };
}

function isRemoteKind(kind: string): kind is RemoteCommandKind {
  return (REMOTE_COMMAND_KINDS as readonly string[]).includes(kind);
}

/** Builds the command body; UNSUPPORTED for actions the ws API does not offer. */
export function commandBody(action: ProposedAction, idempotencyKey: string, given?: GivenConfirmation): CommandBody {
  if (!isRemoteKind(action.kind)) {
    throw opsError('UNSUPPORTED', `"${action.kind}" cannot be run through the opsdeck daemon's API.`, { hint: 'Run it on a machine with the embedded core (`opsdeck tui` without --connect).' });
  }
  if (action.kind === 'kill-task' && action.taskId === undefined) throw opsError('INPUT_INVALID', 'Choose a task to kill.');
  const args: Record<string, string | number> = {};
  if (action.replicas !== undefined) args.replicas = action.replicas;
  if (action.plan !== undefined) args.plan = action.plan;
  if (action.phase !== undefined) args.phase = action.phase;
  if (action.step !== undefined) args.step = action.step;
  const confirmation = given?.kind === 'confirm' ? { confirmed: true } : given?.kind === 'typed-name' ? { typed: given.typed } : undefined;
  return {
    kind: action.kind,
    target: action.kind === 'kill-task' ? (action.taskId as string) : action.serviceId,
    ...(Object.keys(args).length === 0 ? {} : { args }),
    ...(action.reason === undefined ? {} : { reason: action.reason }),
    idempotencyKey,
    ...(confirmation === undefined ? {} : { confirmation }),
  };
}

/** Error data from the wire as our error (unknown codes from a newer daemon become BACKEND_ERROR). */
export function errorFromData(data: ErrorData): OpsdeckError {
  const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(data.code) ? data.code : 'BACKEND_ERROR';
  return new OpsdeckError(code, data.message, { retryable: data.retryable, ...(data.hint === undefined ? {} : { hint: data.hint }) });
}

function looksLikePreview(value: unknown): value is CommandPreview {
  const p = value as Partial<CommandPreview> | undefined;
  return (
    typeof p === 'object' && p !== null && typeof p.summary === 'string' && typeof p.service?.id === 'string' && typeof p.health?.status === 'string' &&
    typeof p.counts?.desired === 'number' && Array.isArray(p.changes) && typeof p.blastRadius?.description === 'string' && Array.isArray(p.activePlans) &&
    Array.isArray(p.riskReasons) && Array.isArray(p.warnings)
  );
}

/** The preview as the dashboard's lines (the shared renderer when the payload is an engine preview). */
export function previewLines(preview: unknown): string[] {
  if (looksLikePreview(preview)) return renderPreview(preview);
  const summary = (preview as { summary?: unknown } | undefined)?.summary;
  return [typeof summary === 'string' ? summary : 'The daemon sent no preview for this action.'];
}

/** The text to type for a type-name confirmation, when the preview names it. */
export function confirmTextOf(preview: unknown): string | undefined {
  const text = (preview as { confirmText?: unknown } | undefined)?.confirmText;
  return typeof text === 'string' ? text : undefined;
}

/** A final update as the dashboard's outcome. */
export function outcomeOf(update: CommandUpdate): ActionOutcome {
  switch (update.status) {
    case 'executed': {
      const outcome = (update.outcome ?? {}) as { status?: unknown; message?: unknown; suggestion?: unknown };
      const status = outcome.status === 'failed' || outcome.status === 'timed-out' ? outcome.status : 'succeeded';
      const message = typeof outcome.message === 'string' ? outcome.message : 'executed';
      const next = typeof outcome.suggestion === 'string' ? ` (next: ${outcome.suggestion})` : '';
      return { status, message: `${status}: ${message}${next}${update.replayed === true ? ' (already done earlier; not run again)' : ''}` };
    }
    case 'pending-approval':
      return { status: 'pending-approval', message: `waiting for ${update.required} approval(s) (request ${update.requestId})`, approvalId: update.requestId };
    case 'needs-confirmation':
      return { status: 'denied', message: update.message };
    case 'denied':
    case 'failed':
      return { status: update.status === 'failed' ? 'failed' : 'denied', message: update.error.hint === undefined ? update.error.message : `${update.error.message} ${update.error.hint}` };
    case 'preview':
    case 'executing':
      return { status: 'failed', message: 'The daemon ended the command without a final outcome.' };
  }
}
