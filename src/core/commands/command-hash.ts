/**
 * The identity of a command for approvals and idempotency: a SHA-256 of its
 * canonical form with the target resolved, so an approval binds to exactly
 * what was asked (same requester, same target, same arguments, same reason).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';
import type { Command } from './command.js';

/** The canonical, hashable form of a command against its resolved target id. */
export function canonicalCommand(command: Command, resolvedTarget: string): string {
  return canonicalJson({
    kind: command.kind,
    target: resolvedTarget,
    args: command.args ?? {},
    actor: command.actor.id,
    reason: command.reason ?? '',
    force: command.force === true,
  });
}

/** SHA-256 (hex) of the canonical command. */
export function commandHash(command: Command, resolvedTarget: string): string {
  return createHash('sha256').update(canonicalCommand(command, resolvedTarget)).digest('hex');
}
