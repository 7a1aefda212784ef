/**
 * Builds alerting from config: the alert pipeline and pager on the shared
 * SQLite file, with alert actions authorized and audited by the same access
 * gate and audit chain as commands, and the night policy's remediations run
 * through the guarded command engine as the `night-policy` actor.
 */
import type { AccessGate } from '../core/access/index.js';
import type { AuditLog } from '../core/audit/index.js';
import { createAlerting, type Alerting, type AlertActionGate, type Notifier, type RemediationRunner } from '../core/alerts/index.js';
import type { Clock } from '../core/clock.js';
import type { CommandEngine } from '../core/commands/index.js';
import { toOpsdeckError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Actor } from '../core/model/actor.js';
import type { StateStore } from '../core/state/store.js';
import type { SqliteDatabase } from '../core/storage/sqlite-database.js';
import type { LoadedConfig } from './config/load-config.js';
import { resultLine } from './adapters/engine-commands.js';

/** The actor the night policy acts as; bind it to a role in `access` to let it remediate. */
export const NIGHT_POLICY_ACTOR: Actor = { id: 'night-policy', name: 'Night policy', source: 'automation' };

/** Alert actions use the `operate` permission of the alert's tenant, and land in the command audit chain. */
export function alertActionGate(access: AccessGate, audit: AuditLog): AlertActionGate {
  return {
    async authorize(actor, tenant, action) {
      try {
        access.check(actor, tenant, 'operate', { resource: 'The alert' });
      } catch (error) {
        const err = toOpsdeckError(error);
        audit.append({ event: `alert.${action}.denied`, actor: { id: actor.id, source: actor.source }, code: err.code, message: err.message });
        throw err;
      }
    },
    async audit(entry) {
      audit.append({
        event: `alert.${entry.action}`,
        actor: { id: entry.actor.id, source: entry.actor.source },
        tenant: entry.tenant,
        target: entry.target,
        details: entry.detail,
      });
    },
  };
}

/** Runs a night-policy remediation as a guarded command; anything short of a verified success pages. */
export function remediationRunner(engine: CommandEngine, store: StateStore): RemediationRunner {
  return {
    async run(request) {
      const service = store.service(request.serviceId);
      const args = request.remediation === 'scale' && service !== undefined ? { replicas: service.desired + 1 } : undefined;
      const result = await engine.submit(
        {
          kind: request.remediation,
          actor: NIGHT_POLICY_ACTOR,
          source: 'automation',
          target: request.serviceId,
          reason: `night policy for alert ${request.alertId}`,
          idempotencyKey: `night-policy-${request.alertId}-${request.remediation}`,
          ...(args === undefined ? {} : { args }),
        },
        { confirmation: { confirmed: true }, signal: request.signal },
      );
      if (result.status === 'executed') {
        return { outcome: result.outcome.status, summary: `${request.remediation}: ${resultLine(result)}` };
      }
      return { outcome: 'failed', summary: `${request.remediation} not run: ${resultLine(result)}` };
    },
  };
}

/** What alerting needs from the runtime. */
export interface AlertingWiringDeps {
  config: LoadedConfig;
  store: StateStore;
  db: SqliteDatabase;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  access: AccessGate;
  audit: AuditLog;
  engine: CommandEngine;
}

/** Creates the alerting facade (not started: only the process that pages calls start()). */
export function buildAlerting(deps: AlertingWiringDeps): Alerting {
  return createAlerting({
    store: deps.store,
    database: deps.db,
    clock: deps.clock,
    notifier: deps.notifier,
    gate: alertActionGate(deps.access, deps.audit),
    remediation: remediationRunner(deps.engine, deps.store),
    config: { alerts: deps.config.alerts, oncall: deps.config.oncall },
    logger: deps.logger,
  });
}
