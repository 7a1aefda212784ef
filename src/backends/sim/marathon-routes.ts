/**
 * The simulated Marathon's /v2 routes: apps (list, get, PUT for scale / config
 * / rollback, restart, versions, kill task), deployments, events and leader.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MarathonEventStream } from './marathon-event-stream.js';
import { appDefinitionJson, appInfoJson, deploymentJson, marathonTaskJson } from './marathon-json.js';
import type { AppDefinition, DeployResult, MarathonScheduler } from './marathon-scheduler.js';
import type { SimWorld } from './sim-world.js';
import { asRecord, parseJson, readBody, sendJson, type ResponseShaping } from './http-util.js';

/** What the Marathon routes need. */
export interface MarathonContext {
  world: SimWorld;
  scheduler: MarathonScheduler;
  events: MarathonEventStream;
  faults: ResponseShaping;
}

const APP_ROUTE = /^\/v2\/apps(\/.+?)(\/restart|\/versions(?:\/([^/]+))?|\/tasks\/([^/]+))?$/;

/** Handles one request under Marathon's root; false when no route matches. */
export async function handleMarathon(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, ctx: MarathonContext): Promise<boolean> {
  const shaping = { api: 'marathon' as const, faults: ctx.faults };
  const json = (status: number, body: unknown): true => {
    sendJson(res, status, body, shaping);
    return true;
  };
  const { scheduler, world } = ctx;
  const force = query.get('force') === 'true';
  if (path === '/v2/events' && req.method === 'GET') {
    ctx.events.handle(req, res, query);
    return true;
  }
  if (path === '/v2/leader' && req.method === 'GET') return json(200, { leader: `${req.headers.host ?? '127.0.0.1:8080'}` });
  if (path === '/v2/apps' && req.method === 'GET') {
    const embed = query.getAll('embed');
    const embedTasks = embed.includes('apps.tasks') || embed.includes('apps.failures');
    const filter = query.get('id');
    const apps = [...scheduler.apps.values()].filter((a) => filter === null || a.def.id.includes(filter));
    return json(200, { apps: apps.map((a) => appInfoJson(scheduler, world, a, { embedTasks })) });
  }
  if (path === '/v2/deployments' && req.method === 'GET') return json(200, [...scheduler.deployments.values()].map(deploymentJson));
  const deployment = /^\/v2\/deployments\/([^/]+)$/.exec(path);
  if (deployment !== null && req.method === 'DELETE') {
    const id = deployment[1] ?? '';
    if (!scheduler.deployments.has(id)) return json(404, { message: `DeploymentPlan ${id} does not exist` });
    scheduler.cancel(id);
    res.writeHead(202);
    res.end();
    return true;
  }
  const match = APP_ROUTE.exec(path);
  if (match === null) return false;
  const appId = match[1] ?? '';
  const sub = match[2];
  const app = scheduler.apps.get(appId);
  if (sub === undefined && req.method === 'GET') {
    if (app === undefined) return json(404, { message: `App '${appId}' does not exist` });
    const embedTasks = query.getAll('embed').includes('app.tasks');
    return json(200, { app: appInfoJson(scheduler, world, app, { embedTasks }) });
  }
  if (sub === undefined && (req.method === 'PUT' || req.method === 'PATCH')) {
    const body = asRecord(parseJson(await readBody(req)));
    if (body === undefined) return json(400, { message: 'Invalid JSON' });
    const patch = toPatch(body);
    if ('error' in patch) return json(422, { message: 'Object is not valid', details: [{ path: patch.path, errors: [patch.error] }] });
    return deployed(res, scheduler.update(appId, patch.value, { force }), shaping);
  }
  if (sub === '/restart' && req.method === 'POST') return deployed(res, scheduler.restart(appId, { force }), shaping);
  if (sub?.startsWith('/versions') && req.method === 'GET') {
    if (app === undefined) return json(404, { message: `App '${appId}' does not exist` });
    const version = match[3];
    if (version === undefined) return json(200, { versions: app.versions.map((v) => v.version).reverse() });
    const stored = app.versions.find((v) => v.version === decodeURIComponent(version));
    if (stored === undefined) return json(404, { message: `Version '${version}' of app '${appId}' does not exist` });
    return json(200, appDefinitionJson(stored.def, stored.version));
  }
  if (sub?.startsWith('/tasks/') && req.method === 'DELETE') {
    if (app === undefined) return json(404, { message: `App '${appId}' does not exist` });
    const taskId = decodeURIComponent(match[4] ?? '');
    const killed = scheduler.killTask(appId, taskId, { scale: query.get('scale') === 'true' });
    if (killed === undefined) return json(404, { message: `Task '${taskId}' does not exist` });
    return json(200, { task: marathonTaskJson(world, killed) });
  }
  return false;
}

function deployed(res: ServerResponse, result: DeployResult, shaping: { api: 'marathon'; faults: ResponseShaping }): true {
  if (!result.ok) {
    sendJson(res, result.status, result.body, shaping);
    return true;
  }
  res.setHeader('Marathon-Deployment-Id', result.deploymentId);
  sendJson(res, 200, { deploymentId: result.deploymentId, version: result.version }, shaping);
  return true;
}

type Patch = { value: Partial<AppDefinition> & { version?: string } } | { error: string; path: string };

function toPatch(body: Record<string, unknown>): Patch {
  const value: Partial<AppDefinition> & { version?: string } = {};
  if (body.instances !== undefined) {
    if (typeof body.instances !== 'number' || !Number.isInteger(body.instances) || body.instances < 0) return { error: 'must be a non-negative integer', path: '/instances' };
    value.instances = body.instances;
  }
  if (body.version !== undefined) {
    if (typeof body.version !== 'string') return { error: 'must be a version timestamp', path: '/version' };
    value.version = body.version;
  }
  for (const key of ['cpus', 'mem', 'disk'] as const) {
    const v = body[key];
    if (v !== undefined) {
      if (typeof v !== 'number' || v < 0) return { error: 'must be a non-negative number', path: `/${key}` };
      value[key] = v;
    }
  }
  const image = asRecord(asRecord(body.container)?.docker)?.image;
  if (image !== undefined) {
    if (typeof image !== 'string' || image.length === 0) return { error: 'must be a non-empty string', path: '/container/docker/image' };
    value.image = image;
  }
  const env = asRecord(body.env);
  if (env !== undefined) value.env = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
  const labels = asRecord(body.labels);
  if (labels !== undefined) value.labels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
  return { value };
}
