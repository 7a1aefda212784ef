/**
 * The dashboard's ActionGateway over the daemon's ws API. The API has no
 * dry-run, so `preview` sends the command without confirmation: the daemon's
 * engine answers with its preview and stops at needs-confirmation (or files
 * the approval request, or runs an action that needs no confirmation); the
 * confirmed `execute` re-sends the very same idempotency key, so the action
 * runs at most once however often the person retries.
 */
import { randomUUID } from 'node:crypto';
import { opsError } from '../core/errors.js';
import type { ClusterStateView } from '../core/state/cluster-state.js';
import { isProtectedService } from '../daemon/adapters/tui-action-gateway.js';
import { FINAL_COMMAND_STATUSES, type CommandUpdate } from '../daemon/ports.js';
import type { ActionGateway, ActionOutcome, ActionPreview, GivenConfirmation, ProposedAction } from '../tui/ports.js';
import { commandBody, confirmTextOf, errorFromData, outcomeOf, previewLines } from './command-wire.js';
import type { DaemonConnection } from './daemon-connection.js';

/** What the gateway needs. */
export interface RemoteActionGatewayOptions {
  connection: DaemonConnection;
  /** The mirrored state (for the protected mark). */
  state: ClusterStateView;
  /** Idempotency keys (default: random UUIDs). */
  newKey?: () => string;
}

/** A previewed action waiting for the person: its key, and the final answer if the daemon already gave one. */
interface Previewed {
  idempotencyKey: string;
  settled?: ActionOutcome;
}

const REMEMBERED_PREVIEWS = 32;

/** Sends one command and collects its updates up to the final one. */
async function runCommand(connection: DaemonConnection, body: ReturnType<typeof commandBody>, signal: AbortSignal): Promise<{ preview: unknown; final: CommandUpdate }> {
  let preview: unknown;
  let final: CommandUpdate | undefined;
  await connection.request(
    { type: 'command', command: body },
    {
      signal,
      accept: (reply) => {
        if (reply.type !== 'command-update') return false;
        const update = reply.update;
        if (update.status === 'preview') preview = update.preview;
        if (!FINAL_COMMAND_STATUSES.has(update.status)) return false;
        final = update;
        return true;
      },
    },
  );
  if (final === undefined) throw opsError('BACKEND_PROTOCOL', 'The daemon ended a command without a final status.');
  const update: CommandUpdate = final;
  return { preview: preview ?? ('preview' in update ? update.preview : undefined), final: update };
}

/** Builds the remote gateway. */
export function remoteActionGateway(options: RemoteActionGatewayOptions): ActionGateway {
  const { connection, state } = options;
  const newKey = options.newKey ?? (() => `tui-${randomUUID()}`);
  const previewed = new Map<string, Previewed>();
  const remember = (action: ProposedAction, entry: Previewed): void => {
    const key = JSON.stringify(action);
    previewed.delete(key);
    previewed.set(key, entry);
    if (previewed.size > REMEMBERED_PREVIEWS) previewed.delete(previewed.keys().next().value as string);
  };

  return {
    async preview(action, { signal }): Promise<ActionPreview> {
      const idempotencyKey = newKey();
      const { preview, final } = await runCommand(connection, commandBody(action, idempotencyKey), signal);
      const summary = previewLines(preview);
      const isProtected = isProtectedService(state, action.serviceId);
      switch (final.status) {
        case 'denied':
          throw errorFromData(final.error);
        case 'needs-confirmation': {
          remember(action, { idempotencyKey });
          const expectedName = confirmTextOf(preview);
          return {
            summary,
            confirmation: final.level === 'type-name' ? 'typed-name' : 'confirm',
            protected: isProtected,
            ...(final.level === 'type-name' && expectedName !== undefined ? { expectedName } : {}),
          };
        }
        case 'pending-approval':
          remember(action, { idempotencyKey, settled: outcomeOf(final) });
          return { summary: [...summary, `  approval request ${final.requestId} filed; it runs once ${final.required} approver(s) agree`], confirmation: 'approval', protected: isProtected };
        default:
          // Needed no confirmation: the daemon already ran it; execute reports this outcome.
          remember(action, { idempotencyKey, settled: outcomeOf(final) });
          return { summary, confirmation: 'none', protected: isProtected };
      }
    },

    async execute(action, { confirmation, signal }: { confirmation: GivenConfirmation; signal: AbortSignal }): Promise<ActionOutcome> {
      const key = JSON.stringify(action);
      const entry = previewed.get(key);
      previewed.delete(key);
      if (entry?.settled !== undefined) return entry.settled;
      const { final } = await runCommand(connection, commandBody(action, entry?.idempotencyKey ?? newKey(), confirmation), signal);
      return outcomeOf(final);
    },

    isProtected: (serviceId) => isProtectedService(state, serviceId),
  };
}
