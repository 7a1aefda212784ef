/**
 * The two-person rule: a risky command waits for N other people of a role.
 * The requester can never approve, requests expire, and each approval binds
 * to the exact command through the hash of its canonical form.
 */
import type { Actor } from '../model/actor.js';
import { opsError } from '../errors.js';
import { commandHash } from './command-hash.js';
import type { SubmitResult } from './command-result.js';
import type { ApprovalRequest } from './command-storage-port.js';
import type { Command } from './command.js';
import type { EngineContext } from './engine-context.js';
import type { CommandPreview } from './preview.js';
import type { ResolvedTarget } from './resolve-target.js';

const REQUEST_ID = /^apr-[a-f0-9]{16}$/;

/** The pending-approval result for a request. */
export function pendingResult(request: ApprovalRequest, preview: CommandPreview): SubmitResult {
  return {
    status: 'pending-approval',
    requestId: request.id,
    required: request.required,
    role: request.role,
    approvals: request.approvals,
    expiresAt: request.expiresAt,
    preview,
  };
}

/**
 * Opens (or returns the open) approval request for exactly this command; an
 * already approved request that could not run yet (a guard stopped it) is
 * returned as `approved` so the requester can run it without new votes.
 */
export function requestApproval(
  ctx: EngineContext,
  command: Command,
  target: ResolvedTarget,
  preview: CommandPreview,
  hash: string,
): SubmitResult | { status: 'approved'; request: ApprovalRequest } {
  const now = ctx.clock.now();
  const open = ctx.storage.approvals.findOpen(hash);
  if (open !== undefined && open.expiresAt > now) return open.state === 'approved' ? { status: 'approved', request: open } : pendingResult(open, preview);
  if (open !== undefined) expire(ctx, open);
  const { count, role, ttlMs } = ctx.policy.approval;
  const request: ApprovalRequest = {
    id: ctx.newId(),
    commandHash: hash,
    command,
    serviceId: target.task?.id ?? target.service.id,
    tenant: target.service.tenant,
    requesterId: command.actor.id,
    required: count,
    role,
    createdAt: now,
    expiresAt: now + ttlMs,
    state: 'pending',
    approvals: [],
  };
  ctx.storage.approvals.insert(request);
  ctx.record(command, 'approval.requested', { target, details: { requestId: request.id, required: count, role, expiresAt: request.expiresAt, commandHash: hash } });
  const result = pendingResult(request, preview);
  ctx.emit({ type: 'approval-requested', commandId: command.idempotencyKey, actorId: command.actor.id, tenant: request.tenant, serviceId: target.service.id, summary: preview.summary, result });
  return result;
}

function expire(ctx: EngineContext, request: ApprovalRequest): void {
  ctx.storage.approvals.setState(request.id, 'expired');
  ctx.audit.append({ event: 'approval.expired', actor: { id: 'opsdeck', source: 'system' }, correlationId: request.command.idempotencyKey, tenant: request.tenant, target: request.serviceId, details: { requestId: request.id } });
}

/**
 * Loads a request the actor may decide on; a request of a tenant the actor
 * cannot see is NOT_FOUND, exactly like a missing one.
 */
export function loadOpenRequest(ctx: EngineContext, requestId: string, actor: Actor): ApprovalRequest {
  if (!REQUEST_ID.test(requestId)) {
    throw opsError('INPUT_INVALID', `Invalid approval request id ${JSON.stringify(requestId.slice(0, 40))}.`, { hint: 'Request ids look like apr-0123456789abcdef.' });
  }
  const request = ctx.storage.approvals.get(requestId);
  if (request === undefined || !ctx.access.canSee(actor, request.tenant)) {
    throw opsError('NOT_FOUND', `Approval request ${requestId} was not found.`, { hint: 'Check the id in the message that asked for approval.' });
  }
  if (request.state === 'pending' && ctx.clock.now() >= request.expiresAt) {
    expire(ctx, request);
    throw opsError('CONFLICT', `Approval request ${requestId} has expired.`, { hint: 'The requester must submit the command again.' });
  }
  if (request.state !== 'pending') {
    throw opsError('CONFLICT', `Approval request ${requestId} is already ${request.state}.`, { hint: 'Nothing more to decide on it.' });
  }
  const resolvedId = request.serviceId;
  if (commandHash(request.command, resolvedId) !== request.commandHash) {
    throw opsError('INTEGRITY_VIOLATION', `Approval request ${requestId} does not match its command any more.`, { hint: 'The stored request was altered; submit the command again and check the audit log.' });
  }
  return request;
}

/** Checks that `actor` may vote on the request: never the requester, must hold the role, not read-only. */
export function assertMayApprove(ctx: EngineContext, request: ApprovalRequest, actor: Actor): void {
  if (actor.id === request.requesterId) {
    throw opsError('FORBIDDEN', 'You cannot approve your own request.', { hint: `Ask ${request.required} other person(s) with role ${request.role} to approve.` });
  }
  if (ctx.access.readOnly) throw opsError('READ_ONLY', 'opsdeck is in read-only mode; no approvals are possible.');
  if (!ctx.access.hasRole(actor, request.tenant, request.role)) {
    throw opsError('FORBIDDEN', `Approving needs role ${request.role} in tenant "${request.tenant}".`, { hint: 'Ask someone holding that role.' });
  }
  if (request.approvals.some((v) => v.actorId === actor.id)) {
    throw opsError('CONFLICT', 'You already approved this request.', { hint: `It needs ${request.required} approval(s) from different people.` });
  }
}
