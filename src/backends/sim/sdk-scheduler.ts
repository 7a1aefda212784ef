/**
 * One simulated DC/OS SDK scheduler (hdfs, kafka, cassandra…): it walks its
 * deploy plan step by step on the clock, launches pod tasks through the
 * master, adds failed pods to the recovery plan, and restarts / replaces pods.
 */
import { candidates } from '../../core/model/plan.js';
import type { SimWorld } from './sim-world.js';
import type { SdkServiceSeed, SdkTaskSeed } from './seed-data.js';
import { TERMINAL_MESOS_STATES, type SimFramework, type SimTask } from './sim-types.js';
import { phaseStatus, planStatus, type ControlAnswer, type SdkPhase, type SdkPlan, type SdkStep } from './sdk-plan.js';
import { nextConfig, updatePlan, type SdkConfig } from './sdk-update.js';

const MAX_RECOVERY_PHASES = 20;

/** The scheduler of one SDK service. */
export class SdkScheduler {
  readonly name: string;
  readonly framework: SimFramework;
  readonly plans = new Map<string, SdkPlan>();
  /** The service spec; its pods always follow the target configuration. */
  readonly spec: SdkServiceSeed;
  /** Every target configuration by id, and the ids that were the target, oldest first. */
  readonly configs = new Map<string, SdkConfig>();
  private readonly targets: string[] = [];
  /** Latest Mesos task id per task instance name (`journal-0-node`). */
  private readonly latestTask = new Map<string, string>();

  constructor(
    private readonly world: SimWorld,
    seed: SdkServiceSeed,
    private readonly options: { stepDurationMs: number },
  ) {
    const spec = structuredClone(seed);
    this.spec = spec;
    this.name = spec.name;
    const first: SdkConfig = { id: world.random.uuid(), packageVersion: spec.packageVersion, env: { ...spec.env }, pods: structuredClone(spec.pods) };
    this.configs.set(first.id, first);
    this.targets.push(first.id);
    this.framework = world.registerFramework(spec.name, spec.role);
    this.plans.set('deploy', this.buildDeploy());
    this.plans.set('recovery', { name: 'recovery', strategy: 'parallel', phases: [], interrupted: false, errors: [] });
    world.onTaskChange((task) => this.onTask(task));
    if (spec.deployed) this.seedDeployed();
  }

  /** Sorted pod instance names (`GET /v1/pod`). */
  podInstances(): string[] {
    return this.spec.pods.flatMap((p) => Array.from({ length: p.count }, (_, i) => `${p.type}-${i}`)).sort();
  }

  /** One pod instance's status object (`GET /v1/pod/{name}/status`). */
  podStatus(instance: string): Record<string, unknown> | undefined {
    const pod = this.podOf(instance);
    if (pod === undefined) return undefined;
    const tasks = pod.tasks.flatMap((t) => {
      const full = `${instance}-${t.name}`;
      const id = this.latestTask.get(full);
      const task = id === undefined ? undefined : this.findTask(id);
      return task === undefined ? [] : [{ id: task.id, name: full, status: task.state.replace(/^TASK_/, '') }];
    });
    return { name: instance, tasks };
  }

  /** The `GET /v1/pod/status` body. */
  podStatusAll(): Record<string, unknown> {
    return {
      service: this.name,
      pods: this.spec.pods.map((p) => ({
        name: p.type,
        instances: Array.from({ length: p.count }, (_, i) => this.podStatus(`${p.type}-${i}`)),
      })),
    };
  }

  /** The current target configuration. */
  get target(): SdkConfig {
    return this.configs.get(this.targets[this.targets.length - 1] as string) as SdkConfig;
  }

  /** A service spec (`GET /v1/configurations/target` or `/{id}`): version, options, pod counts, task goals and resources. */
  targetConfig(id?: string): Record<string, unknown> | undefined {
    const config = id === undefined ? this.target : this.configs.get(id);
    if (config === undefined) return undefined;
    return {
      id: config.id,
      name: this.name,
      role: this.spec.role,
      principal: `${this.name}-principal`,
      packageVersion: config.packageVersion,
      env: { ...config.env },
      pods: config.pods.map((p) => ({ type: p.type, count: p.count, tasks: p.tasks.map((t) => ({ name: t.name, goal: t.goal, cpus: t.resources.cpus, memory: t.resources.mem })) })),
    };
  }

  /** `GET /v1/update/package-versions`: the running version and what the repository offers. */
  packageVersions(): Record<string, unknown> {
    return { current: this.target.packageVersion, available: this.spec.packageVersions.map((v) => v.version) };
  }

  /** `POST /v1/update/start`: a new target configuration and a deploy plan towards it; 409 while deploy runs. */
  updateStart(body: unknown): ControlAnswer {
    const deploy = this.plans.get('deploy');
    const status = deploy === undefined ? 'COMPLETE' : planStatus(deploy);
    const rollback = (body as { rollback?: unknown } | null)?.rollback === true;
    // A rollback may replace a running or waiting plan (that is what it is for); a new update may not.
    if (status !== 'COMPLETE' && status !== 'ERROR' && !rollback) return { status: 409, body: `The deploy plan of ${this.name} is ${status}; wait for it to complete` };
    const previous = this.configs.get(this.targets[this.targets.length - 2] ?? '');
    const next = nextConfig(body, { current: this.target, ...(previous === undefined ? {} : { previous }), versions: this.spec.packageVersions, newId: () => this.world.random.uuid() });
    if ('status' in next) return next;
    const { config, strategy } = next;
    // A rollback re-targets the earlier config id, so instances still on it stay COMPLETE.
    if (rollback) this.targets.pop();
    else {
      this.configs.set(config.id, config);
      this.targets.push(config.id);
    }
    const target = this.target;
    this.spec.pods = structuredClone(target.pods);
    this.plans.set('deploy', updatePlan(target, strategy, (instance) => this.onTarget(instance), this.world.random));
    return { status: 200, body: { message: `Update started: ${this.name} to ${target.packageVersion}`, configId: target.id, packageVersion: target.packageVersion } };
  }

  private onTarget(instance: string): boolean {
    const pod = this.podOf(instance);
    if (pod === undefined) return false;
    return pod.tasks
      .filter((t) => t.goal === 'RUNNING')
      .every((t) => {
        const id = this.latestTask.get(`${instance}-${t.name}`);
        const task = id === undefined ? undefined : this.world.tasks.get(id);
        return task !== undefined && task.state === 'TASK_RUNNING' && task.healthy !== false && task.labels.target_configuration === this.target.id;
      });
  }

  /** Restarts (in place) or replaces (anywhere) a pod instance; undefined when the pod does not exist. */
  controlPod(instance: string, mode: 'restart' | 'replace'): { pod: string; tasks: string[] } | undefined {
    const pod = this.podOf(instance);
    if (pod === undefined) return undefined;
    const names = pod.tasks.filter((t) => t.goal === 'RUNNING').map((t) => `${instance}-${t.name}`);
    this.addRecovery(instance, mode === 'restart' ? 'TRANSIENT' : 'PERMANENT');
    for (const full of names) {
      const id = this.latestTask.get(full);
      if (id !== undefined) this.world.kill(id, { message: `Pod ${mode} requested` });
    }
    return { pod: instance, tasks: names };
  }

  /** Kills the tasks a reset step had launched, so the step relaunches them. */
  killLaunched(steps: SdkStep[]): void {
    for (const step of steps) {
      for (const full of step.tasks.map((t) => `${step.pod}-${step.index}-${t}`)) {
        const id = this.latestTask.get(full);
        if (id !== undefined && this.world.tasks.has(id)) this.world.kill(id, { message: 'Step restarted' });
      }
    }
  }

  /** Marks a step ERROR (fault injection); the first incomplete deploy step when no reference is given. */
  failStep(ref: { plan?: string; phase?: string; step?: string }, message: string): SdkStep | undefined {
    const plan = this.plans.get(ref.plan ?? 'deploy');
    if (plan === undefined) return undefined;
    const steps = plan.phases.filter((p) => ref.phase === undefined || p.name === ref.phase || p.id === ref.phase).flatMap((p) => p.steps);
    const step = steps.find((s) => (ref.step === undefined ? s.status !== 'COMPLETE' : s.name === ref.step || s.id === ref.step));
    if (step === undefined) return undefined;
    step.status = 'ERROR';
    step.error = message;
    return step;
  }

  /** One scheduling round over every plan. */
  tick(): void {
    for (const plan of this.plans.values()) this.advance(plan);
    // Keep every open recovery phase and only the most recent completed ones.
    const recovery = this.plans.get('recovery');
    if (recovery !== undefined && recovery.phases.length > MAX_RECOVERY_PHASES) {
      const done = recovery.phases.filter((p) => phaseStatus(p) === 'COMPLETE');
      const drop = new Set(done.slice(0, Math.max(0, recovery.phases.length - MAX_RECOVERY_PHASES)));
      recovery.phases = recovery.phases.filter((p) => !drop.has(p));
    }
  }

  private advance(plan: SdkPlan): void {
    if (plan.interrupted) return;
    const status = planStatus(plan);
    if (status === 'COMPLETE' || status === 'ERROR') return;
    const phases = plan.phases.map((p) => ({ phase: p, status: phaseStatus(p) }));
    for (const { phase } of candidates(phases, plan.strategy)) {
      if (phase.interrupted) continue;
      if (phase.canary === 'first') {
        const first = phase.steps[0];
        if (first !== undefined && first.status !== 'COMPLETE') {
          this.advanceStep(first);
          continue;
        }
        // The canary step is done: wait for `continue` before the rest.
        phase.canary = 'rest';
        phase.interrupted = phase.steps.some((s) => s.status !== 'COMPLETE');
        continue;
      }
      if (phase.canary === 'rest') delete phase.canary;
      for (const step of candidates(phase.steps, phase.strategy)) this.advanceStep(step);
    }
  }

  private advanceStep(step: SdkStep): void {
    const now = this.world.clock.now();
    const tasks = step.launched.map((id) => this.findTask(id));
    switch (step.status) {
      case 'PENDING':
      case 'DELAYED': {
        const launched = this.launchStep(step);
        step.status = launched ? 'PREPARED' : 'DELAYED';
        if (launched) step.startedAt = now;
        break;
      }
      case 'PREPARED':
      case 'STARTING':
      case 'STARTED': {
        if (tasks.some((t) => t === undefined || (TERMINAL_MESOS_STATES.has(t.state) && t.state !== 'TASK_FINISHED'))) {
          step.status = 'PENDING';
          step.launched = [];
          break;
        }
        const up = tasks.every((t) => t !== undefined && (t.state === 'TASK_RUNNING' || t.state === 'TASK_FINISHED'));
        const done = tasks.every((t) => t !== undefined && (t.owner.kind === 'sdk' && t.owner.goal === 'FINISH' ? t.state === 'TASK_FINISHED' : t.state === 'TASK_RUNNING'));
        const failing = done ? this.readinessFailure(tasks) : undefined;
        if (failing !== undefined) {
          step.status = 'ERROR';
          step.error = failing;
        } else if (done && now - (step.startedAt ?? now) >= this.options.stepDurationMs) {
          step.status = 'COMPLETE';
          step.finishedAt = now;
        } else if (up) step.status = 'STARTED';
        else if (step.status === 'PREPARED') step.status = 'STARTING';
        break;
      }
      default:
        break;
    }
  }

  /** A readiness failure for tasks running a package version marked unhealthy (their health check fails). */
  private readinessFailure(tasks: (SimTask | undefined)[]): string | undefined {
    for (const task of tasks) {
      if (task === undefined || task.state !== 'TASK_RUNNING' || (task.owner.kind === 'sdk' && task.owner.goal === 'FINISH')) continue;
      const version = this.configs.get(task.labels.target_configuration ?? '')?.packageVersion;
      if (this.spec.packageVersions.find((v) => v.version === version)?.healthy !== false) continue;
      const message = `readiness check of ${task.name} failed on package ${version}: exit code 1`;
      if (task.healthy !== false) this.world.setHealth(task.id, false, message);
      return `Step failed: ${message}`;
    }
    return undefined;
  }

  private launchStep(step: SdkStep): boolean {
    const pod = this.podOf(`${step.pod}-${step.index}`);
    if (pod === undefined) return false;
    const launched: string[] = [];
    for (const taskName of step.tasks) {
      const seed = pod.tasks.find((t) => t.name === taskName);
      if (seed === undefined) continue;
      const previous = this.latestTask.get(`${step.pod}-${step.index}-${taskName}`);
      const previousAgent = previous === undefined ? undefined : this.findTask(previous)?.agentId;
      const task = this.launchTask(step.pod, step.index, seed, step.recovery === 'PERMANENT' ? undefined : previousAgent);
      if (task === undefined) return false;
      launched.push(task.id);
    }
    step.launched = launched;
    return true;
  }

  private launchTask(pod: string, index: number, seed: SdkTaskSeed, preferAgent?: string): SimTask | undefined {
    const full = `${pod}-${index}-${seed.name}`;
    const old = this.latestTask.get(full);
    if (old !== undefined && this.world.tasks.has(old)) this.world.kill(old, { message: 'Relaunching' });
    const task = this.world.launch({
      id: `${full}__${this.world.random.uuid()}`,
      name: full,
      frameworkId: this.framework.id,
      resources: seed.resources,
      hasHealthCheck: seed.goal === 'RUNNING',
      labels: { goal_state: seed.goal, offer_hostname: '', target_configuration: this.target.id },
      owner: { kind: 'sdk', service: this.name, pod: `${pod}-${index}`, taskName: seed.name, goal: seed.goal },
      ...(preferAgent === undefined ? {} : { preferAgent }),
    });
    if (task !== undefined) this.latestTask.set(full, task.id);
    return task;
  }

  private onTask(task: SimTask): void {
    if (task.owner.kind !== 'sdk' || task.owner.service !== this.name || task.owner.goal !== 'RUNNING') return;
    if (!TERMINAL_MESOS_STATES.has(task.state) || task.killRequested) return;
    if (this.latestTask.get(task.name) !== task.id) return;
    if (this.deployStepActive(task.owner.pod)) return;
    this.addRecovery(task.owner.pod, task.state === 'TASK_LOST' ? 'PERMANENT' : 'TRANSIENT');
  }

  private deployStepActive(instance: string): boolean {
    const deploy = this.plans.get('deploy');
    return (deploy?.phases ?? []).some((p) => p.steps.some((s) => `${s.pod}-${s.index}` === instance && s.status !== 'COMPLETE' && s.status !== 'PENDING'));
  }

  private addRecovery(instance: string, kind: 'TRANSIENT' | 'PERMANENT'): void {
    const recovery = this.plans.get('recovery');
    const pod = this.podOf(instance);
    if (recovery === undefined || pod === undefined) return;
    const open = recovery.phases.find((p) => p.name === instance && phaseStatus(p) !== 'COMPLETE');
    if (open !== undefined) return;
    const tasks = pod.tasks.filter((t) => t.goal === 'RUNNING').map((t) => t.name);
    const index = Number(instance.slice(instance.lastIndexOf('-') + 1));
    const phase: SdkPhase = {
      id: this.world.random.uuid(),
      name: instance,
      strategy: 'serial',
      interrupted: false,
      steps: [{ id: this.world.random.uuid(), name: `${instance}:[${tasks.join(', ')}]`, pod: pod.type, index, tasks, status: 'PENDING', launched: [], recovery: kind }],
    };
    recovery.phases.push(phase);
  }

  private buildDeploy(): SdkPlan {
    return {
      name: 'deploy',
      strategy: 'serial',
      interrupted: false,
      errors: [],
      phases: this.spec.deploy.map((phase) => ({
        id: this.world.random.uuid(),
        name: phase.name,
        strategy: phase.strategy,
        interrupted: false,
        steps: phase.steps.map((s) => ({
          id: this.world.random.uuid(),
          name: `${s.pod}-${s.index}:[${s.tasks.join(', ')}]`,
          pod: s.pod,
          index: s.index,
          tasks: s.tasks,
          status: 'PENDING' as const,
          launched: [],
        })),
      })),
    };
  }

  private seedDeployed(): void {
    const now = this.world.clock.now();
    for (const step of this.plans.get('deploy')?.phases.flatMap((p) => p.steps) ?? []) {
      step.status = 'COMPLETE';
      step.startedAt = now;
      step.finishedAt = now;
    }
    for (const pod of this.spec.pods) {
      for (let i = 0; i < pod.count; i++) {
        for (const seed of pod.tasks.filter((t) => t.goal === 'RUNNING')) this.launchTask(pod.type, i, seed);
      }
    }
  }

  private podOf(instance: string): SdkServiceSeed['pods'][number] | undefined {
    const cut = instance.lastIndexOf('-');
    const type = instance.slice(0, cut);
    const index = Number(instance.slice(cut + 1));
    const pod = this.spec.pods.find((p) => p.type === type);
    return pod !== undefined && Number.isInteger(index) && index >= 0 && index < pod.count ? pod : undefined;
  }

  private findTask(id: string): SimTask | undefined {
    return this.world.tasks.get(id) ?? this.world.completedTasks.find((t) => t.id === id);
  }
}
