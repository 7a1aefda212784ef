/**
 * The dependencies and small shared helpers of the command engine's stages
 * (audit of a step, event publication), so each stage stays a small module.
 */
import type { AccessGate } from '../access/access-gate.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import { toOpsdeckError } from '../errors.js';
import { redact } from '../redact.js';
import type { Logger } from '../logger.js';
import type { StateStore } from '../state/store.js';
import type { Command } from './command.js';
import type { CommandEvent, DenialStage, SubmitResult } from './command-result.js';
import type { ApprovalStore, IdempotencyStore } from './command-storage-port.js';
import type { ConfirmationPolicy } from './confirmation-policy.js';
import type { BackendLookup } from './execute-command.js';
import type { Guards } from './guards/index.js';
import type { ResolvedTarget } from './resolve-target.js';

/** What createCommandEngine needs. */
export interface CommandEngineOptions {
  store: StateStore;
  backends: BackendLookup;
  access: AccessGate;
  guards: Guards;
  audit: AuditLog;
  storage: { approvals: ApprovalStore; idempotency: IdempotencyStore };
  clock: Clock;
  logger: Logger;
  policy?: ConfirmationPolicy;
  /** Deadline for verification after execution. */
  verifyTimeoutMs?: number;
  /** Random id source for approval requests (tests may pin it). */
  newId?: () => string;
}

/** Engine internals shared by its stages. */
export interface EngineContext extends Required<Omit<CommandEngineOptions, 'newId'>> {
  newId: () => string;
  /** Executions under way in this process, by scoped idempotency key (duplicates join them). */
  executing: Map<string, Promise<SubmitResult>>;
  emit(event: Omit<CommandEvent, 'at'>): void;
  /** Appends one audit step for a command. */
  record(command: Command, event: string, extra?: { target?: ResolvedTarget; code?: string; message?: string; details?: Record<string, unknown> }): void;
  /** Audits and publishes a denial and returns it as a result. */
  deny(command: Command, stage: DenialStage, error: unknown, target?: ResolvedTarget): SubmitResult;
}

/** Builds the audit helper used by every stage. */
export function auditStep(
  audit: AuditLog,
  command: Command,
  event: string,
  extra: { target?: ResolvedTarget; code?: string; message?: string; details?: Record<string, unknown> } = {},
): void {
  audit.append({
    event,
    actor: { id: command.actor.id, source: command.source },
    correlationId: command.idempotencyKey,
    ...(extra.target === undefined ? {} : { tenant: extra.target.service.tenant }),
    target: extra.target === undefined ? command.target : (extra.target.task?.id ?? extra.target.service.id),
    ...(extra.code === undefined ? {} : { code: extra.code }),
    ...(extra.message === undefined ? {} : { message: redact(extra.message) }),
    details: {
      kind: command.kind,
      args: command.args ?? {},
      ...(command.reason === undefined ? {} : { reason: redact(command.reason) }),
      force: command.force,
      ...extra.details,
    },
  });
}

/** Turns a thrown error into a denial result (used by EngineContext.deny). */
export function denialOf(stage: DenialStage, error: unknown): Extract<SubmitResult, { status: 'denied' }> {
  return { status: 'denied', stage, error: toOpsdeckError(error).toJSON() };
}
