/**
 * The simulated Marathon: app definitions with a version history, deployments
 * (start, scale, restart, config change, rollback) that converge tasks on the
 * clock's ticks, replacement of failed tasks, and the event bus behind /v2/events.
 */
import type { SimWorld } from './sim-world.js';
import type { AppSeed } from './seed-data.js';
import type { SimFramework, SimTask } from './sim-types.js';

/** The editable part of an app definition: what the seed gives, plus its environment. */
export interface AppDefinition extends AppSeed {
  env: Record<string, string>;
}

/** A Marathon app with its history. */
export interface MarathonApp {
  def: AppDefinition;
  version: string;
  lastScalingAt: string;
  lastConfigChangeAt: string;
  versions: { version: string; def: AppDefinition }[];
  lastTaskFailure?: { taskId: string; state: string; message: string; host: string; timestamp: string; version: string; slaveId: string };
}

/** The action a deployment performs (Marathon's names). */
export type DeploymentAction = 'StartApplication' | 'ScaleApplication' | 'RestartApplication' | 'StopApplication';

/** A running deployment. */
export interface MarathonDeployment {
  id: string;
  version: string;
  appId: string;
  action: DeploymentAction;
  startedAt: number;
}

/** One event for the SSE bus: its type and payload (payload includes eventType and timestamp). */
export interface MarathonEvent {
  eventType: string;
  payload: Record<string, unknown>;
}

/** Result of a deploying operation. */
export type DeployResult = { ok: true; deploymentId: string; version: string } | { ok: false; status: number; body: Record<string, unknown> };

const CONFIG_KEYS: (keyof AppDefinition)[] = ['cpus', 'mem', 'disk', 'image', 'healthCheck', 'labels', 'env'];

/** True when two definitions differ in anything but the instance count. */
export function configDiffers(a: AppDefinition, b: AppDefinition): boolean {
  return CONFIG_KEYS.some((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** The Marathon framework simulation. */
export class MarathonScheduler {
  readonly apps = new Map<string, MarathonApp>();
  readonly deployments = new Map<string, MarathonDeployment>();
  readonly framework: SimFramework;
  private readonly listeners = new Set<(event: MarathonEvent) => void>();
  private lastVersionMs = 0;

  constructor(private readonly world: SimWorld) {
    this.framework = world.registerFramework('marathon', 'slave_public');
    world.onTaskChange((task) => this.onTask(task));
  }

  /** Subscribes to the event bus; returns the unsubscribe function. */
  onEvent(listener: (event: MarathonEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates an app at start (no deployment lock; tasks launch at once). */
  seed(app: AppSeed): void {
    const def: AppDefinition = { ...app, env: {} };
    const version = this.nextVersion();
    this.apps.set(app.id, { def, version, lastScalingAt: version, lastConfigChangeAt: version, versions: [{ version, def }] });
    this.startDeployment(app.id, 'StartApplication', version);
  }

  /** Live (not terminal, not being killed) tasks of an app. */
  tasksOf(appId: string): SimTask[] {
    return [...this.world.tasks.values()].filter((t) => t.owner.kind === 'marathon' && t.owner.appId === appId);
  }

  /** PUT /v2/apps/{id}: partial update, scale, or rollback via `{version}`. */
  update(appId: string, patch: Partial<AppDefinition> & { version?: string }, options: { force: boolean }): DeployResult {
    const app = this.apps.get(appId);
    if (app === undefined) return { ok: false, status: 404, body: { message: `App '${appId}' does not exist` } };
    const locked = this.lockedBy(appId);
    if (locked !== undefined && !options.force) return this.lockedResult(locked);
    let next: AppDefinition;
    if (patch.version !== undefined) {
      const stored = app.versions.find((v) => v.version === patch.version);
      if (stored === undefined) return { ok: false, status: 404, body: { message: `Version '${patch.version}' of app '${appId}' does not exist` } };
      next = structuredClone(stored.def);
    } else {
      const { version: _ignored, ...fields } = patch;
      next = { ...app.def, ...fields, id: appId };
    }
    if (locked !== undefined) this.finish(locked, { cancelled: true });
    const version = this.nextVersion();
    const configChanged = configDiffers(app.def, next);
    app.def = next;
    app.version = version;
    if (configChanged) app.lastConfigChangeAt = version;
    else app.lastScalingAt = version;
    app.versions.push({ version, def: structuredClone(next) });
    this.emit('api_post_event', { clientIp: '127.0.0.1', uri: `/v2/apps${appId}`, appDefinition: { id: appId, instances: next.instances } });
    const deployment = this.startDeployment(appId, configChanged ? 'RestartApplication' : 'ScaleApplication', version);
    return { ok: true, deploymentId: deployment.id, version };
  }

  /** POST /v2/apps/{id}/restart: replaces every task (new version, same config). */
  restart(appId: string, options: { force: boolean }): DeployResult {
    const app = this.apps.get(appId);
    if (app === undefined) return { ok: false, status: 404, body: { message: `App '${appId}' does not exist` } };
    const locked = this.lockedBy(appId);
    if (locked !== undefined && !options.force) return this.lockedResult(locked);
    if (locked !== undefined) this.finish(locked, { cancelled: true });
    const version = this.nextVersion();
    app.version = version;
    app.lastConfigChangeAt = version;
    app.versions.push({ version, def: structuredClone(app.def) });
    const deployment = this.startDeployment(appId, 'RestartApplication', version);
    return { ok: true, deploymentId: deployment.id, version };
  }

  /** DELETE /v2/apps/{id}/tasks/{taskId}: kills one task; Marathon launches a replacement unless `scale`. */
  killTask(appId: string, taskId: string, options: { scale: boolean }): SimTask | undefined {
    const app = this.apps.get(appId);
    const task = this.world.tasks.get(taskId);
    if (app === undefined || task === undefined || task.owner.kind !== 'marathon' || task.owner.appId !== appId) return undefined;
    if (options.scale) {
      app.def = { ...app.def, instances: Math.max(0, app.def.instances - 1) };
    }
    this.world.kill(taskId);
    return task;
  }

  /** DELETE /v2/deployments/{id}?force=true: cancels without rollback. */
  cancel(deploymentId: string): boolean {
    const deployment = this.deployments.get(deploymentId);
    if (deployment === undefined) return false;
    this.finish(deployment, { cancelled: true });
    return true;
  }

  /** One scheduling round: launch missing tasks, kill surplus and outdated ones, finish deployments. */
  tick(): void {
    for (const [appId, app] of this.apps) this.converge(appId, app);
  }

  /** Kills tasks that failed their health check for maxConsecutiveFailures (3) rounds, as Marathon does. */
  private killUnhealthy(appId: string): void {
    for (const task of this.tasksOf(appId)) {
      if (task.killRequested || task.healthy !== false) continue;
      task.unhealthyRounds = (task.unhealthyRounds ?? 0) + 1;
      if (task.unhealthyRounds < 3) continue;
      const agent = this.world.agents.get(task.agentId);
      this.emit('unhealthy_instance_kill_event', { appId, taskId: task.id, instanceId: task.id, version: task.owner.kind === 'marathon' ? task.owner.version : '', reason: 'HTTP health check failed 3 times', host: agent?.hostname ?? 'unknown', slaveId: task.agentId });
      this.world.kill(task.id, { message: 'Killed: failed health check 3 times' });
    }
  }

  private converge(appId: string, app: MarathonApp): void {
    this.killUnhealthy(appId);
    const live = this.tasksOf(appId).filter((t) => !t.killRequested);
    const current = live.filter((t) => t.owner.kind === 'marathon' && t.owner.version === app.lastConfigChangeAt);
    const outdated = live.filter((t) => !current.includes(t));
    const ready = current.filter((t) => t.state === 'TASK_RUNNING' && (!t.hasHealthCheck || t.healthy === true));
    const want = app.def.instances;
    for (let i = current.length; i < want; i++) this.launch(app);
    if (current.length > want) {
      const youngest = [...current].sort((a, b) => b.stagedAt - a.stagedAt).slice(0, current.length - want);
      for (const task of youngest) this.world.kill(task.id);
    }
    // Rolling replacement: kill one outdated task for each ready new one beyond capacity.
    const killable = Math.max(0, ready.length + outdated.length - want);
    for (const task of outdated.slice(0, killable)) this.world.kill(task.id);
    const deployment = this.lockedBy(appId);
    const settled = ready.length === want && current.length === want && this.tasksOf(appId).every((t) => current.includes(t));
    if (deployment !== undefined && settled) this.finish(deployment, { cancelled: false });
  }

  private launch(app: MarathonApp): void {
    const safe = app.def.id.replace(/^\//, '').replace(/\//g, '_');
    const id = `${safe}.instance-${this.world.random.uuid()}._app.1`;
    this.world.launch({
      id,
      name: app.def.id.split('/').filter(Boolean).reverse().join('.'),
      frameworkId: this.framework.id,
      resources: { cpus: app.def.cpus, mem: app.def.mem, disk: app.def.disk },
      hasHealthCheck: app.def.healthCheck,
      labels: app.def.labels,
      owner: { kind: 'marathon', appId: app.def.id, version: app.lastConfigChangeAt },
    });
  }

  private onTask(task: SimTask): void {
    if (task.owner.kind !== 'marathon') return;
    const agent = this.world.agents.get(task.agentId);
    const latest = task.statuses[task.statuses.length - 1];
    const timestamp = new Date(this.world.clock.now()).toISOString();
    this.emit('status_update_event', {
      slaveId: task.agentId,
      taskId: task.id,
      taskStatus: task.state,
      message: latest?.message ?? '',
      appId: task.owner.appId,
      host: agent?.hostname ?? 'unknown',
      ipAddresses: [{ ipAddress: '9.0.0.1', protocol: 'IPv4' }],
      ports: [],
      version: task.owner.version,
    });
    if (latest?.healthy !== undefined) {
      this.emit('instance_health_changed_event', { instanceId: task.id, runSpecId: task.owner.appId, runSpecVersion: task.owner.version, healthy: latest.healthy });
    }
    const app = this.apps.get(task.owner.appId);
    if (app !== undefined && (task.state === 'TASK_FAILED' || task.state === 'TASK_LOST' || task.state === 'TASK_ERROR')) {
      app.lastTaskFailure = { taskId: task.id, state: task.state, message: latest?.message ?? '', host: agent?.hostname ?? 'unknown', timestamp, version: task.owner.version, slaveId: task.agentId };
    }
  }

  private startDeployment(appId: string, action: DeploymentAction, version: string): MarathonDeployment {
    const deployment: MarathonDeployment = { id: this.world.random.uuid(), version, appId, action, startedAt: this.world.clock.now() };
    this.deployments.set(deployment.id, deployment);
    this.emit('deployment_info', { plan: this.planJson(deployment), currentStep: { actions: [{ action, app: appId }] } });
    return deployment;
  }

  private finish(deployment: MarathonDeployment, options: { cancelled: boolean }): void {
    this.deployments.delete(deployment.id);
    if (options.cancelled) this.emit('deployment_failed', { id: deployment.id, plan: this.planJson(deployment), reason: 'cancelled' });
    else {
      this.emit('deployment_step_success', { plan: this.planJson(deployment), currentStep: { actions: [{ action: deployment.action, app: deployment.appId }] } });
      this.emit('deployment_success', { id: deployment.id, plan: this.planJson(deployment) });
    }
  }

  /** The deployment plan in the event payload's shape. */
  planJson(deployment: MarathonDeployment): Record<string, unknown> {
    return { id: deployment.id, steps: [{ actions: [{ action: deployment.action, app: deployment.appId }] }], version: deployment.version };
  }

  private lockedBy(appId: string): MarathonDeployment | undefined {
    return [...this.deployments.values()].find((d) => d.appId === appId);
  }

  private lockedResult(deployment: MarathonDeployment): DeployResult {
    return {
      ok: false,
      status: 409,
      body: {
        message: `App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${deployment.id}'.`,
        deployments: [{ id: deployment.id }],
      },
    };
  }

  private nextVersion(): string {
    const now = Math.max(this.world.clock.now(), this.lastVersionMs + 1);
    this.lastVersionMs = now;
    return new Date(now).toISOString();
  }

  private emit(eventType: string, fields: Record<string, unknown>): void {
    const event: MarathonEvent = { eventType, payload: { eventType, timestamp: new Date(this.world.clock.now()).toISOString(), ...fields } };
    for (const listener of [...this.listeners]) listener(event);
  }
}
