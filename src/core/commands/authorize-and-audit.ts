/**
 * The shared front door for any audited action outside the lifecycle
 * commands (alert ack / resolve / silence…): the same access gate decides,
 * and both the decision and the outcome land in the same audit chain.
 */
import type { AccessGate } from '../access/access-gate.js';
import type { Permission } from '../access/access-config.js';
import type { AuditEntry, AuditRecord } from '../audit/audit-entry.js';
import type { AuditLog } from '../audit/audit-log.js';
import { toOpsdeckError } from '../errors.js';
import type { Actor } from '../model/actor.js';

/** One request to act, as another module describes it. */
export interface AuditedActionRequest {
  actor: Actor;
  tenant: string;
  permission: Permission;
  /** Dotted event name, e.g. `alert.ack`. */
  event: string;
  target: string;
  correlationId?: string;
  details?: Record<string, unknown>;
  /** How to name the target in NOT_FOUND errors (e.g. `Alert "a1b2"`). */
  resource?: string;
}

/** Authorization plus audit for modules other than the command engine. */
export interface ActionGate {
  /**
   * Checks the permission; on denial appends `<event>.denied` and throws the
   * gate's error (NOT_FOUND for another tenant's target); on success appends
   * `<event>.authorized` and returns a function that records the outcome.
   */
  authorizeAndAudit(request: AuditedActionRequest): (outcome: { ok: boolean; message?: string; details?: Record<string, unknown> }) => AuditEntry;
  /** Appends any record to the shared audit chain. */
  append(record: AuditRecord): AuditEntry;
}

/** Builds the gate over the access config and the audit log. */
export function createActionGate(deps: { access: AccessGate; audit: AuditLog }): ActionGate {
  const { access, audit } = deps;
  return {
    authorizeAndAudit(request) {
      const base = {
        actor: { id: request.actor.id, source: request.actor.source },
        target: request.target,
        ...(request.correlationId === undefined ? {} : { correlationId: request.correlationId }),
      };
      try {
        access.check(request.actor, request.tenant, request.permission, request.resource === undefined ? {} : { resource: request.resource });
      } catch (error) {
        const err = toOpsdeckError(error);
        audit.append({ ...base, event: `${request.event}.denied`, code: err.code, message: err.message, ...(request.details ? { details: request.details } : {}) });
        throw err;
      }
      audit.append({ ...base, event: `${request.event}.authorized`, tenant: request.tenant, ...(request.details ? { details: request.details } : {}) });
      return (outcome) =>
        audit.append({
          ...base,
          tenant: request.tenant,
          event: `${request.event}.${outcome.ok ? 'done' : 'failed'}`,
          ...(outcome.message === undefined ? {} : { message: outcome.message }),
          ...(outcome.details === undefined ? {} : { details: outcome.details }),
        });
    },
    append: (record) => audit.append(record),
  };
}
