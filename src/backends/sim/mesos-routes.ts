/**
 * `POST /api/v1` of the simulated Mesos master: content-type and method checks
 * (400 / 415 / 405 / 406 as in src/master/http.cpp), GET_STATE and friends,
 * and SUBSCRIBE handed to the stream registry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { agentJson, frameworkJson, getStateJson } from './mesos-json.js';
import type { MesosSubscribers } from './mesos-subscribers.js';
import type { SimWorld } from './sim-world.js';
import { asRecord, parseJson, readBody, sendJson, sendText, type ResponseShaping } from './http-util.js';

/** Handles one request under the master's root; false when the path is not the master's. */
export async function handleMesos(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  ctx: { world: SimWorld; subscribers: MesosSubscribers; faults: ResponseShaping },
): Promise<boolean> {
  if (path !== '/api/v1') return false;
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST' });
    res.end();
    return true;
  }
  const contentType = req.headers['content-type'];
  if (contentType === undefined) {
    sendText(res, 400, "Expecting 'Content-Type' to be present");
    return true;
  }
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-protobuf') {
    sendText(res, 415, 'The simulated master speaks application/json only');
    return true;
  }
  if (mediaType !== 'application/json') {
    sendText(res, 415, `Expecting 'Content-Type' of application/json or application/x-protobuf`);
    return true;
  }
  const accept = req.headers.accept;
  if (accept !== undefined && !/application\/json|\*\/\*|application\/\*/.test(accept)) {
    sendText(res, 406, 'Expecting \'Accept\' to allow application/json');
    return true;
  }
  const call = asRecord(parseJson(await readBody(req)));
  const type = call?.type;
  if (typeof type !== 'string') {
    sendText(res, 400, 'Failed to parse body into Call: expecting a JSON object with a "type"');
    return true;
  }
  const { world } = ctx;
  const shaping = { api: 'mesos' as const, faults: ctx.faults };
  switch (type) {
    case 'SUBSCRIBE':
      ctx.subscribers.add(res);
      return true;
    case 'GET_STATE':
      sendJson(res, 200, { type, get_state: getStateJson(world) }, shaping);
      return true;
    case 'GET_TASKS':
      sendJson(res, 200, { type, get_tasks: getStateJson(world).get_tasks }, shaping);
      return true;
    case 'GET_AGENTS':
      sendJson(res, 200, { type, get_agents: { agents: [...world.agents.values()].map((a) => agentJson(world, a)), recovered_agents: [] } }, shaping);
      return true;
    case 'GET_FRAMEWORKS':
      sendJson(res, 200, { type, get_frameworks: { frameworks: [...world.frameworks.values()].map(frameworkJson), completed_frameworks: [] } }, shaping);
      return true;
    case 'GET_HEALTH':
      sendJson(res, 200, { type, get_health: { healthy: true } }, shaping);
      return true;
    case 'GET_VERSION':
      sendJson(res, 200, { type, get_version: { version_info: { version: '1.11.0', build_user: 'opsdeck-sim' } } }, shaping);
      return true;
    case 'GET_MASTER':
      sendJson(res, 200, { type, get_master: { master_info: { id: world.masterId, hostname: '127.0.0.1', port: 5050 } } }, shaping);
      return true;
    default:
      sendText(res, 400, `Failed to validate master::Call: unsupported call type ${type}`);
      return true;
  }
}

