/**
 * Configuration updates of a simulated SDK service, standing in for
 * `dcos <service> update start --package-version=V --options=…`: each update
 * makes a new target configuration, and the deploy plan (the SDK serves the
 * `update` plan as `deploy` once deployed) relaunches every pod instance that
 * does not yet run it — serial, parallel or serial-canary.
 */
import type { PlanStrategy } from '../../core/model/plan.js';
import type { SeededRandom } from './seeded-random.js';
import type { SdkPodSeed } from './seed-data.js';
import type { ControlAnswer, SdkPlan } from './sdk-plan.js';

/** One target configuration of a service. */
export interface SdkConfig {
  id: string;
  packageVersion: string;
  env: Record<string, string>;
  pods: SdkPodSeed[];
}

/** The body of `POST /v1/update/start`. */
export interface SdkUpdateRequest {
  packageVersion?: string;
  options?: { env?: Record<string, string>; cpus?: number; mem?: number; count?: number };
  strategy?: 'serial' | 'parallel' | 'canary';
  /** Target the configuration that was the target before the current one. */
  rollback?: boolean;
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const text = (status: number, body: string): ControlAnswer => ({ status, body });

/** Parses and checks an update request against the current config; an answer (400 / 404) when it is refused. */
export function nextConfig(
  request: unknown,
  context: { current: SdkConfig; previous?: SdkConfig; versions: readonly { version: string }[]; newId: () => string },
): { config: SdkConfig; strategy: 'serial' | 'parallel' | 'canary' } | ControlAnswer {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) return text(400, 'Update body must be a JSON object');
  const r = request as SdkUpdateRequest;
  const strategy = r.strategy ?? 'serial';
  if (!['serial', 'parallel', 'canary'].includes(strategy)) return text(400, `Unknown update strategy ${String(strategy)}`);
  if (r.rollback === true) {
    if (context.previous === undefined) return text(409, 'No previous configuration to roll back to');
    return { config: { ...structuredClone(context.previous), id: context.newId() }, strategy };
  }
  const { current } = context;
  const version = r.packageVersion ?? current.packageVersion;
  if (!context.versions.some((v) => v.version === version)) {
    return text(404, `Package version ${version} not found; available: ${context.versions.map((v) => v.version).join(', ')}`);
  }
  const options = r.options ?? {};
  const env = { ...current.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (!ENV_KEY.test(key)) return text(400, `Invalid option name ${key}`);
    env[key] = String(value);
  }
  const pods = structuredClone(current.pods);
  const first = pods[0];
  if (first !== undefined) {
    for (const task of first.tasks.filter((t) => t.goal === 'RUNNING')) {
      if (options.cpus !== undefined) {
        if (typeof options.cpus !== 'number' || options.cpus <= 0) return text(400, 'cpus must be a positive number');
        task.resources.cpus = options.cpus;
      }
      if (options.mem !== undefined) {
        if (typeof options.mem !== 'number' || !Number.isInteger(options.mem) || options.mem < 32) return text(400, 'mem must be a whole number of MB ≥ 32');
        task.resources.mem = options.mem;
      }
    }
    if (options.count !== undefined) {
      if (typeof options.count !== 'number' || !Number.isInteger(options.count) || options.count < 1) return text(400, 'count must be a whole number ≥ 1');
      // The SDK refuses to shrink pods (PodSpecsCannotShrink validation).
      if (options.count < first.count) return text(400, `Validation error: pod count of ${first.type} cannot shrink from ${first.count} to ${options.count}`);
      first.count = options.count;
    }
  }
  return { config: { id: context.newId(), packageVersion: version, env, pods }, strategy };
}

/** The deploy plan that moves every pod instance onto the target config; instances already on it are COMPLETE. */
export function updatePlan(config: SdkConfig, strategy: 'serial' | 'parallel' | 'canary', onTarget: (instance: string) => boolean, random: SeededRandom): SdkPlan {
  const phaseStrategy: PlanStrategy = strategy === 'parallel' ? 'parallel' : strategy === 'canary' ? 'serial-canary' : 'serial';
  return {
    name: 'deploy',
    strategy: 'serial',
    interrupted: false,
    errors: [],
    phases: config.pods.map((pod, p) => {
      const tasks = pod.tasks.filter((t) => t.goal === 'RUNNING').map((t) => t.name);
      const canary = strategy === 'canary' && p === 0;
      return {
        id: random.uuid(),
        name: pod.type,
        strategy: phaseStrategy,
        // The SDK makes a canary phase wait for `continue` before its first step, then before the rest.
        interrupted: canary,
        ...(canary ? { canary: 'first' as const } : {}),
        steps: Array.from({ length: pod.count }, (_, index) => ({
          id: random.uuid(),
          name: `${pod.type}-${index}:[${tasks.join(', ')}]`,
          pod: pod.type,
          index,
          tasks,
          status: onTarget(`${pod.type}-${index}`) ? ('COMPLETE' as const) : ('PENDING' as const),
          launched: [],
        })),
      };
    }),
  };
}
