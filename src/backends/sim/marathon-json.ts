/**
 * Renders simulated Marathon apps, tasks and deployments in the /v2 JSON
 * shapes (AppInfo with counts, embedded tasks, deployment steps).
 */
import type { MarathonApp, MarathonDeployment, MarathonScheduler } from './marathon-scheduler.js';
import type { SimWorld } from './sim-world.js';
import type { SimTask } from './sim-types.js';

type Json = Record<string, unknown>;

const iso = (ms: number): string => new Date(ms).toISOString();

/** A Marathon task object. */
export function marathonTaskJson(world: SimWorld, task: SimTask): Json {
  const agent = world.agents.get(task.agentId);
  const owner = task.owner.kind === 'marathon' ? task.owner : undefined;
  return {
    id: task.id,
    appId: owner?.appId ?? '',
    host: agent?.hostname ?? 'unknown',
    slaveId: task.agentId,
    state: task.state,
    stagedAt: iso(task.stagedAt),
    ...(task.startedAt === undefined ? {} : { startedAt: iso(task.startedAt) }),
    version: owner?.version ?? '',
    ports: [],
    servicePorts: [],
    ipAddresses: [{ ipAddress: '9.0.0.1', protocol: 'IPv4' }],
    healthCheckResults: task.hasHealthCheck && task.healthy !== undefined ? [{ alive: task.healthy, consecutiveFailures: task.healthy ? 0 : 1, instanceId: task.id }] : [],
    role: 'slave_public',
  };
}

/** The bare app definition (`/v2/apps/{id}/versions/{v}`). */
export function appDefinitionJson(def: MarathonApp['def'], version: string): Json {
  return {
    id: def.id,
    instances: def.instances,
    cpus: def.cpus,
    mem: def.mem,
    disk: def.disk,
    gpus: 0,
    env: def.env,
    labels: def.labels,
    container: { type: 'DOCKER', docker: { image: def.image, forcePullImage: false } },
    healthChecks: def.healthCheck ? [{ protocol: 'MESOS_HTTP', path: '/health', portIndex: 0, gracePeriodSeconds: 300, intervalSeconds: 60, timeoutSeconds: 20, maxConsecutiveFailures: 3 }] : [],
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
    version,
  };
}

/** AppInfo with counts, deployments and (when embedded) tasks. */
export function appInfoJson(scheduler: MarathonScheduler, world: SimWorld, app: MarathonApp, options: { embedTasks: boolean }): Json {
  const tasks = scheduler.tasksOf(app.def.id);
  const running = tasks.filter((t) => t.state === 'TASK_RUNNING');
  const deployments = [...scheduler.deployments.values()].filter((d) => d.appId === app.def.id).map((d) => ({ id: d.id }));
  return {
    ...appDefinitionJson(app.def, app.version),
    versionInfo: { lastScalingAt: app.lastScalingAt, lastConfigChangeAt: app.lastConfigChangeAt },
    tasksStaged: tasks.filter((t) => t.state === 'TASK_STAGING' || t.state === 'TASK_STARTING').length,
    tasksRunning: running.length,
    tasksHealthy: running.filter((t) => t.hasHealthCheck && t.healthy === true).length,
    tasksUnhealthy: running.filter((t) => t.hasHealthCheck && t.healthy === false).length,
    deployments,
    ...(options.embedTasks ? { tasks: tasks.map((t) => marathonTaskJson(world, t)) } : {}),
    ...(app.lastTaskFailure === undefined ? {} : { lastTaskFailure: { appId: app.def.id, ...app.lastTaskFailure } }),
  };
}

/** One element of `GET /v2/deployments`. */
export function deploymentJson(deployment: MarathonDeployment): Json {
  return {
    id: deployment.id,
    version: deployment.version,
    affectedApps: [deployment.appId],
    affectedPods: [],
    steps: [{ actions: [{ action: deployment.action, app: deployment.appId }] }],
    currentActions: [{ action: deployment.action, app: deployment.appId, readinessCheckResults: [] }],
    currentStep: 1,
    totalSteps: 1,
  };
}
