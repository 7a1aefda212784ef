/**
 * The shape of a stateless guard: a check over the command, its resolved
 * target and the state that throws a clear error when the command must not run.
 */
import type { ClusterStateView } from '../../state/cluster-state.js';
import type { Command } from '../command.js';
import type { ResolvedTarget } from '../resolve-target.js';
import type { GuardsConfig } from './guards-config.js';

/** Everything a guard may look at. */
export interface GuardContext {
  command: Command;
  target: ResolvedTarget;
  state: ClusterStateView;
  config: GuardsConfig;
  now: number;
}

/** One named guard; `check` throws an OpsdeckError to reject. */
export interface Guard {
  name: string;
  check(context: GuardContext): void;
}
