/**
 * Fault injection for tests and demos: crash a task, fail a plan step, lose an
 * agent, stall the event streams, slow or corrupt answers, or take the
 * listeners down. Random choices come from the cluster's seeded PRNG, so a
 * given seed injects the same faults.
 */
import type { CorruptionMode, ResponseShaping, SimApi } from './http-util.js';
import type { MarathonEventStream } from './marathon-event-stream.js';
import type { MesosSubscribers } from './mesos-subscribers.js';
import type { SdkScheduler } from './sdk-scheduler.js';
import type { SimWorld } from './sim-world.js';
import type { SimTask } from './sim-types.js';

/** The fault controls a SimulatedCluster exposes. */
export interface SimFaults {
  /** Crashes one task (TASK_FAILED); `service` is a Marathon app id (`/prod/web`) or an SDK service name. Returns the task id. */
  killTask(target?: { taskId?: string; service?: string }): string | undefined;
  /** Makes one running Marathon task fail its health check; Marathon kills and replaces it after 3 failed rounds. Returns the task id. */
  failHealthCheck(target?: { taskId?: string; service?: string }): string | undefined;
  /** Marks a plan step ERROR (the plan answers 417 until the step is restarted or force-completed). Returns the step name. */
  failStep(service: string, ref?: { plan?: string; phase?: string; step?: string }): string | undefined;
  /** Removes an agent: its tasks go TASK_LOST and schedulers relaunch them elsewhere. */
  loseAgent(agentId?: string): { agentId: string; hostname: string; lostTasks: string[] } | undefined;
  /** Registers a fresh agent (e.g. after one was lost). */
  addAgent(hostname?: string): string;
  /** Stops all event streams (Mesos SUBSCRIBE and Marathon SSE): no events, no heartbeats. */
  stallEventStream(): void;
  resumeEventStream(): void;
  /** Delays every non-streaming answer by `delayMs` (0 turns it off). */
  slowResponses(delayMs: number): void;
  /** Makes one API answer with malformed or truncated bodies (undefined turns it off). */
  corruptResponses(api: SimApi, mode: CorruptionMode | undefined): void;
  /** Closes the listener and every open connection (the cluster "goes away"). */
  stopListening(): Promise<void>;
  /** Listens again on the same port. */
  startListening(): Promise<void>;
  /** Turns off every ongoing fault (stall, slowness, corruption) and listens again if stopped. */
  clear(): Promise<void>;
}

/** What the fault injector acts on. */
export interface FaultTargets {
  world: SimWorld;
  sdk: Map<string, SdkScheduler>;
  subscribers: MesosSubscribers;
  events: MarathonEventStream;
  stopListening(): Promise<void>;
  startListening(): Promise<void>;
  isListening(): boolean;
}

/** The fault injector, which also answers the per-request shaping questions. */
export class FaultInjector implements SimFaults, ResponseShaping {
  delayMs = 0;
  private readonly corrupted = new Map<SimApi, CorruptionMode>();
  private agentCounter = 100;

  constructor(private readonly targets: FaultTargets) {}

  corruption(api: SimApi): CorruptionMode | undefined {
    return this.corrupted.get(api);
  }

  killTask(target: { taskId?: string; service?: string } = {}): string | undefined {
    const { world } = this.targets;
    const live = [...world.tasks.values()].filter((t) => t.state === 'TASK_RUNNING' && !t.killRequested && matches(t, target));
    const victim = target.taskId !== undefined ? world.tasks.get(target.taskId) : live.length > 0 ? world.random.pick(live) : undefined;
    if (victim === undefined) return undefined;
    world.fail(victim.id, 'Container exited with status 137 (killed by fault injection)', { state: 'TASK_FAILED' });
    return victim.id;
  }

  failHealthCheck(target: { taskId?: string; service?: string } = {}): string | undefined {
    const { world } = this.targets;
    const live = [...world.tasks.values()].filter((t) => t.state === 'TASK_RUNNING' && t.hasHealthCheck && t.healthy === true && !t.killRequested && matches(t, target));
    const victim = target.taskId !== undefined ? world.tasks.get(target.taskId) : live.length > 0 ? world.random.pick(live) : undefined;
    if (victim === undefined) return undefined;
    return world.setHealth(victim.id, false, 'HTTP GET /health answered 503 (injected fault)') ? victim.id : undefined;
  }

  failStep(service: string, ref: { plan?: string; phase?: string; step?: string } = {}): string | undefined {
    const scheduler = this.targets.sdk.get(service);
    return scheduler?.failStep(ref, `Step failed: offer evaluation failed for ${service} (injected fault)`)?.name;
  }

  loseAgent(agentId?: string): { agentId: string; hostname: string; lostTasks: string[] } | undefined {
    const { world } = this.targets;
    const agents = [...world.agents.values()].filter((a) => a.active);
    const agent = agentId !== undefined ? world.agents.get(agentId) : agents.length > 0 ? world.random.pick(agents) : undefined;
    if (agent === undefined) return undefined;
    const lost = world.removeAgent(agent.id);
    return { agentId: agent.id, hostname: agent.hostname, lostTasks: lost.map((t) => t.id) };
  }

  addAgent(hostname?: string): string {
    return this.targets.world.addAgent(hostname ?? `10.0.2.${this.agentCounter++}`, { cpus: 16, mem: 65_536, disk: 512_000 }).id;
  }

  stallEventStream(): void {
    this.targets.subscribers.stall();
    this.targets.events.stall();
  }

  resumeEventStream(): void {
    this.targets.subscribers.resume();
    this.targets.events.resume();
  }

  slowResponses(delayMs: number): void {
    this.delayMs = Math.max(0, delayMs);
  }

  corruptResponses(api: SimApi, mode: CorruptionMode | undefined): void {
    if (mode === undefined) this.corrupted.delete(api);
    else this.corrupted.set(api, mode);
  }

  stopListening(): Promise<void> {
    return this.targets.stopListening();
  }

  startListening(): Promise<void> {
    return this.targets.startListening();
  }

  async clear(): Promise<void> {
    this.resumeEventStream();
    this.delayMs = 0;
    this.corrupted.clear();
    if (!this.targets.isListening()) await this.targets.startListening();
  }
}

function matches(task: SimTask, target: { service?: string }): boolean {
  if (target.service === undefined) return true;
  return task.owner.kind === 'marathon' ? task.owner.appId === target.service : task.owner.service === target.service;
}
