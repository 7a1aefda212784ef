/**
 * A workload's pod template as a neutral ServiceSpec (first container's image,
 * env, resource requests, replicas), validation of a SpecChange against it,
 * and the strategic merge patch `kubectl set image` / `set env` /
 * `set resources` would send for that change.
 */
import type { ServiceSpec, SpecChange } from '../../core/backend/capabilities.js';
import { opsError } from '../../core/errors.js';
import type { WorkloadKind } from './kube-fields.js';

/** The parts of a container the spec reads and patches. */
export interface TemplateContainer {
  name: string;
  image?: string;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** The parts of a workload object the spec reads. */
export interface TemplateWorkload {
  kind: WorkloadKind;
  replicas?: number;
  containers: TemplateContainer[];
  /** Native update strategy in words, e.g. "RollingUpdate maxSurge 25%, maxUnavailable 25%". */
  updateStrategy?: string;
}

const CHANGE_KEYS = new Set(['image', 'version', 'env', 'unsetEnv', 'cpus', 'mem', 'replicas']);
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._\-/:]*(?:@sha256:[a-f0-9]{64})?$/i;
const MIB = 1024 * 1024;
const BINARY: Record<string, number> = { Ki: 1024, Mi: MIB, Gi: 1024 * MIB, Ti: 1024 ** 2 * MIB, Pi: 1024 ** 3 * MIB, Ei: 1024 ** 4 * MIB };
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** CPU cores of a Kubernetes quantity ("500m" → 0.5, "2" → 2); undefined when unreadable. */
export function parseCpu(quantity: string | undefined): number | undefined {
  if (quantity === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity.trim());
  if (match === null) return undefined;
  const value = Number(match[1]);
  return match[2] === 'm' ? value / 1000 : value;
}

/** MiB of a Kubernetes memory quantity ("256Mi" → 256, "1G" → 954); undefined when unreadable. */
export function parseMemoryMb(quantity: string | undefined): number | undefined {
  if (quantity === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|)$/.exec(quantity.trim());
  if (match === null) return undefined;
  const unit = match[2] ?? '';
  const bytes = Number(match[1]) * (BINARY[unit] ?? DECIMAL[unit] ?? 1);
  return Math.round(bytes / MIB);
}

/** The CPU quantity kubectl would write for `cores` ("0.5" → "500m"); INPUT_INVALID below a millicore or not positive. */
export function cpuQuantity(cores: number): string {
  const milli = cores * 1000;
  if (!Number.isFinite(cores) || cores <= 0 || Math.abs(milli - Math.round(milli)) > 1e-9) {
    throw opsError('INPUT_INVALID', `Invalid cpus value ${String(cores)}: Kubernetes CPU requests are positive with millicore precision.`, { hint: 'Give cores such as 0.25, 0.5 or 2.', details: { field: 'cpus' } });
  }
  return Number.isInteger(cores) ? String(cores) : `${Math.round(milli)}m`;
}

/** The memory quantity for `mb` MiB; INPUT_INVALID unless a positive whole number. */
export function memoryQuantity(mb: number): string {
  if (!Number.isInteger(mb) || mb <= 0) throw opsError('INPUT_INVALID', `Invalid mem value ${String(mb)}: give whole MB above 0.`, { hint: 'For example mem=256.', details: { field: 'mem' } });
  return `${mb}Mi`;
}

function envOf(container: TemplateContainer | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of container?.env ?? []) env[entry.name] = entry.value ?? (entry.valueFrom === undefined ? '' : '(from a reference)');
  return env;
}

/** The neutral spec of a pod template (first container). */
export function templateSpec(workload: TemplateWorkload): ServiceSpec {
  const first = workload.containers[0];
  const cpus = parseCpu(first?.resources?.requests?.['cpu']);
  const mem = parseMemoryMb(first?.resources?.requests?.['memory']);
  return {
    ...(first?.image === undefined ? {} : { image: first.image }),
    env: envOf(first),
    ...(cpus === undefined ? {} : { cpus }),
    ...(mem === undefined ? {} : { mem }),
    ...(workload.kind === 'DaemonSet' || workload.replicas === undefined ? {} : { replicas: workload.replicas }),
    ...(workload.updateStrategy === undefined ? {} : { updateStrategy: workload.updateStrategy }),
  };
}

/** Refuses unknown keys and invalid values before anything is read or sent (INPUT_INVALID, UNSUPPORTED for DaemonSets). */
export function validateChange(kind: WorkloadKind, change: SpecChange): void {
  const unknown = Object.keys(change).filter((key) => !CHANGE_KEYS.has(key));
  if (unknown.length > 0) throw opsError('INPUT_INVALID', `Unknown change key ${JSON.stringify(unknown[0])} for a Kubernetes workload.`, { hint: 'Change image, env, cpus, mem or replicas.', details: { field: unknown[0] } });
  if (kind === 'DaemonSet') throw opsError('UNSUPPORTED', 'opsdeck changes the spec of Deployments and StatefulSets, not DaemonSets.', { hint: 'Use kubectl set image / set env on the DaemonSet.' });
  if (change.version !== undefined) throw opsError('INPUT_INVALID', 'Kubernetes workloads are upgraded by image, not by package version.', { hint: 'Use --image registry/name:tag.', details: { field: 'version' } });
  if (change.image !== undefined && !IMAGE_REFERENCE.test(change.image)) {
    throw opsError('INPUT_INVALID', `Invalid image reference ${JSON.stringify(change.image.slice(0, 80))}.`, { hint: 'Give registry/name:tag or name@sha256:digest.', details: { field: 'image' } });
  }
  for (const name of [...Object.keys(change.env ?? {}), ...(change.unsetEnv ?? [])]) {
    if (!ENV_NAME.test(name)) throw opsError('INPUT_INVALID', `Invalid environment variable name ${JSON.stringify(name.slice(0, 60))}.`, { hint: 'Names use letters, digits, "_", "-" and "." and do not start with a digit.', details: { field: name } });
  }
  for (const name of change.unsetEnv ?? []) if (change.env?.[name] !== undefined) throw opsError('INPUT_INVALID', `${name} is both set and unset.`, { hint: 'Give it once.', details: { field: name } });
  if (change.cpus !== undefined) cpuQuantity(change.cpus);
  if (change.mem !== undefined) memoryQuantity(change.mem);
  if (change.replicas !== undefined && (!Number.isInteger(change.replicas) || change.replicas < 0)) {
    throw opsError('INPUT_INVALID', `Invalid replicas value ${String(change.replicas)}: give a whole number ≥ 0.`, { hint: 'For example replicas=3.', details: { field: 'replicas' } });
  }
  const meaningful = change.image !== undefined || Object.keys(change.env ?? {}).length > 0 || (change.unsetEnv ?? []).length > 0 || change.cpus !== undefined || change.mem !== undefined || change.replicas !== undefined;
  if (!meaningful) throw opsError('INPUT_INVALID', 'The change is empty.', { hint: 'Give an image, or KEY=VALUE settings.' });
}

/** The spec after the change. */
export function proposedSpec(current: ServiceSpec, change: SpecChange): ServiceSpec {
  const env = { ...current.env, ...(change.env ?? {}) };
  for (const key of change.unsetEnv ?? []) delete env[key];
  return {
    ...current,
    ...(change.image === undefined ? {} : { image: change.image }),
    env,
    ...(change.cpus === undefined ? {} : { cpus: change.cpus }),
    ...(change.mem === undefined ? {} : { mem: change.mem }),
    ...(change.replicas === undefined ? {} : { replicas: change.replicas }),
  };
}

function checkAgainstTemplate(first: TemplateContainer, change: SpecChange): void {
  for (const name of change.unsetEnv ?? []) {
    if (!(first.env ?? []).some((e) => e.name === name)) throw opsError('INPUT_INVALID', `${name} is not set on container ${first.name}, so it cannot be unset.`, { hint: 'See the current spec in the preview.', details: { field: name } });
  }
  const limits = first.resources?.limits ?? {};
  const cpuLimit = parseCpu(limits['cpu']);
  if (change.cpus !== undefined && cpuLimit !== undefined && change.cpus > cpuLimit) {
    throw opsError('INPUT_INVALID', `cpus ${change.cpus} exceeds container ${first.name}'s CPU limit ${limits['cpu'] ?? ''}; the API server would refuse it.`, { hint: 'Ask for at most the limit, or raise the limit first.', details: { field: 'cpus' } });
  }
  const memLimit = parseMemoryMb(limits['memory']);
  if (change.mem !== undefined && memLimit !== undefined && change.mem > memLimit) {
    throw opsError('INPUT_INVALID', `mem ${change.mem} MB exceeds container ${first.name}'s memory limit ${limits['memory'] ?? ''}; the API server would refuse it.`, { hint: 'Ask for at most the limit, or raise the limit first.', details: { field: 'mem' } });
  }
}

/**
 * The two-way strategic merge patch of the pod template that kubectl's `set
 * image`, `set env` and `set resources` send for the first container
 * (`$setElementOrder` directives, `$patch: delete` for removed variables);
 * undefined when the template would not change.
 */
export function templatePatch(containers: readonly TemplateContainer[], change: SpecChange): Record<string, unknown> | undefined {
  const first = containers[0];
  if (first === undefined) throw opsError('INPUT_INVALID', 'The pod template has no container to change.', { hint: 'Check the workload with kubectl get -o yaml.' });
  checkAgainstTemplate(first, change);
  const patch: Record<string, unknown> = { name: first.name };
  if (change.image !== undefined && change.image !== first.image) patch['image'] = change.image;
  const existing = first.env ?? [];
  const envItems: Array<Record<string, unknown>> = [];
  for (const [name, value] of Object.entries(change.env ?? {})) {
    const old = existing.find((e) => e.name === name);
    if (old !== undefined && old.value === value && old.valueFrom === undefined) continue;
    envItems.push({ name, value, ...(old?.valueFrom === undefined ? {} : { valueFrom: null }) });
  }
  for (const name of change.unsetEnv ?? []) envItems.push({ $patch: 'delete', name });
  if (envItems.length > 0) {
    const order = [...existing.map((e) => e.name).filter((n) => !(change.unsetEnv ?? []).includes(n)), ...Object.keys(change.env ?? {}).filter((n) => !existing.some((e) => e.name === n))];
    patch['$setElementOrder/env'] = order.map((name) => ({ name }));
    patch['env'] = envItems;
  }
  const requests: Record<string, string> = {};
  const oldRequests = first.resources?.requests ?? {};
  if (change.cpus !== undefined && parseCpu(oldRequests['cpu']) !== change.cpus) requests['cpu'] = cpuQuantity(change.cpus);
  if (change.mem !== undefined && parseMemoryMb(oldRequests['memory']) !== change.mem) requests['memory'] = memoryQuantity(change.mem);
  if (Object.keys(requests).length > 0) patch['resources'] = { requests };
  if (Object.keys(patch).length === 1) return undefined;
  return { spec: { template: { spec: { '$setElementOrder/containers': containers.map((c) => ({ name: c.name })), containers: [patch] } } } };
}
