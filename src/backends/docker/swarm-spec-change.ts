/**
 * Upgrades and configuration changes of Swarm services: the service spec as
 * a neutral spec, a proposal (diff + the slots replaced in order, expected
 * duration from the last completed update) and the edit that sends the new
 * spec with an `UpdateConfig` that pauses on failure, so a rollout whose new
 * tasks fail their health check stops and can be rolled back.
 */
import type { ChangePlan, ChangeProposal, ChangeStrategy, ServiceSpec, SpecChange } from '../../core/backend/capabilities.js';
import { isOpsdeckError, opsError } from '../../core/errors.js';
import type { Service } from '../../core/model/service.js';
import type { DockerApi } from './docker-api.js';
import type { Edit } from './swarm-actions.js';
import type { SwarmService, SwarmServiceSpec, SwarmTask } from './docker-types.js';
import { shortImage } from './map-context.js';
import { isCurrentTask, parseTime } from './swarm-task-state.js';

const NANO = 1_000_000_000;
const MB = 1024 * 1024;
/** Monitor window after each task update when the service has none: long enough for a health check to fail. */
const DEFAULT_MONITOR_NS = 5 * NANO;
/** Service label marking a canary that waits for `continue` after its first task. */
export const CANARY_LABEL = 'opsdeck.canary';
/** Service label holding the spec from before a canary (JSON), so rollback restores it even after `continue`. */
export const CANARY_BEFORE_LABEL = 'opsdeck.canary.before';
/** The delay after the first task that holds a canary: Swarm waits it out before the next task, `continue` cuts it. */
const CANARY_HOLD_NS = 24 * 3600 * NANO;

interface BeforeCanary {
  TaskTemplate?: SwarmServiceSpec['TaskTemplate'];
  Mode?: SwarmServiceSpec['Mode'];
  UpdateConfig?: SwarmServiceSpec['UpdateConfig'];
}

function withoutCanaryLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const { [CANARY_LABEL]: _waiting, [CANARY_BEFORE_LABEL]: _before, ...rest } = labels ?? {};
  return rest;
}

interface ContainerSpecView {
  Image?: string;
  Env?: string[];
}

interface ResourcesView {
  Limits?: { NanoCPUs?: number; MemoryBytes?: number };
  Reservations?: { NanoCPUs?: number; MemoryBytes?: number };
}

function envOf(list: readonly string[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of list ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

function describeUpdateConfig(config: SwarmServiceSpec['UpdateConfig']): string {
  const monitor = typeof config?.['Monitor'] === 'number' ? `, monitor ${(config['Monitor'] as number) / NANO}s` : '';
  return `parallelism ${config?.Parallelism ?? 1}, failure action ${config?.FailureAction ?? 'pause'}${monitor}`;
}

/** A Swarm service spec as a neutral spec (image without digest, env, limits, replicas, update config). */
export function swarmSpecOf(spec: SwarmServiceSpec): ServiceSpec {
  const container = (spec.TaskTemplate?.ContainerSpec ?? {}) as ContainerSpecView;
  const limits = (spec.TaskTemplate?.Resources as ResourcesView | undefined)?.Limits;
  const image = shortImage(container.Image);
  const replicas = spec.Mode?.Replicated?.Replicas;
  return {
    ...(image === undefined ? {} : { image }),
    env: envOf(container.Env),
    ...(limits?.NanoCPUs === undefined || limits.NanoCPUs === 0 ? {} : { cpus: limits.NanoCPUs / NANO }),
    ...(limits?.MemoryBytes === undefined || limits.MemoryBytes === 0 ? {} : { mem: Math.round(limits.MemoryBytes / MB) }),
    ...(replicas === undefined ? {} : { replicas }),
    updateStrategy: describeUpdateConfig(spec.UpdateConfig),
  };
}

/** The UpdateConfig a strategy runs with: one task (serial) or all (parallel) at a time, pausing on failure. */
export function updateConfigFor(current: SwarmServiceSpec['UpdateConfig'], strategy: ChangeStrategy): NonNullable<SwarmServiceSpec['UpdateConfig']> {
  if (strategy === 'canary') return { ...updateConfigFor(current, 'serial'), Delay: CANARY_HOLD_NS };
  const monitor = typeof current?.['Monitor'] === 'number' && (current['Monitor'] as number) > 0 ? (current['Monitor'] as number) : DEFAULT_MONITOR_NS;
  return { ...(current ?? {}), Parallelism: strategy === 'parallel' ? 0 : 1, FailureAction: 'pause', Monitor: monitor, MaxFailureRatio: 0 };
}

/** The spec after the change (image, env, limits, replicas, UpdateConfig); the rest is sent back unchanged. */
export function changedSpec(spec: SwarmServiceSpec, change: SpecChange, strategy: ChangeStrategy): SwarmServiceSpec {
  const template = spec.TaskTemplate ?? {};
  const container = (template.ContainerSpec ?? {}) as ContainerSpecView & Record<string, unknown>;
  const env = { ...envOf(container.Env), ...(change.env ?? {}) };
  for (const key of change.unsetEnv ?? []) delete env[key];
  const resources = (template.Resources ?? {}) as ResourcesView & Record<string, unknown>;
  const limits = { ...(resources.Limits ?? {}) };
  if (change.cpus !== undefined) limits.NanoCPUs = Math.round(change.cpus * NANO);
  if (change.mem !== undefined) limits.MemoryBytes = change.mem * MB;
  const canary = strategy === 'canary';
  const before: BeforeCanary = { TaskTemplate: spec.TaskTemplate, Mode: spec.Mode, UpdateConfig: spec.UpdateConfig };
  const next: SwarmServiceSpec = {
    ...spec,
    Labels: { ...withoutCanaryLabels(spec.Labels), ...(canary ? { [CANARY_LABEL]: 'waiting', [CANARY_BEFORE_LABEL]: JSON.stringify(before) } : {}) },
    TaskTemplate: {
      ...template,
      ContainerSpec: {
        ...container,
        ...(change.image === undefined ? {} : { Image: change.image }),
        ...(change.env === undefined && change.unsetEnv === undefined ? {} : { Env: Object.entries(env).map(([k, v]) => `${k}=${v}`) }),
      },
      ...(change.cpus === undefined && change.mem === undefined ? {} : { Resources: { ...resources, Limits: limits } }),
    },
    UpdateConfig: canary ? { ...updateConfigFor(spec.UpdateConfig, 'serial'), Delay: CANARY_HOLD_NS } : updateConfigFor(spec.UpdateConfig, strategy),
  };
  if (change.replicas !== undefined && spec.Mode?.Replicated !== undefined) next.Mode = { ...spec.Mode, Replicated: { ...spec.Mode.Replicated, Replicas: change.replicas } };
  return next;
}

function changePlan(service: SwarmService, tasks: readonly SwarmTask[], strategy: ChangeStrategy, backendId: string): ChangePlan {
  const name = service.Spec.Name ?? service.ID;
  const current = tasks.filter((t) => isCurrentTask(t) && t.DesiredState === 'running').sort((a, b) => (a.Slot ?? 0) - (b.Slot ?? 0));
  const steps = current.map((t) => ({ name: `${name}.${t.Slot ?? t.NodeID ?? t.ID}`, task: `${backendId}/${t.ID}` }));
  const phases = strategy === 'parallel' ? [{ name: 'replace tasks (all at once)', steps }] : [{ name: 'replace tasks (one at a time)', steps }];
  const update = service.UpdateStatus;
  const started = parseTime(update?.StartedAt);
  const completed = parseTime(update?.CompletedAt);
  const expected = update?.State === 'completed' && started !== undefined && completed !== undefined && completed > started ? completed - started : undefined;
  return {
    planName: 'update',
    strategy,
    phases,
    ...(expected === undefined ? {} : { expectedDurationMs: expected }),
    notes: [
      'Swarm pauses the update when a new task fails (failure action pause); roll back with opsdeck rollback',
      ...(strategy === 'canary' ? ['canary: Swarm holds the update after the first task until `opsdeck plan continue`'] : []),
    ],
  };
}

async function checkImage(api: DockerApi, image: string, signal?: AbortSignal): Promise<void> {
  try {
    await api.inspectImage(image, signal);
  } catch (error) {
    if (isOpsdeckError(error) && error.code === 'NOT_FOUND') {
      throw opsError('NOT_FOUND', `Image ${image} does not exist on this Engine.`, { hint: 'Check the tag (docker image ls), or pull / load it on every node first.' });
    }
    throw error;
  }
}

/** Validates a change (image present, no rollout running, keys that apply) and proposes spec and plan; no side effects. */
export async function proposeSwarmChange(
  api: DockerApi,
  input: { service: Service; swarm: SwarmService; change: SpecChange; strategy: ChangeStrategy; backendId: string; signal?: AbortSignal },
): Promise<ChangeProposal> {
  const { service, swarm, change, strategy } = input;
  if (change.version !== undefined) throw opsError('INPUT_INVALID', `${service.name} is a Swarm service: it is upgraded by image, not by version.`, { hint: 'Use --image name:tag.' });
  if (change.replicas !== undefined && swarm.Spec.Mode?.Replicated === undefined) {
    throw opsError('INPUT_INVALID', `${service.name} is a global Swarm service (one task per node); replicas does not apply.`, { hint: 'Leave out replicas.' });
  }
  const state = swarm.UpdateStatus?.State;
  if (state === 'updating' || state === 'rollback_started' || state === 'paused' || state === 'rollback_paused') {
    throw opsError('CONFLICT', `${service.name} already has a rollout in progress (Swarm update state ${state}).`, {
      hint: state.endsWith('paused') ? 'Roll it back (opsdeck rollback) or resume it first.' : 'Wait for it to finish (opsdeck plan show).',
    });
  }
  if (change.image !== undefined) await checkImage(api, change.image, input.signal);
  const tasks = await api.listTasks({ service: [swarm.ID] }, input.signal);
  return { current: swarmSpecOf(swarm.Spec), proposed: swarmSpecOf(changedSpec(swarm.Spec, change, strategy)), plan: changePlan(swarm, tasks, strategy, input.backendId) };
}

/** Edit: let a waiting canary go on (restore the update delay, drop the waiting label); CONFLICT when none waits. */
export function continueCanaryEdit(service: SwarmService): Edit {
  const name = service.Spec.Name ?? service.ID;
  if (service.Spec.Labels?.[CANARY_LABEL] !== 'waiting') {
    throw opsError('CONFLICT', `${name} has no canary waiting for continue.`, { hint: 'Start one with --strategy canary; see the plan with opsdeck plan show.' });
  }
  const before = readBefore(service.Spec);
  const { [CANARY_LABEL]: _waiting, ...labels } = service.Spec.Labels;
  return {
    spec: { ...service.Spec, Labels: labels, UpdateConfig: { ...(service.Spec.UpdateConfig ?? {}), Delay: (before?.UpdateConfig?.['Delay'] as number | undefined) ?? 0 } },
    message: `the canary of ${name} continues to the remaining tasks`,
  };
}

function readBefore(spec: SwarmServiceSpec): BeforeCanary | undefined {
  const raw = spec.Labels?.[CANARY_BEFORE_LABEL];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as BeforeCanary;
  } catch {
    return undefined;
  }
}

/** Edit for rollback after a canary (waiting or continued): send the spec from before it; undefined when the last change was no canary. */
export function canaryRollbackEdit(service: SwarmService): Edit | undefined {
  const before = readBefore(service.Spec);
  if (before === undefined) return undefined;
  const name = service.Spec.Name ?? service.ID;
  const image = shortImage((before.TaskTemplate?.ContainerSpec as ContainerSpecView | undefined)?.Image);
  return {
    spec: {
      ...service.Spec,
      Labels: withoutCanaryLabels(service.Spec.Labels),
      // The exact earlier template: tasks the canary never reached match it and keep running.
      ...(before.TaskTemplate === undefined ? {} : { TaskTemplate: before.TaskTemplate }),
      ...(before.Mode === undefined ? {} : { Mode: before.Mode }),
      UpdateConfig: before.UpdateConfig ?? {},
    },
    message: `rolling back ${name}${image === undefined ? '' : ` to ${image}`} (the spec before the canary)`,
  };
}
