/**
 * The dashboard's ActionGateway over the command engine: previews and runs
 * guarded actions as the dashboard's actor (source "tui"), and lists the
 * approvals that actor may decide.
 */
import { randomUUID } from 'node:crypto';
import { renderPreview, type CommandEngine, type SubmitResult } from '../../core/commands/index.js';
import { opsError } from '../../core/errors.js';
import type { Actor } from '../../core/model/actor.js';
import type { ClusterStateView } from '../../core/state/cluster-state.js';
import type { ActionGateway, ActionOutcome, GivenConfirmation, ProposedAction } from '../../tui/ports.js';
import { followUpOf, isEngineCommandKind, resultLine, toEngineInput } from './engine-commands.js';

function argsOf(action: ProposedAction): Record<string, unknown> {
  const strategy = action.strategy === undefined ? {} : { strategy: action.strategy };
  if (action.kind === 'upgrade') return { ...(action.image === undefined ? {} : { image: action.image }), ...(action.version === undefined ? {} : { version: action.version }), ...strategy };
  if (action.kind === 'config-set') return { set: action.set ?? {}, ...strategy };
  return action.replicas === undefined ? {} : { replicas: action.replicas };
}

function input(action: ProposedAction, actor: Actor, idempotencyKey: string): Record<string, unknown> {
  if (!isEngineCommandKind(action.kind)) {
    throw opsError('UNSUPPORTED', `"${action.kind}" is not a command opsdeck can run from the dashboard yet.`);
  }
  const element = action.phase === undefined ? undefined : action.step === undefined ? action.phase : `${action.phase}/${action.step}`;
  return toEngineInput({
    kind: action.kind,
    actor,
    source: 'tui',
    target: action.kind === 'kill-task' ? (action.taskId ?? '') : action.serviceId,
    args: argsOf(action),
    ...(action.plan === undefined ? {} : { plan: action.plan }),
    ...(element === undefined ? {} : { element }),
    ...(action.reason === undefined ? {} : { reason: action.reason }),
    idempotencyKey,
  });
}

function toOutcome(result: SubmitResult): ActionOutcome {
  switch (result.status) {
    case 'executed': {
      const followUp = followUpOf(result);
      return { status: result.outcome.status, message: resultLine(result), ...(followUp === undefined ? {} : { followUp }) };
    }
    case 'pending-approval':
      return { status: 'pending-approval', message: resultLine(result), approvalId: result.requestId };
    case 'needs-confirmation':
    case 'denied':
    case 'failed':
      return { status: 'denied', message: resultLine(result) };
  }
}

function confirmationOf(given: GivenConfirmation): { confirmed?: boolean; typed?: string } | undefined {
  if (given.kind === 'confirm') return { confirmed: true };
  if (given.kind === 'typed-name') return { typed: given.typed };
  return undefined;
}

/** Protected targets are marked in the dashboard: stateful services and those labelled `opsdeck.protected=true`. */
export function isProtectedService(state: ClusterStateView, serviceId: string): boolean {
  const service = state.service(serviceId);
  return service !== undefined && (service.stateful || service.labels['opsdeck.protected'] === 'true');
}

/** Builds the dashboard's gateway for one actor. */
export function tuiActionGateway(engine: CommandEngine, state: ClusterStateView, actor: Actor): ActionGateway {
  return {
    async preview(action, options) {
      const command = input(action, actor, `tui-preview-${randomUUID()}`);
      // Spec changes ask the backend for the current vs proposed spec and the plan, so the dialog shows the real diff.
      const preview = await engine.previewChange(command, { signal: options.signal });
      const confirmation = preview.confirmation === 'type-name' ? 'typed-name' : preview.confirmation;
      return {
        summary: renderPreview(preview),
        confirmation,
        protected: isProtectedService(state, preview.service.id),
        ...(confirmation === 'typed-name' ? { expectedName: preview.confirmText } : {}),
      };
    },
    async execute(action, options) {
      const confirmation = confirmationOf(options.confirmation);
      const result = await engine.submit(input(action, actor, `tui-${randomUUID()}`), {
        ...(confirmation === undefined ? {} : { confirmation }),
        signal: options.signal,
      });
      return toOutcome(result);
    },
    async pendingApprovals() {
      return engine.pendingApprovals(actor).map((r) => ({
        id: r.id,
        summary: `${r.command.kind} ${r.command.target} (${r.required} × ${r.role})`,
        requestedBy: r.requesterId,
        requestedAt: r.createdAt,
        expiresAt: r.expiresAt,
      }));
    },
    isProtected: (serviceId) => isProtectedService(state, serviceId),
  };
}
