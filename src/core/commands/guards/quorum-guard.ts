/**
 * Protects stateful services (SDK services, StatefulSets): no restart, kill
 * or scale-down that would leave fewer healthy members than a majority.
 */
import { opsError } from '../../errors.js';
import type { Guard } from './guard.js';

/** A majority of `members`. */
export function quorumOf(members: number): number {
  return Math.floor(members / 2) + 1;
}

/** Rejects disruptive commands on a stateful service that would break (or cannot prove) quorum. */
export const quorumGuard: Guard = {
  name: 'quorum',
  check({ command, target, config }) {
    if (!config.quorum.enabled || !target.service.stateful) return;
    const { service } = target;
    const disruptive = ['restart', 'kill-task', 'pod-restart', 'pod-replace', 'rollback', 'upgrade', 'config-set'].includes(command.kind);
    const shrinking = command.kind === 'scale' && command.args.replicas < service.desired;
    if (!disruptive && !shrinking) return;
    if (service.health.status === 'STALE' || service.health.status === 'UNKNOWN') {
      throw opsError('GUARD_REJECTED', `Cannot check quorum of ${service.name}: its state is ${service.health.status.toLowerCase()}.`, {
        hint: 'Wait until the backend reports fresh data, then try again.',
        details: { guard: 'quorum' },
      });
    }
    const quorum = quorumOf(service.desired);
    if (shrinking && command.kind === 'scale' && command.args.replicas < quorum) {
      throw opsError('GUARD_REJECTED', `Scaling stateful ${service.name} from ${service.desired} to ${command.args.replicas} would lose quorum (${quorum} needed).`, {
        hint: 'Scale down one member at a time, waiting for the service to settle in between.',
        details: { guard: 'quorum', quorum },
      });
    }
    // A rollback replaces the members the failed change broke first, so with unhealthy members it takes no healthy one down.
    const takesDownHealthy = command.kind === 'kill-task' ? target.task?.healthy !== false : command.kind === 'rollback' ? service.healthy >= service.desired : true;
    // A parallel rollout replaces every member at once.
    const parallel = (command.kind === 'upgrade' || command.kind === 'config-set') && command.args.strategy === 'parallel';
    const left = service.healthy - (disruptive && takesDownHealthy ? (parallel ? service.desired : 1) : 0);
    if (disruptive && left < quorum) {
      throw opsError('GUARD_REJECTED', `${service.name} has ${service.healthy}/${service.desired} healthy members; this would leave ${Math.max(0, left)}, below quorum (${quorum}).`, {
        hint: parallel ? 'Roll stateful services out serially (--strategy serial or canary).' : 'Restore healthy members first; never take down a stateful service beyond its quorum.',
        details: { guard: 'quorum', quorum, healthy: service.healthy },
      });
    }
  },
};
