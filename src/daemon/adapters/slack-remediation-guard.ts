/**
 * Which guard a page's remediation button carries: the typed-name modal when
 * the engine's confirmation policy would want the name typed (or approval) —
 * stateful services, rollbacks, task kills — else Slack's native confirm.
 * Asking for at least what the engine will ask spares a second round trip at 3 AM.
 */
import { confirmationLevel, type Command, type CommandKind, type ConfirmationPolicy } from '../../core/commands/index.js';
import type { ClusterStateView } from '../../core/state/cluster-state.js';

/** Kinds that always get the typed-name guard on a page, whatever the policy says. */
const ALWAYS_TYPED: ReadonlySet<CommandKind> = new Set(['rollback', 'kill-task', 'plan-force-complete', 'pod-replace']);

function commandArgs(kind: CommandKind, args: Record<string, string | number | boolean>): unknown {
  switch (kind) {
    case 'scale':
      return { replicas: Number(args['replicas'] ?? 0) };
    case 'pod-restart':
    case 'pod-replace':
      return { pod: String(args['pod'] ?? '') };
    case 'config-set':
      return { set: {} };
    case 'restart':
    case 'rollback':
    case 'kill-task':
      return undefined;
    default:
      return {};
  }
}

/** The guard for a remediation on `targetId` (a service id, or a task id for kill-task). */
export function remediationGuard(
  input: { kind: CommandKind; targetId: string; args: Record<string, string | number | boolean> },
  state: ClusterStateView,
  policy: ConfirmationPolicy,
): 'confirm' | 'typed-name' {
  if (ALWAYS_TYPED.has(input.kind)) return 'typed-name';
  const task = input.kind === 'kill-task' ? state.task(input.targetId) : undefined;
  const service = state.service(task?.service ?? input.targetId);
  // Unknown target: ask for the most the engine could want.
  if (service === undefined) return 'typed-name';
  const args = commandArgs(input.kind, input.args);
  const command = {
    kind: input.kind,
    actor: { id: 'slack-page', name: 'Slack page', source: 'slack' },
    source: 'slack',
    target: input.targetId,
    idempotencyKey: 'guard-preview',
    ...(args === undefined ? {} : { args }),
  } as Command;
  const level = confirmationLevel(command, { service, ...(task === undefined ? {} : { task }) }, policy);
  return level === 'type-name' || level === 'approval' ? 'typed-name' : 'confirm';
}
