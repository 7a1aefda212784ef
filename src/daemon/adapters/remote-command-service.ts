/**
 * The ws API's CommandService over the command engine: each remote request
 * yields its preview, then the engine's result; approvals and denials of
 * requests outside the caller's tenants answer NOT_FOUND, as if absent.
 */
import type { CommandEngine, SubmitResult } from '../../core/commands/index.js';
import { opsError, toOpsdeckError } from '../../core/errors.js';
import type { Actor } from '../../core/model/actor.js';
import { scopeSees, type CommandCallContext, type CommandService, type CommandUpdate, type TenantScope } from '../ports.js';
import { toEngineInput } from './engine-commands.js';

function errorUpdate(error: unknown): CommandUpdate {
  return { status: 'denied', error: toOpsdeckError(error).toJSON() };
}

function notFound(requestId: string): CommandUpdate {
  return errorUpdate(opsError('NOT_FOUND', `Approval request ${requestId} was not found.`, { hint: 'Check the request id; it may have expired.' }));
}

function visibleRequest(engine: CommandEngine, requestId: string, actor: Actor, scope: TenantScope): boolean {
  return engine.pendingApprovals(actor).some((r) => r.id === requestId && scopeSees(scope, r.tenant));
}

/** Builds the CommandService the daemon's ws API calls. */
export function remoteCommandService(engine: CommandEngine): CommandService {
  return {
    async *submit(request, context: CommandCallContext) {
      const input = toEngineInput({
        kind: request.kind,
        actor: context.actor,
        source: 'api',
        target: request.target,
        args: request.args ?? {},
        ...(typeof request.args?.plan === 'string' ? { plan: request.args.plan } : {}),
        ...(typeof request.args?.phase === 'string'
          ? { element: typeof request.args.step === 'string' ? `${request.args.phase}/${request.args.step}` : request.args.phase }
          : {}),
        ...(request.reason === undefined ? {} : { reason: request.reason }),
        ...(request.force === undefined ? {} : { force: request.force }),
        idempotencyKey: request.idempotencyKey,
      });
      try {
        // previewChange is the full preview: for upgrades and config changes it adds the diff and plan.
        yield { status: 'preview', preview: await engine.previewChange(input, { signal: context.signal }) };
      } catch (error) {
        yield errorUpdate(error);
        return;
      }
      const result: SubmitResult = await engine.submit(input, {
        ...(request.confirmation === undefined ? {} : { confirmation: request.confirmation }),
        signal: context.signal,
      });
      yield result;
    },
    async *approve(requestId, context) {
      if (!visibleRequest(engine, requestId, context.actor, context.scope)) {
        yield notFound(requestId);
        return;
      }
      yield await engine.approve(requestId, context.actor, { signal: context.signal });
    },
    async *deny(requestId, context) {
      if (!visibleRequest(engine, requestId, context.actor, context.scope)) {
        yield notFound(requestId);
        return;
      }
      try {
        engine.deny(requestId, context.actor, context.reason === undefined ? {} : { reason: context.reason });
        yield errorUpdate(opsError('APPROVAL_REQUIRED', `Request ${requestId} was denied.`));
      } catch (error) {
        yield errorUpdate(error);
      }
    },
  };
}
