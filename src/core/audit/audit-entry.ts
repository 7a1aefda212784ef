/**
 * The shape of one audit record and the hash that chains it to the previous
 * one: h_n = SHA-256(h_{n-1} || canonical entry).
 */
import { createHash } from 'node:crypto';
import type { CommandSource } from '../model/actor.js';
import { canonicalJson } from './canonical-json.js';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller appends: who did what to what, and how it went. */
export interface AuditRecord {
  /** Dotted event name, e.g. `command.denied`, `command.executed`, `alert.ack`. */
  event: string;
  actor: { id: string; source: CommandSource | 'system' };
  /** Command id / approval id / alert id that ties entries of one flow together. */
  correlationId?: string;
  /** Tenant of the target; absent when the target could not be resolved (never leaks existence). */
  tenant?: string;
  /** Target as given or resolved (service id, task id, alert id). */
  target?: string;
  /** Error code for denials and failures. */
  code?: string;
  message?: string;
  /** Extra JSON-safe facts (arguments, preview summary, receipt). */
  details?: Record<string, unknown>;
}

/** A stored entry: the record plus its sequence number, time and chain hashes. */
export interface AuditEntry extends AuditRecord {
  seq: number;
  at: number;
  prevHash: string;
  hash: string;
}

/** The canonical bytes of an entry (everything except its own hash). */
export function canonicalEntry(entry: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  return canonicalJson({
    seq: entry.seq,
    at: entry.at,
    event: entry.event,
    actor: entry.actor,
    correlationId: entry.correlationId,
    tenant: entry.tenant,
    target: entry.target,
    code: entry.code,
    message: entry.message,
    details: entry.details,
  });
}

/** Computes h_n from h_{n-1} and the entry. */
export function chainHash(prevHash: string, entry: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  return createHash('sha256').update(prevHash).update(canonicalEntry(entry)).digest('hex');
}
