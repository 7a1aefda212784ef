/**
 * The dashboard's AuditSource over the audit log: the newest entries as
 * one-line summaries (who, what, on what, how it ended).
 */
import type { AuditLog } from '../../core/audit/index.js';
import type { AuditSource } from '../../tui/ports.js';

/** Reads recent audit entries for the dashboard's `:audit` view. */
export function tuiAuditSource(audit: AuditLog): AuditSource {
  return {
    async recent({ limit }) {
      return audit.entries({ limit, newestFirst: true }).map((e) => ({
        at: e.at,
        actor: e.actor.id,
        action: e.event,
        target: e.target ?? '',
        outcome: e.code ?? e.event.split('.').pop() ?? '',
        ...(e.message === undefined ? {} : { message: e.message }),
      }));
    },
  };
}
