/**
 * The simulated cluster's internal data: agents, tasks and frameworks as the
 * simulated Mesos master holds them. HTTP layers render these into wire JSON.
 */

/** Mesos TaskState names as they appear on the wire. */
export type MesosTaskState =
  | 'TASK_STAGING'
  | 'TASK_STARTING'
  | 'TASK_RUNNING'
  | 'TASK_KILLING'
  | 'TASK_FINISHED'
  | 'TASK_FAILED'
  | 'TASK_KILLED'
  | 'TASK_ERROR'
  | 'TASK_LOST'
  | 'TASK_DROPPED'
  | 'TASK_UNREACHABLE'
  | 'TASK_GONE'
  | 'TASK_GONE_BY_OPERATOR'
  | 'TASK_UNKNOWN';

/** States after which a simulated task never runs again. */
export const TERMINAL_MESOS_STATES: ReadonlySet<MesosTaskState> = new Set([
  'TASK_FINISHED',
  'TASK_FAILED',
  'TASK_KILLED',
  'TASK_ERROR',
  'TASK_LOST',
  'TASK_DROPPED',
  'TASK_GONE',
  'TASK_GONE_BY_OPERATOR',
]);

/** CPU, memory (MB) and disk (MB). */
export interface SimResources {
  cpus: number;
  mem: number;
  disk: number;
}

/** One simulated Mesos agent. */
export interface SimAgent {
  id: string;
  hostname: string;
  port: number;
  total: SimResources;
  active: boolean;
  registeredAt: number;
}

/** A framework registered with the simulated master (Marathon or an SDK scheduler). */
export interface SimFramework {
  id: string;
  name: string;
  role: string;
  principal: string;
  registeredAt: number;
}

/** One TaskStatus in a task's history. */
export interface SimTaskStatus {
  state: MesosTaskState;
  timestamp: number;
  message?: string;
  reason?: string;
  source: 'SOURCE_MASTER' | 'SOURCE_AGENT' | 'SOURCE_EXECUTOR';
  healthy?: boolean;
}

/** Who launched a task and why, so schedulers can react to its updates. */
export type SimTaskOwner =
  | { kind: 'marathon'; appId: string; version: string }
  | { kind: 'sdk'; service: string; pod: string; taskName: string; goal: 'RUNNING' | 'FINISH' };

/** One simulated Mesos task. */
export interface SimTask {
  id: string;
  name: string;
  frameworkId: string;
  agentId: string;
  state: MesosTaskState;
  statuses: SimTaskStatus[];
  resources: SimResources;
  hasHealthCheck: boolean;
  healthy?: boolean;
  labels: Record<string, string>;
  owner: SimTaskOwner;
  stagedAt: number;
  startedAt?: number;
  /** Scheduling rounds the task has failed its health check in a row. */
  unhealthyRounds?: number;
  /** True once the task should stop (killing, or a once-task finishing). */
  killRequested?: boolean;
  /** The state to report when a requested kill completes. */
  endState?: MesosTaskState;
}
