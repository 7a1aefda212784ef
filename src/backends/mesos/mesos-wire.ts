/**
 * Reads the operator API's JSON (protobuf mapping: `{value}` ids, enum names,
 * nested labels, scalar resources) into small typed records, and rejects
 * shapes that are not what a Mesos master sends with a clear protocol error.
 */
import { opsError } from '../../core/errors.js';
import type { ResourceAmounts } from '../../core/model/resources.js';

/** A Mesos task as the backend keeps it. */
export interface WireTask {
  id: string;
  name: string;
  frameworkId: string;
  agentId: string;
  /** TaskState name, e.g. TASK_RUNNING. */
  state: string;
  healthy?: boolean;
  message?: string;
  startedAt?: number;
  resources: ResourceAmounts;
  labels: Record<string, string>;
  updatedAt: number;
}

/** A Mesos agent. */
export interface WireAgent {
  id: string;
  hostname: string;
  active: boolean;
  total: ResourceAmounts;
}

/** A framework (Marathon, an SDK scheduler…). */
export interface WireFramework {
  id: string;
  name: string;
  role: string;
}

type Json = Record<string, unknown>;

/** Throws the protocol error used for every unexpected shape. */
export function badShape(what: string): Error {
  return opsError('BACKEND_PROTOCOL', `The Mesos master sent ${what}.`, {
    hint: 'Check that mesosUrl points at a Mesos master (operator API v1); opsdeck reconnects and resynchronises.',
    retryable: true,
  });
}

/** A JSON object or a protocol error. */
export function obj(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badShape(`${what} that is not an object`);
  return value as Json;
}

/** A JSON array (absent = empty) or a protocol error. */
export function arr(value: unknown, what: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badShape(`${what} that is not a list`);
  return value;
}

function idOf(value: unknown, what: string): string {
  const v = obj(value, what).value;
  if (typeof v !== 'string' || v.length === 0) throw badShape(`${what} without a value`);
  return v;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Sums cpus / mem / disk scalars of a Resource list. */
export function scalarResources(value: unknown): ResourceAmounts {
  const out: ResourceAmounts = { cpus: 0, memMb: 0, diskMb: 0 };
  for (const item of arr(value, 'a resource list')) {
    const r = obj(item, 'a resource');
    const scalar = r.scalar === undefined ? undefined : obj(r.scalar, 'a scalar');
    const amount = typeof scalar?.value === 'number' ? scalar.value : 0;
    if (r.name === 'cpus') out.cpus += amount;
    else if (r.name === 'mem') out.memMb += amount;
    else if (r.name === 'disk') out.diskMb += amount;
  }
  return out;
}

function labelsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined) return out;
  for (const item of arr(obj(value, 'labels').labels, 'a label list')) {
    const label = obj(item, 'a label');
    if (typeof label.key === 'string') out[label.key] = str(label.value) ?? '';
  }
  return out;
}

/** Applies one TaskStatus (and the latest state) to a task. */
export function applyStatus(task: WireTask, statusValue: unknown, state: string | undefined): WireTask {
  const status = statusValue === undefined ? {} : obj(statusValue, 'a task status');
  const next: WireTask = { ...task, state: state ?? str(status.state) ?? task.state };
  if (typeof status.healthy === 'boolean') next.healthy = status.healthy;
  if (typeof status.message === 'string') next.message = status.message;
  const ts = typeof status.timestamp === 'number' ? Math.round(status.timestamp * 1000) : undefined;
  if (ts !== undefined) next.updatedAt = ts;
  if (next.startedAt === undefined && status.state === 'TASK_RUNNING' && ts !== undefined) next.startedAt = ts;
  return next;
}

/** Reads a Task. */
export function parseTask(value: unknown): WireTask {
  const t = obj(value, 'a task');
  const name = str(t.name);
  const state = str(t.state);
  if (name === undefined || state === undefined) throw badShape('a task without a name or state');
  let task: WireTask = {
    id: idOf(t.task_id, 'a task id'),
    name,
    frameworkId: idOf(t.framework_id, 'a framework id'),
    agentId: idOf(t.agent_id, 'an agent id'),
    state,
    resources: scalarResources(t.resources),
    labels: labelsOf(t.labels),
    updatedAt: 0,
  };
  for (const status of arr(t.statuses, 'a status list')) task = applyStatus(task, status, undefined);
  return { ...task, state };
}

/** Reads a GetAgents.Agent. */
export function parseAgent(value: unknown): WireAgent {
  const a = obj(value, 'an agent');
  const info = obj(a.agent_info, 'agent_info');
  return {
    id: idOf(info.id, 'an agent id'),
    hostname: str(info.hostname) ?? 'unknown',
    active: a.active !== false,
    total: scalarResources(a.total_resources ?? info.resources),
  };
}

/** Reads a GetFrameworks.Framework. */
export function parseFramework(value: unknown): WireFramework {
  const info = obj(obj(value, 'a framework').framework_info, 'framework_info');
  return { id: idOf(info.id, 'a framework id'), name: str(info.name) ?? 'unknown', role: str(info.role) ?? '*' };
}

/** Everything in a GET_STATE / SUBSCRIBED state. */
export interface WireState {
  tasks: WireTask[];
  agents: WireAgent[];
  frameworks: WireFramework[];
}

/** Reads a `get_state` object. */
export function parseState(value: unknown): WireState {
  const state = obj(value, 'a state');
  const tasks = obj(state.get_tasks ?? {}, 'get_tasks');
  return {
    tasks: [...arr(tasks.tasks, 'tasks'), ...arr(tasks.unreachable_tasks, 'unreachable tasks')].map(parseTask),
    agents: arr(obj(state.get_agents ?? {}, 'get_agents').agents, 'agents').map(parseAgent),
    frameworks: arr(obj(state.get_frameworks ?? {}, 'get_frameworks').frameworks, 'frameworks').map(parseFramework),
  };
}
