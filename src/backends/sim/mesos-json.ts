/**
 * Renders the simulated master's data in the v1 operator API's JSON mapping of
 * protobuf: ids as `{value}`, enums as names, nested labels, scalar resources.
 */
import type { SimWorld } from './sim-world.js';
import type { SimAgent, SimFramework, SimResources, SimTask, SimTaskStatus } from './sim-types.js';

type Json = Record<string, unknown>;

const id = (value: string): Json => ({ value });
const nanos = (ms: number): Json => ({ nanoseconds: ms * 1_000_000 });

/** Mesos Resource list for cpus / mem / disk. */
export function resourcesJson(resources: SimResources, role = '*'): Json[] {
  return (['cpus', 'mem', 'disk'] as const).map((name) => ({ name, type: 'SCALAR', scalar: { value: resources[name] }, role }));
}

/** One TaskStatus. */
export function statusJson(task: SimTask, status: SimTaskStatus): Json {
  return {
    task_id: id(task.id),
    state: status.state,
    source: status.source,
    agent_id: id(task.agentId),
    timestamp: status.timestamp,
    uuid: Buffer.from(`${task.id}:${status.timestamp}:${status.state}`).toString('base64'),
    ...(status.message === undefined ? {} : { message: status.message }),
    ...(status.reason === undefined ? {} : { reason: status.reason }),
    ...(status.healthy === undefined ? {} : { healthy: status.healthy }),
    container_status: { network_infos: [{ ip_addresses: [{ ip_address: '9.0.0.1' }] }] },
  };
}

/** One Task. */
export function taskJson(task: SimTask): Json {
  const latest = task.statuses[task.statuses.length - 1];
  return {
    name: task.name,
    task_id: id(task.id),
    framework_id: id(task.frameworkId),
    agent_id: id(task.agentId),
    state: task.state,
    resources: resourcesJson(task.resources),
    statuses: task.statuses.map((s) => statusJson(task, s)),
    ...(latest === undefined ? {} : { status_update_state: latest.state }),
    labels: { labels: Object.entries(task.labels).map(([key, value]) => ({ key, value })) },
    ...(task.hasHealthCheck ? { health_check: { type: 'HTTP', http: { port: 8080, path: '/health' } } } : {}),
  };
}

/** One GetAgents.Agent. */
export function agentJson(world: SimWorld, agent: SimAgent): Json {
  return {
    agent_info: { id: id(agent.id), hostname: agent.hostname, port: agent.port, resources: resourcesJson(agent.total), attributes: [] },
    active: agent.active,
    deactivated: false,
    version: '1.11.0',
    pid: `slave(1)@${agent.hostname}:${agent.port}`,
    registered_time: nanos(agent.registeredAt),
    total_resources: resourcesJson(agent.total),
    allocated_resources: resourcesJson(world.allocated(agent.id)),
    offered_resources: [],
    capabilities: [],
  };
}

/** One GetFrameworks.Framework. */
export function frameworkJson(framework: SimFramework): Json {
  return {
    framework_info: {
      id: id(framework.id),
      name: framework.name,
      user: 'nobody',
      role: framework.role,
      principal: framework.principal,
      checkpoint: true,
      failover_timeout: 604800,
      capabilities: [],
    },
    active: true,
    connected: true,
    recovered: false,
    registered_time: nanos(framework.registeredAt),
    offers: [],
    inverse_offers: [],
    allocated_resources: [],
    offered_resources: [],
  };
}

/** The `get_state` member of GET_STATE and SUBSCRIBED. */
export function getStateJson(world: SimWorld): Json {
  return {
    get_tasks: {
      tasks: [...world.tasks.values()].map(taskJson),
      unreachable_tasks: [],
      completed_tasks: world.completedTasks.map(taskJson),
      pending_tasks: [],
      orphan_tasks: [],
    },
    get_executors: { executors: [] },
    get_frameworks: { frameworks: [...world.frameworks.values()].map(frameworkJson), completed_frameworks: [] },
    get_agents: { agents: [...world.agents.values()].map((a) => agentJson(world, a)), recovered_agents: [] },
  };
}
