/**
 * Renders a service's tasks for the CLI: the ids people pass to `kill-task`,
 * with state, health, host, restarts and age; plus a stable JSON form.
 */
import type { Task } from '../../core/model/task.js';
import { formatAge } from '../../core/time/duration.js';
import { textTable, truncate } from './text-table.js';

/** The stable JSON form of a task. */
export function taskToJson(t: Task): Record<string, unknown> {
  return {
    id: t.id,
    service: t.service,
    host: t.host,
    state: t.state,
    ...(t.healthy === undefined ? {} : { healthy: t.healthy }),
    ...(t.startedAt === undefined ? {} : { startedAt: t.startedAt }),
    restarts: t.restarts,
    ...(t.message === undefined ? {} : { message: t.message }),
    ...(t.version === undefined ? {} : { version: t.version }),
  };
}

/** The table people read, running tasks first. */
export function renderTasksTable(tasks: readonly Task[], now: number): string[] {
  if (tasks.length === 0) return ['No tasks.'];
  const order = (t: Task): number => (t.state === 'RUNNING' ? 0 : 1);
  const rows = [...tasks]
    .sort((a, b) => order(a) - order(b) || a.id.localeCompare(b.id))
    .map((t) => [
      t.id,
      t.state,
      t.healthy === undefined ? '-' : t.healthy ? 'healthy' : 'unhealthy',
      t.host,
      String(t.restarts),
      t.startedAt === undefined ? '-' : formatAge(now - t.startedAt),
      truncate(t.message ?? '', 60),
    ]);
  return textTable(['TASK', 'STATE', 'HEALTH', 'HOST', 'RESTARTS', 'AGE', 'MESSAGE'], rows);
}
