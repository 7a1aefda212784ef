/**
 * The command engine: the one pipeline every front end goes through —
 * validate → resolve → authorize → guards → preview → confirm or collect
 * approval → execute once per key → verify → audit every step.
 * Front ends never decide policy; they render what this returns.
 */
import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';
import { opsError, toOpsdeckError, type OpsdeckError } from '../errors.js';
import type { Actor } from '../model/actor.js';
import { assertMayApprove, loadOpenRequest, pendingResult, requestApproval } from './approval-flow.js';
import { commandHash } from './command-hash.js';
import type { CommandEvent, SubmitOptions, SubmitResult } from './command-result.js';
import type { ApprovalRequest } from './command-storage-port.js';
import { validateCommand } from './command-validation.js';
import { isSpecCommand, type Command } from './command.js';
import { DEFAULT_CONFIRMATION_POLICY } from './confirmation-policy.js';
import { auditStep, denialOf, type CommandEngineOptions, type EngineContext } from './engine-context.js';
import { supportsCommand } from './execute-command.js';
import { buildPreview, withSpecChange, type CommandPreview } from './preview.js';
import { proposeSpecChange } from './spec/spec-change-stage.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
import { replay, runExecution, scopedKey } from './run-execution.js';

/** The engine every front end talks to. */
export interface CommandEngine {
  /** What the command would do (no side effects besides an audit entry); throws NOT_FOUND / FORBIDDEN / INPUT_INVALID. */
  preview(input: unknown): CommandPreview;
  /**
   * Like preview, and for upgrade / config set also asks the backend for the
   * current vs proposed spec and the plan (no side effects); throws what
   * validation, resolution, authorization or the backend's check throws.
   */
  previewChange(input: unknown, options?: { signal?: AbortSignal }): Promise<CommandPreview>;
  /** Runs the pipeline; never throws for policy, returns the result union. */
  submit(input: unknown, options?: SubmitOptions): Promise<SubmitResult>;
  /** Adds one approval; executes when enough people approved. */
  approve(requestId: string, actor: Actor, options?: { commandHash?: string; signal?: AbortSignal }): Promise<SubmitResult>;
  /** Refuses (or, by the requester, withdraws) a pending request. */
  deny(requestId: string, actor: Actor, options?: { reason?: string }): ApprovalRequest;
  /** Open approval requests the actor may see (for approve buttons and lists). */
  pendingApprovals(actor: Actor): ApprovalRequest[];
  /** Receives every step's event; returns the unsubscribe function. */
  subscribe(listener: (event: CommandEvent) => void): () => void;
  readonly audit: CommandEngineOptions['audit'];
}

interface Prepared {
  command: Command;
  target: ResolvedTarget;
  hash: string;
  preview: CommandPreview;
}

interface Refusal {
  refused: true;
  stage: 'resolve' | 'authorize';
  error: OpsdeckError;
  /** Only once the actor may see the target (never for NOT_FOUND). */
  target?: ResolvedTarget;
}

const isRefusal = (value: Prepared | Refusal): value is Refusal => 'refused' in value;

/** Builds the command engine from its ports. */
export function createCommandEngine(options: CommandEngineOptions): CommandEngine {
  const listeners = new Set<(event: CommandEvent) => void>();
  const inflight = new Map<string, { fingerprint: string; promise: Promise<SubmitResult> }>();
  const ctx: EngineContext = {
    ...options,
    policy: options.policy ?? DEFAULT_CONFIRMATION_POLICY,
    verifyTimeoutMs: options.verifyTimeoutMs ?? 120_000,
    newId: options.newId ?? (() => `apr-${randomBytes(8).toString('hex')}`),
    executing: new Map(),
    emit(event) {
      for (const listener of listeners) {
        try {
          listener({ ...event, at: options.clock.now() });
        } catch (error) {
          options.logger.log('warn', 'command event listener failed', { error });
        }
      }
    },
    record(command, event, extra) {
      auditStep(options.audit, command, event, extra);
      options.logger.log(event === 'command.failed' ? 'warn' : 'debug', event, { commandId: command.idempotencyKey, actor: command.actor.id, kind: command.kind, target: command.target });
    },
    deny(command, stage, error, target) {
      const result = denialOf(stage, error);
      options.logger.log('info', 'command denied', { commandId: command.idempotencyKey, actor: command.actor.id, kind: command.kind, stage, code: result.error.code });
      auditStep(options.audit, command, 'command.denied', {
        ...(target === undefined ? {} : { target }),
        code: result.error.code,
        message: result.error.message,
        details: { stage },
      });
      ctx.emit({
        type: 'denied',
        commandId: command.idempotencyKey,
        actorId: command.actor.id,
        ...(target === undefined ? {} : { tenant: target.service.tenant, serviceId: target.service.id }),
        summary: result.error.message,
        result,
      });
      return result;
    },
  };

  /** Resolves, authorizes and previews; returns the first refusal with its stage. */
  const prepare = (command: Command): Prepared | Refusal => {
    let target: ResolvedTarget;
    try {
      target = resolveTarget(options.store, options.access, command);
    } catch (error) {
      return { refused: true, stage: 'resolve', error: toOpsdeckError(error) };
    }
    try {
      options.access.check(command.actor, target.service.tenant, 'operate', { resource: `Service "${command.target}"` });
    } catch (error) {
      return { refused: true, stage: 'authorize', error: toOpsdeckError(error), target };
    }
    const hash = commandHash(command, target.task?.id ?? target.service.id);
    const supported = supportsCommand(options.backends(target.service.backend), command, target);
    const preview = buildPreview({ command, target, state: options.store, policy: ctx.policy, supported, commandHash: hash });
    return { command, target, hash, preview };
  };
  const refuse = (command: Command, r: Refusal): SubmitResult => ctx.deny(command, r.stage, r.error, r.target);

  /** Adds the backend's proposal (diff + plan) to a spec command's preview; a refusal names the stage. */
  const propose = async (p: Prepared, signal?: AbortSignal): Promise<Prepared | SubmitResult> => {
    const { command } = p;
    if (!isSpecCommand(command) || !p.preview.supported || ctx.storage.idempotency.get(scopedKey(command)) !== undefined) return p;
    try {
      const spec = await proposeSpecChange(options.backends, command, p.target, signal);
      return { ...p, preview: withSpecChange(p.preview, spec) };
    } catch (error) {
      const err = toOpsdeckError(error);
      const stage = err.code === 'CONFLICT' || err.code === 'GUARD_REJECTED' ? 'guard' : err.code === 'UNSUPPORTED' ? 'support' : 'input';
      return ctx.deny(command, stage, err, p.target);
    }
  };
  const isPrepared = (value: Prepared | SubmitResult): value is Prepared => 'hash' in value && 'target' in value;

  const guardAndConfirm = async (unproposed: Prepared, submitOptions: SubmitOptions): Promise<SubmitResult> => {
    const { command, target, hash } = unproposed;
    if (ctx.storage.idempotency.get(scopedKey(command)) !== undefined) return replay(ctx, command, target, unproposed.preview, hash);
    try {
      options.guards.check({ command, target, state: options.store, now: options.clock.now() });
    } catch (error) {
      return ctx.deny(command, 'guard', error, target);
    }
    if (!unproposed.preview.supported) {
      const error = opsError('UNSUPPORTED', `${target.service.name} (${target.service.backend}) does not support ${command.kind}.`, {
        hint: `Actions it supports: ${target.service.actions.join(', ') || 'none'}.`,
      });
      return ctx.deny(command, 'support', error, target);
    }
    const proposed = await propose(unproposed, submitOptions.signal);
    if (!isPrepared(proposed)) return proposed;
    const p = proposed;
    const { preview } = p;
    const level = preview.confirmation;
    const typed = submitOptions.confirmation?.typed;
    if (level === 'approval') {
      const approval = requestApproval(ctx, command, target, preview, hash);
      if (approval.status !== 'approved') return approval;
      ctx.record(command, 'command.approved-earlier', { target, details: { requestId: approval.request.id } });
      return executeApproved(approval.request, p, submitOptions.signal);
    }
    const ok =
      level === 'none' ||
      (level === 'confirm' && (submitOptions.confirmation?.confirmed === true || typed === preview.confirmText)) ||
      (level === 'type-name' && typed === preview.confirmText);
    if (!ok) {
      const mismatch = typed !== undefined && typed !== preview.confirmText;
      const message =
        level === 'confirm'
          ? `Confirm: ${preview.summary}.`
          : mismatch
            ? `The name typed does not match; type "${preview.confirmText}" exactly to ${preview.summary}.`
            : `Type "${preview.confirmText}" to ${preview.summary}.`;
      ctx.record(command, mismatch ? 'command.confirmation-mismatch' : 'command.confirmation-required', { target, details: { level } });
      const result: SubmitResult = { status: 'needs-confirmation', level, preview, message, mismatch };
      ctx.emit({ type: 'needs-confirmation', commandId: command.idempotencyKey, actorId: command.actor.id, tenant: target.service.tenant, serviceId: target.service.id, summary: preview.summary, result });
      return result;
    }
    ctx.record(command, 'command.confirmed', { target, details: { level } });
    return finish(p, submitOptions.signal);
  };

  const finish = async (p: Prepared, signal?: AbortSignal): Promise<SubmitResult> => {
    const result = await runExecution(ctx, { ...p, ...(signal === undefined ? {} : { signal }) });
    ctx.emit({ type: 'completed', commandId: p.command.idempotencyKey, actorId: p.command.actor.id, tenant: p.target.service.tenant, serviceId: p.target.service.id, summary: p.preview.summary, result });
    return result;
  };

  /** Runs an approved request; it stays `approved` (re-runnable by the requester) unless it executed. */
  const executeApproved = async (request: ApprovalRequest, p: Prepared, signal?: AbortSignal): Promise<SubmitResult> => {
    const result = await finish(p, signal);
    if (result.status === 'executed') ctx.storage.approvals.setState(request.id, 'executed', request.decidedBy);
    return result;
  };

  const run = async (command: Command, submitOptions: SubmitOptions): Promise<SubmitResult> => {
    ctx.record(command, 'command.submitted');
    const prepared = prepare(command);
    if (isRefusal(prepared)) return refuse(command, prepared);
    return guardAndConfirm(prepared, submitOptions);
  };

  return {
    audit: options.audit,
    preview(input) {
      const command = validateCommand(input);
      const prepared = prepare(command);
      if (isRefusal(prepared)) {
        ctx.record(command, 'command.preview-denied', { code: prepared.error.code, message: prepared.error.message, details: { stage: prepared.stage } });
        throw prepared.error;
      }
      ctx.record(command, 'command.previewed', { target: prepared.target, details: { risk: prepared.preview.risk, confirmation: prepared.preview.confirmation } });
      return prepared.preview;
    },
    async previewChange(input, previewOptions = {}) {
      const command = validateCommand(input);
      const prepared = prepare(command);
      if (isRefusal(prepared)) {
        ctx.record(command, 'command.preview-denied', { code: prepared.error.code, message: prepared.error.message, details: { stage: prepared.stage } });
        throw prepared.error;
      }
      if (!isSpecCommand(command) || !prepared.preview.supported) return prepared.preview;
      try {
        const spec = await proposeSpecChange(options.backends, command, prepared.target, previewOptions.signal);
        const preview = withSpecChange(prepared.preview, spec);
        ctx.record(command, 'command.previewed', { target: prepared.target, details: { risk: preview.risk, confirmation: preview.confirmation, oldSpecHash: spec.oldSpecHash, newSpecHash: spec.newSpecHash } });
        return preview;
      } catch (error) {
        const err = toOpsdeckError(error);
        ctx.record(command, 'command.preview-denied', { target: prepared.target, code: err.code, message: err.message });
        throw err;
      }
    },
    async submit(input, submitOptions = {}) {
      let command: Command;
      try {
        command = validateCommand(input);
      } catch (error) {
        const raw = (input ?? {}) as { actor?: { id?: unknown }; source?: unknown };
        const actorId = String(raw.actor?.id ?? 'unknown').slice(0, 64);
        const source = (['tui', 'slack', 'cli', 'api', 'automation'] as const).find((s) => s === raw.source) ?? 'api';
        const result = denialOf('input', error);
        options.audit.append({ event: 'command.denied', actor: { id: actorId, source }, code: result.error.code, message: result.error.message, details: { stage: 'input' } });
        return result;
      }
      const flightKey = `${scopedKey(command)}|${canonicalJson(submitOptions.confirmation ?? {})}`;
      const fingerprint = canonicalJson({ ...command, source: undefined, actor: command.actor.id });
      const existing = inflight.get(flightKey);
      if (existing !== undefined) {
        if (existing.fingerprint === fingerprint) return existing.promise;
        const conflict = opsError('CONFLICT', 'This idempotency key is in use by a different command.', { hint: 'Use a new idempotency key for a new command.' });
        return ctx.deny(command, 'idempotency', conflict);
      }
      const promise = run(command, submitOptions).finally(() => inflight.delete(flightKey));
      inflight.set(flightKey, { fingerprint, promise });
      return promise;
    },
    async approve(requestId, actor, approveOptions = {}) {
      let request: ApprovalRequest;
      try {
        request = loadOpenRequest(ctx, requestId, actor);
        assertMayApprove(ctx, request, actor);
        if (approveOptions.commandHash !== undefined && approveOptions.commandHash !== request.commandHash) {
          throw opsError('CONFLICT', 'The request is not the command you reviewed.', { hint: 'Review the request again before approving.' });
        }
      } catch (error) {
        const err = toOpsdeckError(error);
        options.audit.append({ event: 'approval.refused', actor: { id: actor.id, source: actor.source }, target: requestId, code: err.code, message: err.message });
        return denialOf('approval', err);
      }
      ctx.storage.approvals.addVote(request.id, { actorId: actor.id, name: actor.name, at: options.clock.now() });
      options.audit.append({ event: 'approval.approved', actor: { id: actor.id, source: actor.source }, correlationId: request.command.idempotencyKey, tenant: request.tenant, target: request.serviceId, details: { requestId: request.id, commandHash: request.commandHash } });
      const updated = ctx.storage.approvals.get(request.id) as ApprovalRequest;
      const prepared = prepare(request.command);
      if (isRefusal(prepared)) return refuse(request.command, prepared);
      if (prepared.hash !== request.commandHash) {
        return ctx.deny(request.command, 'approval', opsError('CONFLICT', 'The target changed since approval was requested.', { hint: 'Submit the command again.' }), prepared.target);
      }
      if (updated.approvals.length < updated.required) {
        const result = pendingResult(updated, prepared.preview);
        ctx.emit({ type: 'approval-updated', commandId: request.command.idempotencyKey, actorId: actor.id, tenant: request.tenant, serviceId: prepared.target.service.id, summary: prepared.preview.summary, result });
        return result;
      }
      ctx.storage.approvals.setState(request.id, 'approved', actor.id);
      try {
        options.guards.check({ command: request.command, target: prepared.target, state: options.store, now: options.clock.now() });
      } catch (error) {
        return ctx.deny(request.command, 'guard', error, prepared.target);
      }
      const proposed = await propose(prepared, approveOptions.signal);
      if (!isPrepared(proposed)) return proposed;
      return executeApproved({ ...updated, decidedBy: actor.id }, proposed, approveOptions.signal);
    },
    deny(requestId, actor, denyOptions = {}) {
      const request = loadOpenRequest(ctx, requestId, actor);
      if (actor.id !== request.requesterId && !ctx.access.hasRole(actor, request.tenant, request.role)) {
        throw opsError('FORBIDDEN', `Denying needs role ${request.role} in tenant "${request.tenant}".`, { hint: 'Only approvers or the requester can close a request.' });
      }
      ctx.storage.approvals.setState(request.id, 'denied', actor.id);
      options.audit.append({
        event: actor.id === request.requesterId ? 'approval.withdrawn' : 'approval.denied',
        actor: { id: actor.id, source: actor.source },
        correlationId: request.command.idempotencyKey,
        tenant: request.tenant,
        target: request.serviceId,
        details: { requestId: request.id, reason: denyOptions.reason },
      });
      return ctx.storage.approvals.get(request.id) as ApprovalRequest;
    },
    pendingApprovals(actor) {
      return ctx.storage.approvals.listPending(options.clock.now()).filter((r) => options.access.canSee(actor, r.tenant));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
