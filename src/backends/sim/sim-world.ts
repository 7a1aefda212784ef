/**
 * The simulated Mesos master's state: agents, frameworks and tasks with their
 * lifecycle (STAGING → STARTING → RUNNING → healthy, KILLING → KILLED), placed
 * on agents by free resources. Schedulers launch and kill through it; the
 * operator API streams every change it makes.
 */
import type { Clock } from '../../core/clock.js';
import type { SeededRandom } from './seeded-random.js';
import {
  TERMINAL_MESOS_STATES,
  type MesosTaskState,
  type SimAgent,
  type SimFramework,
  type SimResources,
  type SimTask,
  type SimTaskOwner,
  type SimTaskStatus,
} from './sim-types.js';

/** A change on the master, in the operator API's event vocabulary. */
export type MasterEvent =
  | { type: 'TASK_ADDED'; task: SimTask }
  | { type: 'TASK_UPDATED'; task: SimTask }
  | { type: 'AGENT_ADDED'; agent: SimAgent }
  | { type: 'AGENT_REMOVED'; agent: SimAgent };

/** What a scheduler asks the master to launch. */
export interface LaunchRequest {
  id: string;
  name: string;
  frameworkId: string;
  resources: SimResources;
  hasHealthCheck: boolean;
  labels?: Record<string, string>;
  owner: SimTaskOwner;
  /** Launch on this agent if it has room (in-place restarts). */
  preferAgent?: string;
}

const MAX_COMPLETED = 200;

/** The master: single source of truth the HTTP layers render. */
export class SimWorld {
  readonly agents = new Map<string, SimAgent>();
  readonly frameworks = new Map<string, SimFramework>();
  readonly tasks = new Map<string, SimTask>();
  readonly completedTasks: SimTask[] = [];
  readonly masterId: string;
  private readonly eventListeners = new Set<(event: MasterEvent) => void>();
  private readonly taskListeners = new Set<(task: SimTask) => void>();
  private agentCounter = 0;
  private frameworkCounter = 0;

  constructor(
    readonly clock: Clock,
    readonly random: SeededRandom,
  ) {
    this.masterId = random.uuid();
  }

  /** Subscribes to master events (the SUBSCRIBE stream); returns the unsubscribe function. */
  onEvent(listener: (event: MasterEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Subscribes a scheduler to task state changes; returns the unsubscribe function. */
  onTaskChange(listener: (task: SimTask) => void): () => void {
    this.taskListeners.add(listener);
    return () => this.taskListeners.delete(listener);
  }

  addAgent(hostname: string, total: SimResources): SimAgent {
    const agent: SimAgent = { id: `${this.masterId}-S${this.agentCounter++}`, hostname, port: 5051, total, active: true, registeredAt: this.clock.now() };
    this.agents.set(agent.id, agent);
    this.emit({ type: 'AGENT_ADDED', agent });
    return agent;
  }

  /** Removes an agent: its tasks become TASK_LOST and schedulers relaunch them elsewhere. */
  removeAgent(agentId: string): SimTask[] {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return [];
    agent.active = false;
    const lost = [...this.tasks.values()].filter((t) => t.agentId === agentId);
    for (const task of lost) this.transition(task, 'TASK_LOST', { source: 'SOURCE_MASTER', reason: 'REASON_AGENT_REMOVED', message: `Agent ${agent.hostname} removed` });
    this.agents.delete(agentId);
    this.emit({ type: 'AGENT_REMOVED', agent });
    return lost;
  }

  registerFramework(name: string, role: string): SimFramework {
    const framework: SimFramework = {
      id: `${this.masterId}-${String(this.frameworkCounter++).padStart(4, '0')}`,
      name,
      role,
      principal: name,
      registeredAt: this.clock.now(),
    };
    this.frameworks.set(framework.id, framework);
    return framework;
  }

  /** Resources in use on an agent by its non-terminal tasks. */
  allocated(agentId: string): SimResources {
    const sum: SimResources = { cpus: 0, mem: 0, disk: 0 };
    for (const task of this.tasks.values()) {
      if (task.agentId !== agentId) continue;
      sum.cpus += task.resources.cpus;
      sum.mem += task.resources.mem;
      sum.disk += task.resources.disk;
    }
    return sum;
  }

  /** Places and stages a task; undefined when no active agent has room. */
  launch(request: LaunchRequest): SimTask | undefined {
    const agent = this.place(request.resources, request.preferAgent);
    if (agent === undefined) return undefined;
    const now = this.clock.now();
    const task: SimTask = {
      id: request.id,
      name: request.name,
      frameworkId: request.frameworkId,
      agentId: agent.id,
      state: 'TASK_STAGING',
      statuses: [{ state: 'TASK_STAGING', timestamp: now / 1000, source: 'SOURCE_MASTER' }],
      resources: request.resources,
      hasHealthCheck: request.hasHealthCheck,
      labels: request.labels ?? {},
      owner: request.owner,
      stagedAt: now,
    };
    this.tasks.set(task.id, task);
    this.emit({ type: 'TASK_ADDED', task });
    this.notify(task);
    return task;
  }

  /** Starts killing a task; it reaches `endState` on the next tick. */
  kill(taskId: string, options: { endState?: MesosTaskState; message?: string } = {}): boolean {
    const task = this.tasks.get(taskId);
    if (task === undefined) return false;
    task.killRequested = true;
    task.endState = options.endState ?? 'TASK_KILLED';
    if (task.state !== 'TASK_KILLING') this.transition(task, 'TASK_KILLING', { source: 'SOURCE_AGENT', ...(options.message ? { message: options.message } : {}) });
    return true;
  }

  /** Ends a task at once without its scheduler asking (a crash or an OOM kill), as the agent would report it. */
  fail(taskId: string, message: string, options: { state?: 'TASK_FAILED' | 'TASK_KILLED'; reason?: string } = {}): boolean {
    const task = this.tasks.get(taskId);
    if (task === undefined) return false;
    this.transition(task, options.state ?? 'TASK_FAILED', { source: 'SOURCE_EXECUTOR', reason: options.reason ?? 'REASON_COMMAND_EXECUTOR_FAILED', message });
    return true;
  }

  /** Sets a running task's health-check result, as the executor would report it. */
  setHealth(taskId: string, healthy: boolean, message?: string): boolean {
    const task = this.tasks.get(taskId);
    if (task === undefined || task.state !== 'TASK_RUNNING' || !task.hasHealthCheck) return false;
    task.healthy = healthy;
    this.transition(task, 'TASK_RUNNING', { source: 'SOURCE_EXECUTOR', healthy, ...(message === undefined ? {} : { message }) });
    return true;
  }

  /** Advances every live task by one lifecycle stage. */
  tick(): void {
    for (const task of [...this.tasks.values()]) {
      switch (task.state) {
        case 'TASK_STAGING':
          this.transition(task, 'TASK_STARTING', { source: 'SOURCE_EXECUTOR' });
          break;
        case 'TASK_STARTING':
          task.startedAt = this.clock.now();
          this.transition(task, 'TASK_RUNNING', { source: 'SOURCE_EXECUTOR' });
          break;
        case 'TASK_RUNNING':
          if (task.owner.kind === 'sdk' && task.owner.goal === 'FINISH') {
            this.transition(task, 'TASK_FINISHED', { source: 'SOURCE_EXECUTOR', message: 'Command exited with status 0' });
          } else if (task.hasHealthCheck && task.healthy === undefined) {
            task.healthy = true;
            this.transition(task, 'TASK_RUNNING', { source: 'SOURCE_EXECUTOR', healthy: true });
          }
          break;
        case 'TASK_KILLING':
          this.transition(task, task.endState ?? 'TASK_KILLED', { source: 'SOURCE_EXECUTOR', message: 'Command terminated with signal Terminated' });
          break;
        default:
          break;
      }
    }
  }

  private place(resources: SimResources, prefer: string | undefined): SimAgent | undefined {
    const fits = (agent: SimAgent): boolean => {
      const used = this.allocated(agent.id);
      return (
        agent.active &&
        used.cpus + resources.cpus <= agent.total.cpus &&
        used.mem + resources.mem <= agent.total.mem &&
        used.disk + resources.disk <= agent.total.disk
      );
    };
    const preferred = prefer === undefined ? undefined : this.agents.get(prefer);
    if (preferred !== undefined && fits(preferred)) return preferred;
    const candidates = [...this.agents.values()].filter(fits);
    return candidates.length === 0 ? undefined : this.random.pick(candidates);
  }

  private transition(task: SimTask, state: MesosTaskState, status: Omit<SimTaskStatus, 'state' | 'timestamp'>): void {
    task.state = state;
    const healthy = status.healthy ?? (state === 'TASK_RUNNING' && task.hasHealthCheck ? task.healthy : undefined);
    const entry: SimTaskStatus = { ...status, state, timestamp: this.clock.now() / 1000, ...(healthy === undefined ? {} : { healthy }) };
    task.statuses.push(entry);
    if (task.statuses.length > 10) task.statuses.splice(0, task.statuses.length - 10);
    if (TERMINAL_MESOS_STATES.has(state)) {
      this.tasks.delete(task.id);
      this.completedTasks.push(task);
      if (this.completedTasks.length > MAX_COMPLETED) this.completedTasks.shift();
    }
    this.emit({ type: 'TASK_UPDATED', task });
    this.notify(task);
  }

  private emit(event: MasterEvent): void {
    for (const listener of [...this.eventListeners]) listener(event);
  }

  private notify(task: SimTask): void {
    for (const listener of [...this.taskListeners]) listener(task);
  }
}
