/**
 * Upgrades and configuration changes of Marathon apps: the app definition is
 * the current spec, and a `PUT /v2/apps/{id}` with the new image, env or
 * resources makes a new app version that Marathon rolls out as a deployment
 * (serial = minimumHealthCapacity 1, parallel = 0). Rollback uses the app's
 * version history (rollbackApp).
 */
import type { ChangeProposal, ChangeStrategy, ServiceSpec, SpecChange } from '../../core/backend/capabilities.js';
import type { ActionReceipt } from '../../core/backend/port.js';
import { isOpsdeckError, opsError } from '../../core/errors.js';
import type { Service } from '../../core/model/service.js';
import { marathonAppId, type ActionContext } from './action-context.js';

interface AppJson {
  instances?: number;
  cpus?: number;
  mem?: number;
  env?: Record<string, unknown>;
  container?: { docker?: { image?: string } };
  upgradeStrategy?: { minimumHealthCapacity?: number; maximumOverCapacity?: number };
  deployments?: { id?: string }[];
  tasks?: { id?: string }[];
}

const appPath = (appId: string): string => appId.split('/').map(encodeURIComponent).join('/');

async function readApp(ctx: ActionContext, service: Service, signal?: AbortSignal): Promise<{ appId: string; app: AppJson }> {
  const appId = marathonAppId(ctx, service);
  try {
    const res = await ctx.http.request({ component: 'Marathon', method: 'GET', url: `${ctx.config.marathonUrl}/v2/apps${appPath(appId)}?embed=app.tasks`, ...(signal ? { signal } : {}) });
    return { appId, app: ((res.body as { app?: AppJson } | undefined)?.app ?? {}) as AppJson };
  } catch (error) {
    if (isOpsdeckError(error) && error.code === 'NOT_FOUND') throw opsError('NOT_FOUND', `App ${appId} does not exist in Marathon.`, { hint: 'Refresh the view; the app may have been removed.' });
    throw error;
  }
}

function specOf(app: AppJson): ServiceSpec {
  const strategy = app.upgradeStrategy;
  return {
    ...(app.container?.docker?.image === undefined ? {} : { image: app.container.docker.image }),
    env: Object.fromEntries(Object.entries(app.env ?? {}).map(([k, v]) => [k, String(v)])),
    ...(app.cpus === undefined ? {} : { cpus: app.cpus }),
    ...(app.mem === undefined ? {} : { mem: app.mem }),
    ...(app.instances === undefined ? {} : { replicas: app.instances }),
    ...(strategy === undefined ? {} : { updateStrategy: `minimumHealthCapacity ${strategy.minimumHealthCapacity ?? 1}, maximumOverCapacity ${strategy.maximumOverCapacity ?? 1}` }),
  };
}

/** The Marathon app definition as a neutral spec. */
export async function marathonCurrentSpec(ctx: ActionContext, service: Service, signal?: AbortSignal): Promise<ServiceSpec> {
  return specOf((await readApp(ctx, service, signal)).app);
}

function upgradeStrategy(strategy: ChangeStrategy): { minimumHealthCapacity: number; maximumOverCapacity: number } {
  return strategy === 'parallel' ? { minimumHealthCapacity: 0, maximumOverCapacity: 1 } : { minimumHealthCapacity: 1, maximumOverCapacity: 0 };
}

/** Validates and proposes a change of a Marathon app (no side effects). */
export async function marathonPlanChange(ctx: ActionContext, service: Service, change: SpecChange, strategy: ChangeStrategy, signal?: AbortSignal): Promise<ChangeProposal> {
  if (strategy === 'canary') {
    throw opsError('UNSUPPORTED', `Marathon has no canary deployments, so ${service.name} cannot be changed with --strategy canary.`, { hint: 'Use --strategy serial (one instance at a time, health-checked) instead.' });
  }
  if (change.version !== undefined) {
    throw opsError('INPUT_INVALID', `${service.name} is a Marathon app: it is upgraded by image, not by package version.`, { hint: 'Use --image registry/name:tag.' });
  }
  const { app } = await readApp(ctx, service, signal);
  if ((app.deployments ?? []).length > 0) {
    throw opsError('CONFLICT', `${service.name} has a Marathon deployment in progress (${(app.deployments ?? []).map((d) => d.id).join(', ')}).`, { hint: 'Wait for it to finish (opsdeck plan show) before changing the app.' });
  }
  const current = specOf(app);
  const env = { ...current.env, ...(change.env ?? {}) };
  for (const key of change.unsetEnv ?? []) delete env[key];
  const s = upgradeStrategy(strategy);
  const proposed: ServiceSpec = {
    ...current,
    ...(change.image === undefined ? {} : { image: change.image }),
    env,
    ...(change.cpus === undefined ? {} : { cpus: change.cpus }),
    ...(change.mem === undefined ? {} : { mem: change.mem }),
    ...(change.replicas === undefined ? {} : { replicas: change.replicas }),
    updateStrategy: `minimumHealthCapacity ${s.minimumHealthCapacity}, maximumOverCapacity ${s.maximumOverCapacity}`,
  };
  const tasks = app.tasks ?? [];
  const steps = tasks.map((t, i) => ({ name: `replace instance ${i + 1}`, ...(t.id === undefined ? {} : { task: `${ctx.backendId}/${t.id}` }) }));
  const notes = ['Marathon does not check that an image exists; a missing image shows as failing tasks', 'a task failing its health check 3 times is killed and replaced'];
  return { current, proposed, plan: { planName: 'deployment', strategy, phases: [{ name: 'RestartApplication', steps }], notes } };
}

/** PUTs the new definition; Marathon starts a deployment. */
export async function marathonApplyChange(ctx: ActionContext, service: Service, change: SpecChange, strategy: ChangeStrategy, signal?: AbortSignal): Promise<ActionReceipt> {
  const { appId, app } = await readApp(ctx, service, signal);
  const env = { ...specOf(app).env, ...(change.env ?? {}) };
  for (const key of change.unsetEnv ?? []) delete env[key];
  const body = {
    ...(change.image === undefined ? {} : { container: { ...(app.container ?? {}), docker: { ...(app.container?.docker ?? {}), image: change.image } } }),
    ...(change.env === undefined && change.unsetEnv === undefined ? {} : { env }),
    ...(change.cpus === undefined ? {} : { cpus: change.cpus }),
    ...(change.mem === undefined ? {} : { mem: change.mem }),
    ...(change.replicas === undefined ? {} : { instances: change.replicas }),
    upgradeStrategy: upgradeStrategy(strategy),
  };
  const res = await ctx.http.request({ component: 'Marathon', method: 'PUT', url: `${ctx.config.marathonUrl}/v2/apps${appPath(appId)}`, body, ...(signal ? { signal } : {}) });
  void ctx.live.refreshMarathon();
  const ref = (res.body as { deploymentId?: unknown } | undefined)?.deploymentId;
  return { message: `deployment of ${service.name}${change.image === undefined ? ' with the new configuration' : ` to ${change.image}`} started (${strategy})`, ...(typeof ref === 'string' ? { ref } : {}) };
}
