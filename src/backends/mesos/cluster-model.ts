/**
 * What the backend knows about one DC/OS cluster (Mesos tasks, agents and
 * frameworks; Marathon apps and deployments; SDK plans and target configs), and
 * the mapping of it into the core model: services with health, tasks, hosts
 * and plans.
 */
import { healthFromCounts, type Health } from '../../core/model/health.js';
import type { ActionKind } from '../../core/model/action.js';
import type { PlanReport } from '../../core/model/plan.js';
import { isPlanActive, rollUpPlan } from '../../core/model/plan.js';
import type { HostReport, ResourceAmounts } from '../../core/model/resources.js';
import type { ServiceReport } from '../../core/model/service.js';
import type { TaskReport, TaskState } from '../../core/model/task.js';
import type { WireApp, WireDeployment } from './marathon-wire.js';
import type { WireAgent, WireFramework, WireTask } from './mesos-wire.js';

/** An SDK service's scheduler data. */
export interface SdkServiceData {
  plans: Map<string, PlanReport>;
  runningTasks: string[];
  role?: string;
  /** Package version of the target configuration, when the scheduler reports it. */
  packageVersion?: string;
  /** Set while the scheduler cannot be read: plans are last known, health is UNKNOWN. */
  error?: string;
}

const MARATHON_ACTIONS: ActionKind[] = ['scale', 'restart', 'rollback', 'kill-task', 'upgrade', 'config-set'];
const SDK_ACTIONS: ActionKind[] = ['plan-pause', 'plan-resume', 'plan-restart-step', 'plan-force-complete', 'pod-restart', 'pod-replace', 'upgrade', 'config-set', 'rollback'];
const TERMINAL = new Set(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED', 'TASK_GONE', 'TASK_GONE_BY_OPERATOR']);
/** Terminal tasks kept per service so people see what just died. */
export const KEPT_TERMINAL_TASKS = 5;

/** Maps a Mesos TaskState name onto the core's task states. */
export function taskState(state: string): TaskState {
  switch (state) {
    case 'TASK_STAGING':
      return 'STAGING';
    case 'TASK_STARTING':
      return 'STARTING';
    case 'TASK_RUNNING':
      return 'RUNNING';
    case 'TASK_KILLING':
      return 'KILLING';
    case 'TASK_FINISHED':
      return 'FINISHED';
    case 'TASK_FAILED':
    case 'TASK_ERROR':
    case 'TASK_DROPPED':
      return 'FAILED';
    case 'TASK_KILLED':
      return 'KILLED';
    case 'TASK_LOST':
    case 'TASK_GONE':
    case 'TASK_GONE_BY_OPERATOR':
      return 'LOST';
    default:
      return 'UNKNOWN';
  }
}

/** True for Mesos states after which the task never runs again. */
export function isTerminalState(state: string): boolean {
  return TERMINAL.has(state);
}

/** The tenant of a Marathon app: its top-level group. */
export function tenantOfApp(appId: string): string {
  const parts = appId.split('/').filter(Boolean);
  return parts.length > 1 ? (parts[0] ?? 'default') : 'default';
}

/** The tenant of an SDK service: the group encoded in its role (`analytics__hdfs-role`), else the role. */
export function tenantOfRole(role: string | undefined): string {
  if (role === undefined || role === '*' || role.length === 0) return 'default';
  const cut = role.indexOf('__');
  return cut > 0 ? role.slice(0, cut) : role;
}

/** The service native id of a Marathon app id (`/prod/web` → `prod/web`). */
export function appNativeId(appId: string): string {
  return appId.replace(/^\/+/, '');
}

/** The in-memory picture of the cluster. */
export class ClusterModel {
  readonly frameworks = new Map<string, WireFramework>();
  readonly agents = new Map<string, WireAgent>();
  private readonly tasks = new Map<string, WireTask>();
  /** Task ids per service (rebuilt lazily when the task → service mapping may have changed). */
  private byService: Map<string, Set<string>> | undefined;
  private readonly byAgent = new Map<string, Set<string>>();
  readonly apps = new Map<string, WireApp>();
  readonly deployments = new Map<string, WireDeployment>();
  readonly sdk = new Map<string, SdkServiceData>();
  private readonly taskToApp = new Map<string, string>();

  constructor(private readonly options: { cluster: string; sdkNames: readonly string[] }) {}

  /** Adds or replaces a task. */
  putTask(task: WireTask): void {
    this.tasks.set(task.id, task);
    let onAgent = this.byAgent.get(task.agentId);
    if (onAgent === undefined) this.byAgent.set(task.agentId, (onAgent = new Set()));
    onAgent.add(task.id);
    const service = this.byService === undefined ? undefined : this.serviceOfTask(task);
    if (service !== undefined) this.indexOf(service).add(task.id);
  }

  /** One task by id. */
  task(id: string): WireTask | undefined {
    return this.tasks.get(id);
  }

  /** Every task known (live and recently ended). */
  allTasks(): IterableIterator<WireTask> {
    return this.tasks.values();
  }

  /** Registers a framework (the task → service mapping may change). */
  putFramework(framework: WireFramework): void {
    this.frameworks.set(framework.id, framework);
    this.byService = undefined;
  }

  /** Replaces the Marathon part (apps with their task ids, deployments). */
  setMarathon(apps: WireApp[], deployments: WireDeployment[]): void {
    this.byService = undefined;
    this.apps.clear();
    this.taskToApp.clear();
    for (const app of apps) {
      this.apps.set(app.id, app);
      for (const taskId of app.taskIds) this.taskToApp.set(taskId, app.id);
    }
    this.deployments.clear();
    for (const d of deployments) this.deployments.set(d.id, d);
  }

  /** The native id of the service a task belongs to, if it is one we map. */
  serviceOfTask(task: WireTask): string | undefined {
    const framework = this.frameworks.get(task.frameworkId);
    if (framework?.name === 'marathon') {
      const appId = this.taskToApp.get(task.id) ?? appIdFromTaskId(task.id);
      return appId === undefined ? undefined : appNativeId(appId);
    }
    if (framework !== undefined && this.options.sdkNames.includes(framework.name)) return framework.name;
    return undefined;
  }

  /** Every service native id. */
  serviceIds(): string[] {
    return [...[...this.apps.keys()].map(appNativeId), ...this.options.sdkNames.filter((n) => this.sdk.has(n))];
  }

  /** Tasks of one service (live and recently ended). */
  tasksOf(nativeId: string): WireTask[] {
    if (this.byService === undefined) {
      this.byService = new Map();
      for (const task of this.tasks.values()) {
        const service = this.serviceOfTask(task);
        if (service !== undefined) this.indexOf(service).add(task.id);
      }
    }
    return [...(this.byService.get(nativeId) ?? [])].flatMap((id) => this.tasks.get(id) ?? []);
  }

  private indexOf(service: string): Set<string> {
    const index = this.byService ?? (this.byService = new Map());
    let ids = index.get(service);
    if (ids === undefined) index.set(service, (ids = new Set()));
    return ids;
  }

  /** Drops the oldest terminal tasks of a service beyond the kept number; returns the dropped ids. */
  pruneTerminal(nativeId: string): string[] {
    const ended = this.tasksOf(nativeId).filter((t) => isTerminalState(t.state)).sort((a, b) => b.updatedAt - a.updatedAt);
    const dropped = ended.slice(KEPT_TERMINAL_TASKS).map((t) => t.id);
    for (const id of dropped) {
      const task = this.tasks.get(id);
      this.tasks.delete(id);
      this.byService?.get(nativeId)?.delete(id);
      if (task !== undefined) this.byAgent.get(task.agentId)?.delete(id);
    }
    return dropped;
  }

  /** The report of one service, or undefined when it no longer exists. */
  serviceReport(nativeId: string, at: number): ServiceReport | undefined {
    const app = this.apps.get(`/${nativeId}`);
    if (app !== undefined) return this.appReport(nativeId, app, at);
    const sdk = this.sdk.get(nativeId);
    return sdk === undefined ? undefined : this.sdkReport(nativeId, sdk, at);
  }

  /** The report of one task, or undefined when it belongs to no mapped service. */
  taskReport(task: WireTask): TaskReport | undefined {
    const service = this.serviceOfTask(task);
    if (service === undefined) return undefined;
    return {
      nativeId: task.id,
      serviceNativeId: service,
      host: this.agents.get(task.agentId)?.hostname ?? task.agentId,
      state: taskState(task.state),
      ...(task.healthy === undefined ? {} : { healthy: task.healthy }),
      ...(task.startedAt === undefined ? {} : { startedAt: task.startedAt }),
      restarts: 0,
      ...(task.message === undefined ? {} : { message: task.message }),
      updatedAt: task.updatedAt,
    };
  }

  /** The report of one agent with allocations summed from its live tasks. */
  hostReport(agent: WireAgent, at: number): HostReport {
    const allocated: ResourceAmounts = { cpus: 0, memMb: 0, diskMb: 0 };
    for (const id of this.byAgent.get(agent.id) ?? []) {
      const task = this.tasks.get(id);
      if (task === undefined || isTerminalState(task.state)) continue;
      allocated.cpus += task.resources.cpus;
      allocated.memMb += task.resources.memMb;
      allocated.diskMb += task.resources.diskMb;
    }
    allocated.cpus = Math.round(allocated.cpus * 1000) / 1000;
    return { nativeId: agent.id, hostname: agent.hostname, active: agent.active, total: agent.total, allocated, updatedAt: at };
  }

  /** Every plan: SDK plans plus one plan per running Marathon deployment and affected app. */
  planReports(at: number): PlanReport[] {
    const sdkPlans = [...this.sdk.values()].flatMap((s) => [...s.plans.values()]);
    return [...sdkPlans, ...[...this.deployments.values()].flatMap((d) => deploymentPlans(d, at))];
  }

  private appReport(nativeId: string, app: WireApp, at: number): ServiceReport {
    const live = this.tasksOf(nativeId).filter((t) => !isTerminalState(t.state));
    const running = live.filter((t) => t.state === 'TASK_RUNNING');
    const healthy = running.filter((t) => (app.hasHealthChecks ? t.healthy === true : t.healthy !== false)).length;
    const counts = { desired: app.instances, running: running.length, healthy };
    let health: Health = healthFromCounts(counts);
    const deploying = [...this.deployments.values()].some((d) => d.affectedApps.includes(app.id));
    if (deploying && health.status !== 'HEALTHY') health = { ...health, reason: `${health.reason}; deployment in progress` };
    else if (health.status !== 'HEALTHY' && app.lastTaskFailure !== undefined) health = { ...health, reason: `${health.reason}; last failure: ${app.lastTaskFailure.message}` };
    const labels: Record<string, string> = { ...app.labels, 'marathon.app': app.id };
    return {
      nativeId,
      cluster: this.options.cluster,
      tenant: tenantOfApp(app.id),
      name: app.id.split('/').filter(Boolean).pop() ?? app.id,
      kind: 'marathon-app',
      ...counts,
      health,
      labels,
      version: app.image ?? app.lastConfigChangeAt ?? app.version,
      stateful: false,
      actions: MARATHON_ACTIONS,
      updatedAt: at,
    };
  }

  private sdkReport(nativeId: string, sdk: SdkServiceData, at: number): ServiceReport {
    const framework = [...this.frameworks.values()].find((f) => f.name === nativeId);
    const live = this.tasksOf(nativeId).filter((t) => !isTerminalState(t.state) && sdk.runningTasks.includes(t.name));
    const running = live.filter((t) => t.state === 'TASK_RUNNING');
    const counts = { desired: sdk.runningTasks.length, running: running.length, healthy: running.filter((t) => t.healthy !== false).length };
    let health = healthFromCounts(counts);
    if (sdk.error !== undefined) {
      health = { status: 'UNKNOWN', reason: `scheduler unreadable (${sdk.error}); tasks: ${health.reason}` };
    }
    const deploy = sdk.plans.get('deploy');
    const recovery = sdk.plans.get('recovery');
    const failed = [...sdk.plans.values()].find((p) => p.status === 'ERROR');
    if (sdk.error !== undefined) {
      // Plans are last known; do not judge them while the scheduler cannot be read.
    } else if (failed !== undefined) {
      const step = failed.phases.flatMap((p) => p.steps).find((s) => s.status === 'ERROR');
      health = { status: health.status === 'HEALTHY' ? 'DEGRADED' : health.status, reason: `${failed.name} plan ERROR${step ? ` at ${step.name}` : ''}; ${health.reason}` };
    } else if (deploy !== undefined && deploy.status !== 'COMPLETE' && health.status !== 'HEALTHY') {
      // A deploy that has not finished (including one not started yet) explains missing tasks: degraded, not down.
      health = { status: 'DEGRADED', reason: `deploy plan ${deploy.status}; ${health.reason}` };
    } else if (recovery !== undefined && isPlanActive(recovery) && health.status !== 'HEALTHY') {
      health = { ...health, reason: `${health.reason}; recovery in progress` };
    }
    return {
      nativeId,
      cluster: this.options.cluster,
      tenant: tenantOfRole(sdk.role ?? framework?.role),
      name: nativeId,
      kind: 'sdk-service',
      ...counts,
      health,
      labels: { 'dcos.sdk.service': nativeId, ...(framework ? { 'mesos.role': framework.role } : {}) },
      stateful: true,
      ...(sdk.packageVersion === undefined ? {} : { version: sdk.packageVersion }),
      actions: SDK_ACTIONS,
      updatedAt: at,
    };
  }
}

/** Marathon's task id scheme: `<app path with _ for />.<instance…>` → app id. */
export function appIdFromTaskId(taskId: string): string | undefined {
  const dot = taskId.indexOf('.');
  if (dot <= 0) return undefined;
  return `/${taskId.slice(0, dot).replace(/_/g, '/')}`;
}

/** A Marathon deployment as a plan per affected app: one phase per deployment step. */
export function deploymentPlans(deployment: WireDeployment, at: number): PlanReport[] {
  return deployment.affectedApps.map((appId) =>
    rollUpPlan({
      serviceNativeId: appNativeId(appId),
      name: `deployment-${deployment.id.slice(0, 8)}`,
      strategy: 'serial',
      status: 'PENDING',
      errors: [],
      updatedAt: at,
      phases: deployment.steps.map((actions, index) => {
        const stepNo = index + 1;
        const status = stepNo < deployment.currentStep ? 'COMPLETE' : stepNo === deployment.currentStep ? 'STARTING' : 'PENDING';
        return {
          id: `${deployment.id}-${stepNo}`,
          name: `step ${stepNo}/${deployment.totalSteps}`,
          strategy: 'parallel' as const,
          status,
          steps: actions.map((a, i) => ({ id: `${deployment.id}-${stepNo}-${i}`, name: `${a.action} ${a.app}`, status, message: `Marathon deployment ${deployment.id} step ${stepNo}` })),
        };
      }),
    }),
  );
}
