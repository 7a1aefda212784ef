/**
 * The task: one running instance of a service (Mesos task, Swarm task,
 * container, pod), the unit a person kills or inspects.
 */

/** Normalised task states across backends. */
export type TaskState = 'STAGING' | 'STARTING' | 'RUNNING' | 'KILLING' | 'FINISHED' | 'FAILED' | 'KILLED' | 'LOST' | 'UNKNOWN';

/** States after which the task will never run again. */
export const TERMINAL_TASK_STATES: ReadonlySet<TaskState> = new Set(['FINISHED', 'FAILED', 'KILLED', 'LOST']);

/** A task as held in the state store. Ids are globally unique: `<backendId>/<nativeId>`. */
export interface Task {
  id: string;
  nativeId: string;
  backend: string;
  /** Global id of the owning service. */
  service: string;
  host: string;
  state: TaskState;
  /** Health-check result; undefined when the task has no health check. */
  healthy?: boolean;
  startedAt?: number;
  restarts: number;
  /** Last status message (exit reason, health log output, CrashLoopBackOff…). */
  message?: string;
  /** Version / image this task runs. */
  version?: string;
  updatedAt: number;
}

/** What a backend reports for a task (the store adds the global ids). */
export type TaskReport = Omit<Task, 'id' | 'backend' | 'service'> & { serviceNativeId: string };

/** Builds the global id of a task. */
export function taskId(backend: string, nativeId: string): string {
  return `${backend}/${nativeId}`;
}
