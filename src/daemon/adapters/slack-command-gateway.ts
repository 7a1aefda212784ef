/**
 * The Slack bot's CommandGateway over the command engine: Slack requests
 * become engine commands (source "slack"), engine results become what the
 * bot renders, and refusals the bot makes itself are audited.
 */
import type { AuditLog } from '../../core/audit/index.js';
import { renderPreview, type CommandEngine, type SubmitResult } from '../../core/commands/index.js';
import { toOpsdeckError } from '../../core/errors.js';
import type { CommandGateway, CommandRequest, CommandResult } from '../../slackbot/ports.js';
import { SET_PREFIX } from '../../slackbot/action-value.js';
import { followUpOf, isEngineCommandKind, resultLine, toEngineInput } from './engine-commands.js';

/** Slack's flat args as the engine's: `set.KEY` pairs become config-set's `set` record; everything else passes through. */
export function engineArgsOf(kind: string, args: Record<string, string | number>): Record<string, unknown> {
  if (kind !== 'config-set') return args;
  const set: Record<string, string> = {};
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (key.startsWith(SET_PREFIX)) set[key.slice(SET_PREFIX.length)] = String(value);
    else rest[key] = value;
  }
  return { ...rest, set };
}

/** Maps an engine result onto the Slack bot's result union. */
export function toSlackResult(result: SubmitResult): CommandResult {
  switch (result.status) {
    case 'needs-confirmation':
      return {
        status: 'needs-confirmation',
        level: result.level === 'type-name' ? 'typed-name' : 'confirm',
        preview: renderPreview(result.preview),
        ...(result.level === 'type-name' ? { expectedName: result.preview.service.name } : {}),
      };
    case 'pending-approval':
      return { status: 'pending-approval', requestId: result.requestId, approvers: [`${result.required} × ${result.role}`], preview: renderPreview(result.preview) };
    case 'executed': {
      const followUp = followUpOf(result);
      return { status: 'executed', outcome: result.outcome.status, message: resultLine(result), ...(followUp === undefined ? {} : { followUp }) };
    }
    case 'denied':
    case 'failed':
      return { status: 'denied', message: resultLine(result) };
  }
}

/** Builds the gateway the Slack bot submits through. */
export function slackCommandGateway(engine: CommandEngine, audit: AuditLog): CommandGateway {
  return {
    async submit(request: CommandRequest, options = {}) {
      if (!isEngineCommandKind(request.kind)) {
        return { status: 'denied', message: `"${request.kind}" cannot be run from Slack.` };
      }
      const input = toEngineInput({
        kind: request.kind,
        actor: request.actor,
        source: 'slack',
        target: request.target.task ?? request.target.service ?? '',
        args: engineArgsOf(request.kind, request.args),
        ...(request.target.plan === undefined ? {} : { plan: request.target.plan }),
        ...(request.target.step === undefined ? {} : { element: request.target.step }),
        ...(request.reason === undefined ? {} : { reason: request.reason }),
        idempotencyKey: request.idempotencyKey,
      });
      const confirmation =
        request.confirmation === undefined ? undefined : request.confirmation.level === 'confirm' ? { confirmed: true } : { typed: request.confirmation.typed };
      const result = await engine.submit(input, {
        ...(confirmation === undefined ? {} : { confirmation }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      return toSlackResult(result);
    },
    async approve(requestId, actor) {
      return toSlackResult(await engine.approve(requestId, actor));
    },
    async deny(requestId, actor, reason) {
      try {
        engine.deny(requestId, actor, reason === undefined ? {} : { reason });
        return { ok: true, message: `Request ${requestId} was denied.` };
      } catch (error) {
        const e = toOpsdeckError(error);
        return { ok: false, message: e.hint === undefined ? e.message : `${e.message} ${e.hint}` };
      }
    },
    async reportDenied(attempt) {
      audit.append({
        event: 'command.denied',
        actor: { id: `slack:${attempt.slackUserId}`, source: 'slack' },
        code: 'UNAUTHENTICATED',
        message: attempt.reason,
        details: { attempted: attempt.attempted },
      });
    },
  };
}
