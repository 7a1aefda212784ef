/**
 * Marathon actions: scale (`PUT /v2/apps/{id}` with instances), restart,
 * rollback to the previous differing app version (`PUT` with `{version}`) and
 * kill task. A 409 deployment lock is waited out (bounded) before one retry.
 */
import type { ActionReceipt } from '../../core/backend/port.js';
import { isOpsdeckError, opsError } from '../../core/errors.js';
import type { Service } from '../../core/model/service.js';
import type { Task } from '../../core/model/task.js';
import { marathonAppId, type ActionContext } from './action-context.js';
import type { DcosResponse } from './dcos-http.js';
import { parseDeployments, parseVersions } from './marathon-wire.js';

const path = (appId: string): string => appId.split('/').map(encodeURIComponent).join('/');

async function deploy(ctx: ActionContext, method: 'PUT' | 'POST', url: string, body: unknown, signal?: AbortSignal): Promise<DcosResponse> {
  const send = (): Promise<DcosResponse> =>
    ctx.http.request({ component: 'Marathon', method, url, body, accept: [409], ...(signal ? { signal } : {}) });
  let res = await send();
  if (res.status !== 409) return res;
  const blocking = new Set(((res.body as { deployments?: { id?: string }[] } | undefined)?.deployments ?? []).map((d) => String(d.id)));
  const deadline = ctx.clock.now() + ctx.deploymentWaitMs;
  while (ctx.clock.now() < deadline) {
    await ctx.clock.sleep(250, signal);
    const list = await ctx.http.request({ component: 'Marathon', method: 'GET', url: `${ctx.config.marathonUrl}/v2/deployments`, ...(signal ? { signal } : {}) });
    if (!parseDeployments(list.body).some((d) => blocking.has(d.id))) {
      res = await send();
      if (res.status !== 409) return res;
    }
  }
  throw opsError('CONFLICT', `Marathon keeps the app locked by deployment ${[...blocking].join(', ')}.`, {
    hint: 'Wait for the running deployment to finish (see its plan), or cancel it in Marathon, then retry.',
    retryable: true,
  });
}

const refId = (res: DcosResponse): string | undefined => {
  const id = (res.body as { deploymentId?: unknown } | undefined)?.deploymentId;
  return typeof id === 'string' ? id : (res.headers.get('Marathon-Deployment-Id') ?? undefined);
};

const notFound = (error: unknown, what: string): unknown =>
  isOpsdeckError(error) && error.code === 'NOT_FOUND' ? opsError('NOT_FOUND', `${what} does not exist in Marathon.`, { hint: 'Refresh the view; the app may have been removed.' }) : error;

/** Sets the instance count of a Marathon app. */
export async function scaleApp(ctx: ActionContext, service: Service, replicas: number, signal?: AbortSignal): Promise<ActionReceipt> {
  if (!Number.isInteger(replicas) || replicas < 0) throw opsError('INPUT_INVALID', `Cannot scale to ${replicas}: expected a whole number of instances, 0 or more.`);
  const appId = marathonAppId(ctx, service);
  try {
    const res = await deploy(ctx, 'PUT', `${ctx.config.marathonUrl}/v2/apps${path(appId)}`, { instances: replicas }, signal);
    void ctx.live.refreshMarathon();
    const ref = refId(res);
    return { message: `scaled ${service.name} from ${service.desired} to ${replicas}`, ...(ref ? { ref } : {}) };
  } catch (error) {
    throw notFound(error, `App ${appId}`);
  }
}

/** Restarts every task of a Marathon app (a RestartApplication deployment). */
export async function restartApp(ctx: ActionContext, service: Service, signal?: AbortSignal): Promise<ActionReceipt> {
  const appId = marathonAppId(ctx, service);
  try {
    const res = await deploy(ctx, 'POST', `${ctx.config.marathonUrl}/v2/apps${path(appId)}/restart`, undefined, signal);
    void ctx.live.refreshMarathon();
    const ref = refId(res);
    return { message: `restarting ${service.name} (${service.desired} instance${service.desired === 1 ? '' : 's'})`, ...(ref ? { ref } : {}) };
  } catch (error) {
    throw notFound(error, `App ${appId}`);
  }
}

const CONFIG_IGNORED = new Set(['id', 'version', 'versionInfo', 'instances']);
const configOf = (def: unknown): string =>
  JSON.stringify(Object.fromEntries(Object.entries((def ?? {}) as Record<string, unknown>).filter(([k]) => !CONFIG_IGNORED.has(k)).sort(([a], [b]) => a.localeCompare(b))));

/** Rolls a Marathon app back to the newest earlier version whose configuration differs from the current one. */
export async function rollbackApp(ctx: ActionContext, service: Service, signal?: AbortSignal): Promise<ActionReceipt> {
  const appId = marathonAppId(ctx, service);
  const get = (url: string): Promise<DcosResponse> => ctx.http.request({ component: 'Marathon', method: 'GET', url, ...(signal ? { signal } : {}) });
  const base = `${ctx.config.marathonUrl}/v2/apps${path(appId)}`;
  try {
    const versions = parseVersions((await get(`${base}/versions`)).body);
    const [current, ...older] = versions;
    if (current === undefined) throw opsError('CONFLICT', `${service.name} has no versions in Marathon.`);
    const now = configOf((await get(`${base}/versions/${encodeURIComponent(current)}`)).body);
    for (const version of older.slice(0, 25)) {
      const def = (await get(`${base}/versions/${encodeURIComponent(version)}`)).body;
      if (configOf(def) === now) continue;
      const res = await deploy(ctx, 'PUT', base, { version }, signal);
      void ctx.live.refreshMarathon();
      const image = (def as { container?: { docker?: { image?: string } } }).container?.docker?.image;
      const ref = refId(res);
      return { message: `rolling ${service.name} back to version ${version}${image ? ` (${image})` : ''}`, ...(ref ? { ref } : {}) };
    }
    throw opsError('CONFLICT', `${service.name} has no earlier version with a different configuration to roll back to.`, { hint: 'Only scaling happened since the last config change; nothing to roll back.' });
  } catch (error) {
    throw notFound(error, `App ${appId}`);
  }
}

/** Kills one task of a Marathon app; Marathon starts a replacement. */
export async function killMarathonTask(ctx: ActionContext, task: Task, signal?: AbortSignal): Promise<ActionReceipt> {
  const serviceNativeId = task.service.startsWith(`${ctx.backendId}/`) ? task.service.slice(ctx.backendId.length + 1) : task.service;
  const appId = marathonAppId(ctx, { nativeId: serviceNativeId, name: serviceNativeId });
  try {
    await ctx.http.request({
      component: 'Marathon',
      method: 'DELETE',
      url: `${ctx.config.marathonUrl}/v2/apps${path(appId)}/tasks/${encodeURIComponent(task.nativeId)}?scale=false`,
      ...(signal ? { signal } : {}),
    });
    void ctx.live.refreshMarathon();
    return { message: `killed task ${task.nativeId} of ${appId}; Marathon starts a replacement` };
  } catch (error) {
    throw notFound(error, `Task ${task.nativeId} of ${appId}`);
  }
}
