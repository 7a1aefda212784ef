/**
 * The execute-and-verify stage: claims the idempotency key durably, takes the
 * per-service lock, calls the backend once, follows the state until it
 * converges or a deadline, and stores the result so repeats replay it.
 */
import { isOpsdeckError, opsError, toOpsdeckError } from '../errors.js';
import type { Command } from './command.js';
import type { SubmitResult } from './command-result.js';
import type { EngineContext } from './engine-context.js';
import { executeCommand } from './execute-command.js';
import type { CommandPreview } from './preview.js';
import type { ResolvedTarget } from './resolve-target.js';
import { captureBefore, hasConverged, verifyOutcome } from './verify-outcome.js';
import { isSpecCommand } from './command.js';
import { verifyRollout } from './spec/verify-rollout.js';
import { currentSpecHash } from './spec/rollback-spec-hash.js';

/** Scopes an idempotency key to its actor so two people can never collide. */
export function scopedKey(command: Command): string {
  return `${command.actor.id}:${command.idempotencyKey}`;
}

/** Executes (at most once per key) and verifies; never throws for backend trouble, returns it as a result. */
export async function runExecution(
  ctx: EngineContext,
  input: { command: Command; target: ResolvedTarget; preview: CommandPreview; hash: string; signal?: AbortSignal },
): Promise<SubmitResult> {
  const { command, target, preview, hash } = input;
  const key = scopedKey(command);
  const { idempotency } = ctx.storage;
  if (!idempotency.claim({ key, commandHash: hash, command, createdAt: ctx.clock.now() })) {
    return replay(ctx, command, target, preview, hash);
  }
  const running = executeClaimed(ctx, input, key);
  ctx.executing.set(key, running);
  try {
    return await running;
  } finally {
    ctx.executing.delete(key);
  }
}

async function executeClaimed(
  ctx: EngineContext,
  input: { command: Command; target: ResolvedTarget; preview: CommandPreview; hash: string; signal?: AbortSignal },
  key: string,
): Promise<SubmitResult> {
  const { command, target, preview, hash } = input;
  const { idempotency } = ctx.storage;
  let release: () => void;
  try {
    release = ctx.guards.locks.acquire(target.service.id, target.service.name, `${command.kind} by ${command.actor.name}`);
  } catch (error) {
    idempotency.release(key);
    return ctx.deny(command, 'guard', error, target);
  }
  try {
    ctx.guards.rateLimiter.record(command.actor.id, ctx.clock.now());
    const before = captureBefore(ctx.store, target, ctx.clock.now());
    const spec = preview.specChange;
    const rollbackFrom = command.kind === 'rollback' ? await currentSpecHash(ctx.backends, target.service, input.signal) : undefined;
    const specHashes: Record<string, string> =
      spec !== undefined ? { oldSpecHash: spec.oldSpecHash, newSpecHash: spec.newSpecHash, strategy: spec.strategy } : rollbackFrom === undefined ? {} : { oldSpecHash: rollbackFrom };
    ctx.record(command, 'command.executing', { target, details: { commandHash: hash, ...specHashes } });
    ctx.emit({ type: 'executing', commandId: command.idempotencyKey, actorId: command.actor.id, tenant: target.service.tenant, serviceId: target.service.id, summary: preview.summary });
    let receipt;
    try {
      receipt = await executeCommand(ctx.backends, command, target, {
        idempotencyKey: key,
        ...(input.signal === undefined ? {} : { signal: input.signal }),
      });
    } catch (error) {
      const err = toOpsdeckError(error);
      if (!isOpsdeckError(error)) ctx.logger.log('error', 'backend action failed', { error, commandId: command.idempotencyKey });
      ctx.record(command, 'command.failed', { target, code: err.code, message: err.message });
      const result: SubmitResult = { status: 'failed', commandId: command.idempotencyKey, preview, error: err.toJSON() };
      // A timeout may have reached the orchestrator: keep the claim so a retry cannot act twice.
      if (err.code === 'TIMEOUT') idempotency.complete(key, result);
      else idempotency.release(key);
      return result;
    }
    ctx.record(command, 'command.executed', { target, message: receipt.message, details: { ref: receipt.ref, alreadyInEffect: receipt.alreadyInEffect, ...specHashes } });
    const verify = isSpecCommand(command) || command.kind === 'plan-continue' ? verifyRollout : verifyOutcome;
    const outcome = await verify({
      ...(spec === undefined ? {} : { spec }),
      store: ctx.store,
      clock: ctx.clock,
      command,
      target,
      before,
      receipt,
      timeoutMs: ctx.verifyTimeoutMs,
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
    if (rollbackFrom !== undefined) {
      const rolledTo = await currentSpecHash(ctx.backends, target.service, input.signal);
      if (rolledTo !== undefined) specHashes['newSpecHash'] = rolledTo;
    }
    ctx.record(command, `command.${outcome.status}`, { target, message: outcome.message, details: { health: outcome.health.status, durationMs: outcome.durationMs, suggestion: outcome.suggestion, ...specHashes } });
    const result: SubmitResult = { status: 'executed', commandId: command.idempotencyKey, preview, outcome, replayed: false };
    idempotency.complete(key, result);
    return result;
  } finally {
    release();
  }
}

/** A key already claimed: return the stored result, or (after a crash mid-execution) verify without acting again. */
export async function replay(ctx: EngineContext, command: Command, target: ResolvedTarget, preview: CommandPreview, hash: string): Promise<SubmitResult> {
  const key = scopedKey(command);
  const record = ctx.storage.idempotency.get(key);
  if (record !== undefined && record.commandHash !== hash) {
    const conflict = opsError('CONFLICT', 'This idempotency key was already used for a different command.', {
      hint: 'Use a new idempotency key for a new command.',
    });
    return ctx.deny(command, 'idempotency', conflict, target);
  }
  const running = ctx.executing.get(key);
  if (running !== undefined) return running;
  if (record?.state === 'completed' && record.result !== undefined) {
    const stored = record.result as SubmitResult;
    ctx.record(command, 'command.replayed', { target, details: { status: stored.status } });
    return stored.status === 'executed' ? { ...stored, replayed: true } : stored;
  }
  // Claimed but not completed: another process is executing, or one crashed mid-way. Never act again; verify.
  ctx.record(command, 'command.resumed-verification', { target });
  const converged = hasConverged(ctx.store, command, target, { runningTaskIds: [], stepStatuses: {}, at: ctx.clock.now() });
  const outcome = await verifyOutcome({
    store: ctx.store,
    clock: ctx.clock,
    command,
    target,
    before: { runningTaskIds: [], stepStatuses: {}, at: ctx.clock.now() },
    receipt: { message: converged ? 'executed earlier' : 'execution was interrupted; not repeated' },
    timeoutMs: ctx.verifyTimeoutMs,
  });
  const result: SubmitResult = { status: 'executed', commandId: command.idempotencyKey, preview, outcome, replayed: true };
  ctx.storage.idempotency.complete(key, result);
  return result;
}
