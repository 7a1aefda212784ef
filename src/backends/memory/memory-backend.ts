/**
 * An in-memory orchestrator and its backend in one: tests, benchmarks and the
 * contract suite drive it directly (add services, kill tasks, cut the
 * connection) and it supports every capability the port defines.
 */
import { AsyncQueue } from '../../core/async-queue.js';
import type { Clock } from '../../core/clock.js';
import { opsError } from '../../core/errors.js';
import type {
  ActOptions,
  ActionReceipt,
  Backend,
  PlanControl,
  PlanControllable,
  PlanTarget,
  Restartable,
  RollbackCapable,
  Scalable,
  TaskKillable,
  ApplyChangeOptions,
  ChangeProposal,
  ChangeStrategy,
  ServiceSpec,
  SpecChange,
  SpecChangeable,
} from '../../core/backend/index.js';
import type { BackendEvent, BackendSnapshot } from '../../core/model/backend-event.js';
import { healthFromCounts } from '../../core/model/health.js';
import { findPlanElement, rollUpPlan, type PlanReport } from '../../core/model/plan.js';
import type { ServiceReport } from '../../core/model/service.js';
import type { TaskReport } from '../../core/model/task.js';

/** A service definition for the in-memory orchestrator. */
export interface MemoryServiceSpec {
  name: string;
  tenant?: string;
  replicas: number;
  version?: string;
  stateful?: boolean;
  labels?: Record<string, string>;
  env?: Record<string, string>;
}

/** Construction options. */
export interface MemoryBackendOptions {
  id: string;
  cluster?: string;
  clock: Clock;
  freshnessBoundMs?: number;
}

interface MemoryService {
  spec: MemoryServiceSpec;
  previousVersion?: string;
  tasks: Map<string, TaskReport>;
}

const ALL_ACTIONS: ServiceReport['actions'] = ['scale', 'restart', 'rollback', 'kill-task', 'plan-pause', 'plan-resume', 'plan-restart-step', 'plan-force-complete', 'upgrade', 'config-set'];

/** In-memory orchestrator plus Backend; converges synchronously on every action. */
export class MemoryBackend implements Backend, Scalable, Restartable, RollbackCapable, TaskKillable, PlanControllable, SpecChangeable {
  readonly kind = 'memory' as const;
  readonly id: string;
  readonly cluster: string;
  readonly freshnessBoundMs: number;
  private readonly clock: Clock;
  private readonly services = new Map<string, MemoryService>();
  private readonly plans = new Map<string, PlanReport>();
  private readonly receipts = new Map<string, ActionReceipt>();
  private readonly watchers = new Set<AsyncQueue<BackendEvent>>();
  private connected = true;
  private taskCounter = 0;
  /** How many actions were actually carried out (idempotent repeats do not count). */
  executedActions = 0;
  /** Versions the in-memory registry knows, with whether their health check passes; empty = any version exists. */
  readonly versions = new Map<string, { healthy: boolean }>();

  constructor(options: MemoryBackendOptions) {
    this.id = options.id;
    this.cluster = options.cluster ?? options.id;
    this.clock = options.clock;
    this.freshnessBoundMs = options.freshnessBoundMs ?? 30_000;
  }

  // ---- orchestrator side (driven by tests) -----------------------------

  /** Creates or replaces a service and converges its tasks. */
  putService(spec: MemoryServiceSpec): void {
    const existing = this.services.get(spec.name);
    const service: MemoryService = existing ?? { spec, tasks: new Map() };
    if (existing !== undefined && existing.spec.version !== spec.version) service.previousVersion = existing.spec.version;
    service.spec = { ...spec };
    this.services.set(spec.name, service);
    this.converge(service);
  }

  removeService(name: string): void {
    if (!this.services.delete(name)) return;
    this.emit({ type: 'service-removed', at: this.clock.now(), serviceNativeId: name });
  }

  /** Puts a plan for a service (statuses are rolled up from steps). */
  putPlan(plan: PlanReport): void {
    const rolled = rollUpPlan(plan);
    this.plans.set(`${plan.serviceNativeId}#${plan.name}`, rolled);
    this.emit({ type: 'plan-upserted', at: this.clock.now(), plan: rolled });
  }

  /** Marks a task failed without replacing it (the service degrades). */
  failTask(serviceName: string, options: { message?: string } = {}): string {
    const service = this.mustService(serviceName);
    const task = [...service.tasks.values()].find((t) => t.state === 'RUNNING');
    if (task === undefined) throw opsError('NOT_FOUND', `No running task of ${serviceName}.`);
    const failed: TaskReport = { ...task, state: 'FAILED', healthy: false, message: options.message ?? 'exited with code 1', updatedAt: this.clock.now() };
    service.tasks.set(task.nativeId, failed);
    this.emit({ type: 'task-upserted', at: this.clock.now(), task: failed });
    this.emitService(service);
    return task.nativeId;
  }

  /** Cuts the connection: watchers get `disconnected`, then silence until reconnect(). */
  disconnect(message = 'connection refused'): void {
    this.connected = false;
    this.emit({ type: 'disconnected', at: this.clock.now(), error: { code: 'BACKEND_UNREACHABLE', message } }, { force: true });
  }

  /** Restores the connection: watchers get `connected` and a full snapshot. */
  reconnect(): void {
    this.connected = true;
    this.emit({ type: 'connected', at: this.clock.now() });
    this.emit({ type: 'snapshot', at: this.clock.now(), snapshot: this.snapshot() });
  }

  /** Emits a heartbeat (keeps the backend fresh without data changes). */
  heartbeat(): void {
    this.emit({ type: 'heartbeat', at: this.clock.now() });
  }

  /** Service names and replica counts as the orchestrator sees them (ground truth for tests). */
  truth(name: string): { desired: number; running: number; version: string | undefined } {
    const s = this.mustService(name);
    return { desired: s.spec.replicas, running: [...s.tasks.values()].filter((t) => t.state === 'RUNNING').length, version: s.spec.version };
  }

  // ---- Backend port -----------------------------------------------------

  watch(signal: AbortSignal): AsyncIterable<BackendEvent> {
    const queue = new AsyncQueue<BackendEvent>(signal);
    this.watchers.add(queue);
    signal.addEventListener('abort', () => this.watchers.delete(queue), { once: true });
    if (this.connected) {
      queue.push({ type: 'connected', at: this.clock.now() });
      queue.push({ type: 'snapshot', at: this.clock.now(), snapshot: this.snapshot() });
    }
    return queue;
  }

  scale(service: { nativeId: string }, replicas: number, options: ActOptions): Promise<ActionReceipt> {
    return this.once(options, () => {
      const s = this.mustService(service.nativeId);
      const from = s.spec.replicas;
      s.spec = { ...s.spec, replicas };
      this.converge(s);
      return { message: `scaled ${s.spec.name} from ${from} to ${replicas}` };
    });
  }

  restart(service: { nativeId: string }, options: ActOptions): Promise<ActionReceipt> {
    return this.once(options, () => {
      const s = this.mustService(service.nativeId);
      for (const task of [...s.tasks.values()]) this.replaceTask(s, task.nativeId);
      return { message: `restarted ${s.spec.name}` };
    });
  }

  rollback(service: { nativeId: string }, options: ActOptions): Promise<ActionReceipt> {
    return this.once(options, () => {
      const s = this.mustService(service.nativeId);
      if (s.previousVersion === undefined) {
        throw opsError('CONFLICT', `${s.spec.name} has no previous version to roll back to.`);
      }
      const target = s.previousVersion;
      s.previousVersion = s.spec.version;
      s.spec = { ...s.spec, ...(target === undefined ? {} : { version: target }) };
      for (const task of [...s.tasks.values()]) this.replaceTask(s, task.nativeId);
      if (this.plans.delete(`${s.spec.name}#update`)) this.emit({ type: 'plan-removed', at: this.clock.now(), serviceNativeId: s.spec.name, planName: 'update' });
      return { message: `rolled ${s.spec.name} back to ${target}` };
    });
  }

  killTask(task: { nativeId: string }, options: ActOptions): Promise<ActionReceipt> {
    return this.once(options, () => {
      for (const s of this.services.values()) {
        if (s.tasks.has(task.nativeId)) {
          this.replaceTask(s, task.nativeId);
          return { message: `killed ${task.nativeId}; a replacement was started` };
        }
      }
      throw opsError('NOT_FOUND', `Task ${task.nativeId} does not exist.`);
    });
  }

  controlPlan(service: { nativeId: string }, control: PlanControl, target: PlanTarget, options: ActOptions): Promise<ActionReceipt> {
    return this.once(options, () => {
      const key = `${service.nativeId}#${target.plan}`;
      const plan = this.plans.get(key);
      if (plan === undefined) throw opsError('NOT_FOUND', `Plan ${target.plan} not found.`);
      const next = structuredClone(plan);
      const { phase, step } = findPlanElement(next, target);
      if (target.phase !== undefined && phase === undefined) throw opsError('NOT_FOUND', `Phase ${target.phase} not found.`);
      if (target.step !== undefined && step === undefined) throw opsError('NOT_FOUND', `Step ${target.step} not found.`);
      const steps = step !== undefined ? [step] : phase !== undefined ? phase.steps : next.phases.flatMap((p) => p.steps);
      if (control === 'pause') {
        if (phase !== undefined) phase.interrupted = true;
        else next.interrupted = true;
      } else if (control === 'resume') {
        if (phase !== undefined) phase.interrupted = false;
        else next.interrupted = false;
      } else {
        for (const s of steps) s.status = control === 'restart' ? 'PENDING' : 'COMPLETE';
      }
      this.putPlan(next);
      return { message: `${control} ${target.plan}${target.phase ? `/${target.phase}` : ''}${target.step ? `/${target.step}` : ''}` };
    });
  }

  currentSpec(service: { nativeId: string }): Promise<ServiceSpec> {
    return Promise.resolve(this.specOf(this.mustService(service.nativeId)));
  }

  planChange(service: { nativeId: string }, change: SpecChange, options: { strategy: ChangeStrategy }): Promise<ChangeProposal> {
    try {
      const s = this.mustService(service.nativeId);
      const wanted = change.image ?? change.version;
      if (wanted !== undefined && this.versions.size > 0 && !this.versions.has(wanted)) {
        throw opsError('NOT_FOUND', `Version ${wanted} of ${s.spec.name} does not exist.`, { hint: `Known versions: ${[...this.versions.keys()].join(', ')}.` });
      }
      const update = this.plans.get(`${s.spec.name}#update`);
      if (update !== undefined && update.status !== 'COMPLETE') throw opsError('CONFLICT', `${s.spec.name} already has an update in progress (${update.status}).`);
      const current = this.specOf(s);
      const env = { ...current.env, ...(change.env ?? {}) };
      for (const key of change.unsetEnv ?? []) delete env[key];
      const proposed: ServiceSpec = { ...current, ...(wanted === undefined ? {} : { version: wanted }), env, ...(change.replicas === undefined ? {} : { replicas: change.replicas }) };
      const steps = [...s.tasks.keys()].map((id) => ({ name: `replace ${id}`, task: `${this.id}/${id}` }));
      return Promise.resolve({ current, proposed, plan: { planName: 'update', strategy: options.strategy, phases: [{ name: 'tasks', steps }], notes: [] } });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  applyChange(service: { nativeId: string }, change: SpecChange, options: ApplyChangeOptions): Promise<ActionReceipt> {
    return this.planChange(service, change, options).then(({ proposed }) =>
      this.once(options, () => {
        const s = this.mustService(service.nativeId);
        if (proposed.version !== s.spec.version) s.previousVersion = s.spec.version;
        s.spec = { ...s.spec, ...(proposed.version === undefined ? {} : { version: proposed.version }), env: proposed.env, replicas: proposed.replicas ?? s.spec.replicas };
        const healthy = this.versions.get(proposed.version ?? '')?.healthy !== false;
        const old = [...s.tasks.keys()];
        const first = old.slice(0, options.strategy === 'canary' || !healthy ? 1 : old.length);
        for (const id of first) this.replaceTask(s, id, { healthy });
        const steps = old.map((id, i) => ({ id: `step-${i}`, name: `replace ${id}`, status: i < first.length ? (healthy ? 'COMPLETE' : 'ERROR') : 'PENDING', message: healthy ? '' : `health check failed on ${proposed.version ?? 'the new spec'}` }) as const);
        this.putPlan({ serviceNativeId: s.spec.name, name: 'update', strategy: 'serial', status: 'PENDING', errors: [], interrupted: healthy && first.length < old.length, updatedAt: this.clock.now(), phases: [{ id: 'tasks', name: 'tasks', strategy: 'serial', status: 'PENDING', steps: steps.map((st) => ({ ...st })) }] });
        return { message: `updating ${s.spec.name} (${options.strategy})` };
      }),
    );
  }

  continueChange(service: { nativeId: string }, options: ActOptions): Promise<ActionReceipt> {
    return this.once(options, () => {
      const s = this.mustService(service.nativeId);
      const plan = this.plans.get(`${s.spec.name}#update`);
      if (plan === undefined || plan.interrupted !== true) return { message: `${s.spec.name} has no waiting update`, alreadyInEffect: true };
      for (const task of [...s.tasks.values()].filter((t) => t.version !== s.spec.version)) this.replaceTask(s, task.nativeId);
      const next = structuredClone(plan);
      next.interrupted = false;
      for (const step of next.phases.flatMap((p) => p.steps)) step.status = 'COMPLETE';
      this.putPlan(next);
      return { message: `the update of ${s.spec.name} continues` };
    });
  }

  // ---- internals ----------------------------------------------------------

  private specOf(s: MemoryService): ServiceSpec {
    return { ...(s.spec.version === undefined ? {} : { version: s.spec.version }), env: { ...(s.spec.env ?? {}) }, replicas: s.spec.replicas };
  }

  private async once(options: ActOptions, run: () => ActionReceipt): Promise<ActionReceipt> {
    if (options.signal?.aborted) throw opsError('ABORTED', 'The operation was cancelled.');
    if (!this.connected) {
      throw opsError('BACKEND_UNREACHABLE', `Backend ${this.id} is unreachable.`, { retryable: true, hint: 'Check the connection and try again.' });
    }
    const previous = this.receipts.get(options.idempotencyKey);
    if (previous !== undefined) return previous;
    const receipt = run();
    this.executedActions++;
    this.receipts.set(options.idempotencyKey, receipt);
    return receipt;
  }

  private mustService(name: string): MemoryService {
    const s = this.services.get(name);
    if (s === undefined) throw opsError('NOT_FOUND', `Service ${name} does not exist on ${this.id}.`);
    return s;
  }

  private converge(service: MemoryService): void {
    const live = [...service.tasks.values()].filter((t) => t.state === 'RUNNING');
    for (let i = live.length; i < service.spec.replicas; i++) this.startTask(service);
    for (const extra of live.slice(service.spec.replicas)) {
      service.tasks.delete(extra.nativeId);
      this.emit({ type: 'task-removed', at: this.clock.now(), taskNativeId: extra.nativeId });
    }
    this.emitService(service);
  }

  private startTask(service: MemoryService, options: { healthy?: boolean } = {}): void {
    const nativeId = `${service.spec.name}.${++this.taskCounter}`;
    const task: TaskReport = {
      nativeId,
      serviceNativeId: service.spec.name,
      host: `node-${this.taskCounter % 3}`,
      state: 'RUNNING',
      healthy: options.healthy ?? true,
      startedAt: this.clock.now(),
      restarts: 0,
      ...(service.spec.version === undefined ? {} : { version: service.spec.version }),
      updatedAt: this.clock.now(),
    };
    service.tasks.set(nativeId, task);
    this.emit({ type: 'task-upserted', at: this.clock.now(), task });
  }

  private replaceTask(service: MemoryService, nativeId: string, options: { healthy?: boolean } = {}): void {
    service.tasks.delete(nativeId);
    this.emit({ type: 'task-removed', at: this.clock.now(), taskNativeId: nativeId });
    if (options.healthy === false) this.startTask(service, { healthy: false });
    this.converge(service);
  }

  private report(service: MemoryService): ServiceReport {
    const tasks = [...service.tasks.values()];
    const running = tasks.filter((t) => t.state === 'RUNNING').length;
    const healthy = tasks.filter((t) => t.state === 'RUNNING' && t.healthy !== false).length;
    const counts = { desired: service.spec.replicas, running, healthy };
    return {
      nativeId: service.spec.name,
      cluster: this.cluster,
      tenant: service.spec.tenant ?? '',
      name: service.spec.name,
      kind: 'other',
      ...counts,
      health: healthFromCounts(counts),
      labels: service.spec.labels ?? {},
      ...(service.spec.version === undefined ? {} : { version: service.spec.version }),
      stateful: service.spec.stateful ?? false,
      actions: ALL_ACTIONS,
      updatedAt: this.clock.now(),
    };
  }

  private emitService(service: MemoryService): void {
    this.emit({ type: 'service-upserted', at: this.clock.now(), service: this.report(service) });
  }

  private snapshot(): BackendSnapshot {
    const services = [...this.services.values()];
    return {
      services: services.map((s) => this.report(s)),
      tasks: services.flatMap((s) => [...s.tasks.values()]),
      plans: [...this.plans.values()],
      hosts: [],
    };
  }

  private emit(event: BackendEvent, options: { force?: boolean } = {}): void {
    if (!this.connected && options.force !== true) return;
    for (const queue of this.watchers) queue.push(event);
  }
}
