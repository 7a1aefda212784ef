/**
 * One SDK scheduler's /v1 routes: plans (read with 200 / 202 / 417, controls
 * with 200 / 208 / 404 / 400), pods (list, status, restart, replace), the
 * configurations (target, by id) and stand-ins for `update package-versions`
 * and `update start`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as plans from './sdk-plan.js';
import type { SdkScheduler } from './sdk-scheduler.js';
import { asRecord, parseJson, readBody, sendJson, sendText, type ResponseShaping } from './http-util.js';

const opt = (query: URLSearchParams, name: string): string | undefined => query.get(name) ?? undefined;

/** Handles one request under a scheduler's root; false when no route matches. */
export async function handleSdk(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  ctx: { scheduler: SdkScheduler; faults: ResponseShaping; now: () => number },
): Promise<boolean> {
  const { scheduler } = ctx;
  const shaping = { api: 'sdk' as const, faults: ctx.faults };
  const json = (status: number, body: unknown): true => {
    sendJson(res, status, body, shaping);
    return true;
  };
  const answer = (a: plans.ControlAnswer): true => {
    if (typeof a.body === 'string') sendText(res, a.status, a.body);
    else sendJson(res, a.status, a.body, shaping);
    return true;
  };
  if (req.method === 'GET' && path === '/v1/plans') return json(200, [...scheduler.plans.keys()].sort());
  if (req.method === 'GET' && path === '/v1/pod') return json(200, scheduler.podInstances());
  if (req.method === 'GET' && path === '/v1/pod/status') return json(200, scheduler.podStatusAll());
  if (req.method === 'GET' && path === '/v1/configurations/target') return json(200, scheduler.targetConfig());
  if (req.method === 'GET' && path === '/v1/configurations/targetId') return json(200, scheduler.target.id);
  if (req.method === 'GET' && path === '/v1/configurations') return json(200, [...scheduler.configs.keys()]);
  const config = /^\/v1\/configurations\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && config !== null) {
    const found = scheduler.targetConfig(decodeURIComponent(config[1] ?? ''));
    return found === undefined ? answer({ status: 404, body: `Configuration ${config[1] ?? ''} not found` }) : json(200, found);
  }
  // Stand-ins for `dcos <service> update package-versions` and `update start` (Cosmos in a real cluster).
  if (req.method === 'GET' && path === '/v1/update/package-versions') return json(200, scheduler.packageVersions());
  if (req.method === 'POST' && path === '/v1/update/start') {
    const parsed = parseJson(await readBody(req));
    return answer(scheduler.updateStart(parsed));
  }

  const pod = /^\/v1\/pod\/([^/]+)\/(status|restart|replace)$/.exec(path);
  if (pod !== null) {
    const name = decodeURIComponent(pod[1] ?? '');
    const action = pod[2];
    if (action === 'status' && req.method === 'GET') {
      const status = scheduler.podStatus(name);
      return status === undefined ? answer({ status: 404, body: `Pod ${name} not found` }) : json(200, status);
    }
    if ((action === 'restart' || action === 'replace') && req.method === 'POST') {
      const result = scheduler.controlPod(name, action);
      return result === undefined ? answer({ status: 404, body: `Pod ${name} not found` }) : json(200, result);
    }
    return false;
  }

  const planRoute = /^\/v1\/plans\/([^/]+)(?:\/(start|stop|continue|interrupt|forceComplete|restart))?$/.exec(path);
  if (planRoute === null) return false;
  const name = decodeURIComponent(planRoute[1] ?? '');
  const cmd = planRoute[2];
  const plan = scheduler.plans.get(name);
  if (cmd === undefined) {
    if (req.method !== 'GET') return false;
    if (plan === undefined) return answer({ status: 404, body: `Plan ${name} not found` });
    return json(plans.planHttpStatus(plan), plans.planJson(plan));
  }
  if (req.method !== 'POST') return false;
  const body = await readBody(req);
  if (plan === undefined) return answer({ status: 404, body: `Plan ${name} not found` });
  const phase = opt(query, 'phase');
  const step = opt(query, 'step');
  switch (cmd) {
    case 'interrupt':
      return answer(plans.interrupt(plan, phase));
    case 'continue':
      return answer(plans.proceed(plan, phase));
    case 'forceComplete':
      return answer(plans.forceComplete(plan, ctx.now(), phase, step));
    case 'restart': {
      const { answer: a, reset } = plans.restart(plan, phase, step);
      scheduler.killLaunched(reset);
      return answer(a);
    }
    case 'start': {
      const parameters = asRecord(parseJson(body));
      if (parameters === undefined) return answer({ status: 400, body: "Couldn't parse parameters: body is not a JSON object" });
      return answer(plans.start(plan, parameters).answer);
    }
    default:
      return answer(plans.stop(plan).answer);
  }
}
