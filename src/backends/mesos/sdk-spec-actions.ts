/**
 * Upgrades and configuration changes of DC/OS SDK services: the target
 * configuration is the current spec, `update start` (package version and
 * options) makes a new target, and the deploy plan rolls it out — serial,
 * parallel or serial-canary (which waits for `continue`). Rollback starts an
 * update back to the configuration that was the target before.
 */
import type { ChangePlan, ChangeProposal, ChangeStrategy, ServiceSpec, SpecChange } from '../../core/backend/capabilities.js';
import type { ActionReceipt } from '../../core/backend/port.js';
import { isOpsdeckError, opsError } from '../../core/errors.js';
import type { Service } from '../../core/model/service.js';
import { sdkUrl, type ActionContext } from './action-context.js';

interface TargetConfig {
  packageVersion?: string;
  env?: Record<string, string>;
  pods?: { type: string; count: number; tasks: { name: string; goal?: string; cpus?: number; memory?: number }[] }[];
}

const component = (service: Service): `SDK scheduler ${string}` => `SDK scheduler ${service.name}`;

async function target(ctx: ActionContext, service: Service, signal?: AbortSignal): Promise<TargetConfig> {
  const res = await ctx.http.request({ component: component(service), method: 'GET', url: `${sdkUrl(ctx, service)}/v1/configurations/target`, ...(signal ? { signal } : {}) });
  return (res.body ?? {}) as TargetConfig;
}

function specOf(config: TargetConfig): ServiceSpec {
  const pod = config.pods?.[0];
  const task = pod?.tasks.find((t) => t.goal === undefined || t.goal === 'RUNNING');
  return {
    ...(config.packageVersion === undefined ? {} : { version: config.packageVersion }),
    env: { ...(config.env ?? {}) },
    ...(task?.cpus === undefined ? {} : { cpus: task.cpus }),
    ...(task?.memory === undefined ? {} : { mem: task.memory }),
    ...(pod === undefined ? {} : { replicas: pod.count }),
    updateStrategy: 'deploy plan, serial',
  };
}

/** The SDK service's target configuration as a neutral spec. */
export async function sdkCurrentSpec(ctx: ActionContext, service: Service, signal?: AbortSignal): Promise<ServiceSpec> {
  return specOf(await target(ctx, service, signal));
}

async function deployStatus(ctx: ActionContext, service: Service, signal?: AbortSignal): Promise<string> {
  const res = await ctx.http.request({ component: component(service), method: 'GET', url: `${sdkUrl(ctx, service)}/v1/plans/deploy`, accept: [202, 417], ...(signal ? { signal } : {}) });
  return String((res.body as { status?: unknown } | undefined)?.status ?? 'UNKNOWN');
}

/** Validates a change against the package repository and the deploy plan, and proposes spec and plan (no side effects). */
export async function sdkPlanChange(ctx: ActionContext, service: Service, change: SpecChange, strategy: ChangeStrategy, signal?: AbortSignal): Promise<ChangeProposal> {
  const url = sdkUrl(ctx, service);
  if (change.image !== undefined) {
    throw opsError('INPUT_INVALID', `${service.name} is a DC/OS SDK service: it is upgraded by package version, not by image.`, { hint: `Use --version; list versions with opsdeck upgrade ${service.name} --version ? or dcos ${service.name} update package-versions.` });
  }
  const config = await target(ctx, service, signal);
  const current = specOf(config);
  if (change.version !== undefined) {
    const res = await ctx.http.request({ component: component(service), method: 'GET', url: `${url}/v1/update/package-versions`, ...(signal ? { signal } : {}) });
    const available = ((res.body as { available?: unknown[] } | undefined)?.available ?? []).map(String);
    if (!available.includes(change.version)) {
      throw opsError('NOT_FOUND', `Package version ${change.version} of ${service.name} does not exist.`, { hint: `Available versions: ${available.join(', ') || 'none'}.` });
    }
  }
  if (change.replicas !== undefined && current.replicas !== undefined && change.replicas < current.replicas) {
    throw opsError('INPUT_INVALID', `${service.name} cannot shrink from ${current.replicas} to ${change.replicas} pods: DC/OS SDK services only grow.`, { hint: 'Decommission pods with the service CLI if you really need fewer.' });
  }
  if (change.replicas === 0) throw opsError('INPUT_INVALID', 'An SDK service needs at least one pod.', { hint: 'Give replicas ≥ 1.' });
  const status = await deployStatus(ctx, service, signal);
  if (status !== 'COMPLETE' && status !== 'ERROR') {
    throw opsError('CONFLICT', `${service.name} already has a deploy plan in progress (${status}).`, { hint: `Wait for it, or pause / continue it with opsdeck plan …; then change ${service.name}.` });
  }
  const env = { ...current.env, ...(change.env ?? {}) };
  for (const key of change.unsetEnv ?? []) delete env[key];
  const proposed: ServiceSpec = {
    ...current,
    ...(change.version === undefined ? {} : { version: change.version }),
    env,
    ...(change.cpus === undefined ? {} : { cpus: change.cpus }),
    ...(change.mem === undefined ? {} : { mem: change.mem }),
    ...(change.replicas === undefined ? {} : { replicas: change.replicas }),
  };
  return { current, proposed, plan: sdkChangePlan(config, proposed, strategy) };
}

function sdkChangePlan(config: TargetConfig, proposed: ServiceSpec, strategy: ChangeStrategy): ChangePlan {
  const phases = (config.pods ?? []).map((pod, index) => {
    const count = index === 0 ? (proposed.replicas ?? pod.count) : pod.count;
    const tasks = pod.tasks.filter((t) => t.goal === undefined || t.goal === 'RUNNING').map((t) => t.name);
    return { name: pod.type, steps: Array.from({ length: count }, (_, i) => ({ name: `${pod.type}-${i}:[${tasks.join(', ')}]` })) };
  });
  const notes = ['the SDK serves the update plan as deploy; a step whose readiness check fails stops the plan in ERROR'];
  if (strategy === 'canary') notes.push('serial-canary: the first step runs, then the plan waits for `opsdeck plan continue`');
  return { planName: 'deploy', strategy, phases, notes };
}

async function updateStart(ctx: ActionContext, service: Service, body: unknown, signal?: AbortSignal): Promise<string> {
  const res = await ctx.http.request({ component: component(service), method: 'POST', url: `${sdkUrl(ctx, service)}/v1/update/start`, body, ...(signal ? { signal } : {}) });
  await ctx.live.refreshSdk(service.nativeId);
  return String((res.body as { configId?: unknown } | undefined)?.configId ?? '');
}

/** Starts the update: a new target configuration and its deploy plan; a canary runs its first step at once. */
export async function sdkApplyChange(ctx: ActionContext, service: Service, change: SpecChange, strategy: ChangeStrategy, signal?: AbortSignal): Promise<ActionReceipt> {
  const options = {
    ...(change.env === undefined ? {} : { env: change.env }),
    ...(change.cpus === undefined ? {} : { cpus: change.cpus }),
    ...(change.mem === undefined ? {} : { mem: change.mem }),
    ...(change.replicas === undefined ? {} : { count: change.replicas }),
  };
  const ref = await updateStart(ctx, service, { ...(change.version === undefined ? {} : { packageVersion: change.version }), options, strategy }, signal);
  // The SDK's canary waits before its first step too; opsdeck's canary runs the first step and then waits.
  if (strategy === 'canary') await sdkContinue(ctx, service, signal);
  const what = change.version !== undefined ? `to package ${change.version}` : 'to a new configuration';
  return { message: `update of ${service.name} ${what} started (${strategy})`, ...(ref === '' ? {} : { ref }) };
}

/** Lets the deploy plan go on (`POST /v1/plans/deploy/continue`); 208 when nothing waits. */
export async function sdkContinue(ctx: ActionContext, service: Service, signal?: AbortSignal): Promise<ActionReceipt> {
  const res = await ctx.http.request({ component: component(service), method: 'POST', url: `${sdkUrl(ctx, service)}/v1/plans/deploy/continue`, accept: [208], ...(signal ? { signal } : {}) });
  await ctx.live.refreshSdk(service.nativeId);
  if (res.status === 208) return { message: `the deploy plan of ${service.name} was not waiting`, alreadyInEffect: true };
  return { message: `the deploy plan of ${service.name} continues` };
}

/** Starts an update back to the configuration that was the target before the last update. */
export async function sdkRollback(ctx: ActionContext, service: Service, signal?: AbortSignal): Promise<ActionReceipt> {
  try {
    const ref = await updateStart(ctx, service, { rollback: true, strategy: 'serial' }, signal);
    return { message: `rolling ${service.name} back to its previous configuration`, ...(ref === '' ? {} : { ref }) };
  } catch (error) {
    if (isOpsdeckError(error) && error.code === 'CONFLICT') {
      throw opsError('CONFLICT', `${service.name} cannot roll back now: ${error.message.replace(/^.*409: /, '')}.`, { hint: 'Pause the running plan first, or wait for it.', cause: error });
    }
    throw error;
  }
}
