/**
 * The lifecycle actions, sending exactly what kubectl sends: scale through the
 * scale subresource (merge patch), rollout restart (strategic merge patch of
 * the restartedAt annotation), rollout undo (JSON patch of the template and
 * annotations from the previous ReplicaSet; for StatefulSets and DaemonSets a
 * strategic merge patch with the previous ControllerRevision's data), pause /
 * resume (strategic merge patch of spec.paused) and pod deletion. Undo also
 * ends an opsdeck canary (unpause / partition 0 in the same request) and, for
 * StatefulSets, replaces the unready pods of the abandoned revision.
 */
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Deployment, type V1ReplicaSet } from '@kubernetes/client-node';
import type { Clock } from '../../core/clock.js';
import { opsError, type OpsdeckError } from '../../core/errors.js';
import { CANARY_ANNOTATION, controllerOf, revisionOf, type WorkloadKind } from './kube-fields.js';
import { kubeError, type KubeErrorContext } from './kubernetes-errors.js';
import { isPodReady } from './pod-task.js';

/** A workload an action addresses. */
export interface WorkloadRef {
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

/** Annotations of a Deployment that undo keeps rather than copying from the ReplicaSet (kubectl's annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
];

/** The restartedAt annotation kubectl sets. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** RFC 3339 in UTC without fractional seconds, as Go's time.RFC3339 formats it. */
export function rfc3339Seconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const plural = (kind: WorkloadKind): 'deployments' | 'statefulsets' | 'daemonsets' => `${kind.toLowerCase()}s` as 'deployments' | 'statefulsets' | 'daemonsets';
const jsonClone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** JSON with sorted keys and no nulls, for comparing templates semantically (as kubectl's equalIgnoreHash does). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Options of the action runner. */
export interface KubernetesActionsOptions {
  kubeConfig: KubeConfig;
  clock: Clock;
  context: string;
  server: string;
  secrets: readonly string[];
}

/** Sends the lifecycle requests for one cluster. */
export class KubernetesActions {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;

  constructor(private readonly options: KubernetesActionsOptions) {
    this.apps = options.kubeConfig.makeApiClient(AppsV1Api);
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
  }

  private error(error: unknown, context: Omit<KubeErrorContext, 'context' | 'server'>): OpsdeckError {
    return kubeError(error, { ...context, context: this.options.context, server: this.options.server }, this.options.secrets);
  }

  /** Runs one API call, mapping its failure to an OpsdeckError with a hint. */
  async call<T>(run: () => Promise<T>, context: Omit<KubeErrorContext, 'context' | 'server'>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.error(error, context);
    }
  }

  /** "deployment ns/name", for messages. */
  describe(ref: WorkloadRef): string {
    return `${ref.kind.toLowerCase()} ${ref.namespace}/${ref.name}`;
  }

  /** GET of the workload. */
  read(ref: WorkloadRef, action: string): Promise<{ metadata?: V1Deployment['metadata']; spec?: { paused?: boolean; replicas?: number; template?: unknown } }> {
    const request = { name: ref.name, namespace: ref.namespace };
    const context = { action, verb: 'get', resource: plural(ref.kind), namespace: ref.namespace };
    switch (ref.kind) {
      case 'Deployment':
        return this.call(() => this.apps.readNamespacedDeployment(request), context);
      case 'StatefulSet':
        return this.call(() => this.apps.readNamespacedStatefulSet(request), context);
      case 'DaemonSet':
        return this.call(() => this.apps.readNamespacedDaemonSet(request), context);
    }
  }

  /** `kubectl scale --replicas=N`: merge patch of the scale subresource. Returns the previous replica count. */
  async scale(ref: WorkloadRef, replicas: number): Promise<number | undefined> {
    if (!Number.isInteger(replicas) || replicas < 0) throw opsError('INPUT_INVALID', `Replicas must be a whole number ≥ 0, not ${replicas}.`, { hint: 'Give a count such as 3.' });
    if (ref.kind === 'DaemonSet') throw opsError('UNSUPPORTED', 'A DaemonSet runs one pod per node and cannot be scaled.', { hint: 'Change its node selector or tolerations instead.' });
    const action = `scale ${this.describe(ref)} to ${replicas}`;
    const current = await this.read(ref, action);
    const body = { spec: { replicas } };
    const options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    const context = { action, verb: 'patch', resource: `${plural(ref.kind)}/scale`, namespace: ref.namespace };
    const request = { name: ref.name, namespace: ref.namespace, body };
    await this.call(() => (ref.kind === 'Deployment' ? this.apps.patchNamespacedDeploymentScale(request, options) : this.apps.patchNamespacedStatefulSetScale(request, options)), context);
    return current.spec?.replicas;
  }

  /** `kubectl rollout restart`: strategic merge patch of the pod template's restartedAt annotation. Returns the value sent. */
  async restart(ref: WorkloadRef): Promise<string> {
    const action = `restart ${this.describe(ref)}`;
    const current = await this.read(ref, action);
    if (ref.kind === 'Deployment' && current.spec?.paused === true) {
      throw opsError('CONFLICT', `Cannot restart ${this.describe(ref)}: its rollout is paused.`, { hint: 'Resume the rollout first (plan-resume / update-resume), then restart.' });
    }
    const at = rfc3339Seconds(this.options.clock.now());
    const existing = (current.spec?.template as { metadata?: { annotations?: Record<string, string> } } | undefined)?.metadata?.annotations?.[RESTARTED_AT];
    if (existing === at) {
      throw opsError('CONFLICT', `${this.describe(ref)} was already restarted within this second.`, { retryable: true, hint: 'Wait a second and retry if another restart is really wanted.' });
    }
    const body = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at } } } } };
    await this.patchWorkload(ref, body, PatchStrategy.StrategicMergePatch, action);
    return at;
  }

  /** `kubectl rollout pause` / `resume`: strategic merge patch of spec.paused (resume sends null, as kubectl's two-way merge does). */
  async setPaused(ref: WorkloadRef, paused: boolean): Promise<boolean> {
    if (ref.kind !== 'Deployment') throw opsError('UNSUPPORTED', `Only Deployment rollouts can be paused, not a ${ref.kind}.`, { hint: 'For a StatefulSet, use a partition in its update strategy.' });
    const action = `${paused ? 'pause' : 'resume'} the rollout of ${this.describe(ref)}`;
    const current = await this.read(ref, action);
    if ((current.spec?.paused === true) === paused) return false;
    await this.patchWorkload(ref, { spec: { paused: paused ? true : null } }, PatchStrategy.StrategicMergePatch, action);
    return true;
  }

  /** `kubectl rollout undo`: Deployments get a JSON patch from the previous ReplicaSet, StatefulSets and DaemonSets the previous ControllerRevision's data. Returns the revision restored. */
  async undo(ref: WorkloadRef): Promise<number> {
    if (ref.kind !== 'Deployment') return this.undoFromControllerRevision(ref);
    const action = `roll back ${this.describe(ref)}`;
    const deployment = (await this.read(ref, action)) as V1Deployment;
    const canaryWaiting = deployment.metadata?.annotations?.[CANARY_ANNOTATION] === 'waiting';
    if (deployment.spec?.paused === true && !canaryWaiting) {
      throw opsError('CONFLICT', `Cannot roll back ${this.describe(ref)}: its rollout is paused.`, { hint: 'Resume it first (plan-resume / update-resume), then roll back.' });
    }
    const selector = Object.entries(deployment.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const list = await this.call(() => this.apps.listNamespacedReplicaSet({ namespace: ref.namespace, labelSelector: selector }), { action, verb: 'list', resource: 'replicasets', namespace: ref.namespace });
    const owned = list.items.filter((rs) => controllerOf(rs)?.uid === deployment.metadata?.uid);
    const revisions = [...new Set(owned.map(revisionOf))].sort((a, b) => b - a);
    const previous = revisions[1];
    const target = previous === undefined ? undefined : owned.find((rs) => revisionOf(rs) === previous);
    if (target === undefined || previous === undefined) throw opsError('NOT_FOUND', `No rollout history found for ${this.describe(ref)}.`, { hint: 'There is no previous revision to roll back to.' });
    const template = jsonClone(target.spec?.template ?? {}) as NonNullable<V1ReplicaSet['spec']>['template'] & { metadata?: { labels?: Record<string, string> } };
    if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
    if (canonical(jsonClone(template)) === canonical(jsonClone(deployment.spec?.template ?? {}))) {
      throw opsError('CONFLICT', `Skipped rollback of ${this.describe(ref)}: the current template already matches revision ${previous}.`, { hint: 'Nothing to do.' });
    }
    const annotations: Record<string, string> = {};
    for (const key of ANNOTATIONS_TO_SKIP) {
      const value = deployment.metadata?.annotations?.[key];
      if (value !== undefined) annotations[key] = value;
    }
    for (const [key, value] of Object.entries(target.metadata?.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.includes(key)) annotations[key] = value;
    const body = [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
      // A canary waiting for continue is paused: rolling it back unpauses it in the same request (the canary annotation goes with the annotations).
      ...(deployment.spec?.paused === true && canaryWaiting ? [{ op: 'replace', path: '/spec/paused', value: false }] : []),
    ];
    await this.patchWorkload(ref, body, PatchStrategy.JsonPatch, action);
    return previous;
  }

  /** StatefulSet / DaemonSet undo: strategic merge patch with the previous ControllerRevision's `data`, as kubectl sends it. */
  private async undoFromControllerRevision(ref: WorkloadRef): Promise<number> {
    const action = `roll back ${this.describe(ref)}`;
    const current = (await this.read(ref, action)) as { metadata?: { uid?: string; annotations?: Record<string, string> }; spec?: { selector?: { matchLabels?: Record<string, string> }; template?: unknown } };
    const selector = Object.entries(current.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const list = await this.call(() => this.apps.listNamespacedControllerRevision({ namespace: ref.namespace, labelSelector: selector }), { action, verb: 'list', resource: 'controllerrevisions', namespace: ref.namespace });
    const history = list.items.filter((r) => controllerOf(r)?.uid === current.metadata?.uid).sort((a, b) => b.revision - a.revision);
    const target = history[1];
    if (target === undefined) throw opsError('NOT_FOUND', `No last revision to roll back to for ${this.describe(ref)}.`, { hint: 'There is no previous revision in its ControllerRevision history.' });
    const data = jsonClone(target.data ?? {}) as { spec?: { template?: Record<string, unknown> } };
    const { $patch: _directive, ...template } = data.spec?.template ?? {};
    if (canonical(template) === canonical(jsonClone(current.spec?.template ?? {}))) {
      throw opsError('CONFLICT', `Skipped rollback of ${this.describe(ref)}: the current template already matches revision ${target.revision}.`, { hint: 'Nothing to do.' });
    }
    // A StatefulSet canary holds a partition: the rollback releases it so every pod returns to the restored revision.
    const body = current.metadata?.annotations?.[CANARY_ANNOTATION] === undefined ? data : { ...data, metadata: { annotations: { [CANARY_ANNOTATION]: null } }, spec: { ...data.spec, updateStrategy: { rollingUpdate: { partition: 0 } } } };
    await this.patchWorkload(ref, body, PatchStrategy.StrategicMergePatch, action);
    if (ref.kind === 'StatefulSet') await this.deleteBrokenPods(ref, { uid: current.metadata?.uid, selector, keepRevision: target.metadata?.name });
    return target.revision;
  }

  /**
   * The StatefulSet "forced rollback" step: with OrderedReady the controller
   * waits forever for a pod that never turns ready, so after the undo the
   * unready pods of another revision are deleted and come back on the
   * restored one (as the Kubernetes docs tell operators to do by hand).
   */
  private async deleteBrokenPods(ref: WorkloadRef, input: { uid: string | undefined; selector: string; keepRevision: string | undefined }): Promise<void> {
    const action = `replace the broken pods of ${this.describe(ref)}`;
    const pods = await this.call(() => this.core.listNamespacedPod({ namespace: ref.namespace, labelSelector: input.selector }), { action, verb: 'list', resource: 'pods', namespace: ref.namespace });
    const broken = pods.items.filter((p) => controllerOf(p)?.uid === input.uid && p.metadata?.labels?.['controller-revision-hash'] !== input.keepRevision && !isPodReady(p));
    for (const pod of broken) await this.deletePod(ref.namespace, pod.metadata?.name ?? '');
  }

  /** `kubectl delete pod`: the ReplicaSet / StatefulSet / DaemonSet replaces it. */
  async deletePod(namespace: string, name: string): Promise<void> {
    await this.call(() => this.core.deleteNamespacedPod({ name, namespace }), { action: `delete pod ${namespace}/${name}`, verb: 'delete', resource: 'pods', namespace });
  }

  /** PATCH of the workload with the given content type. */
  async patchWorkload(ref: WorkloadRef, body: unknown, contentType: string, action: string): Promise<void> {
    const options = setHeaderOptions('Content-Type', contentType);
    const request = { name: ref.name, namespace: ref.namespace, body };
    const context = { action, verb: 'patch', resource: plural(ref.kind), namespace: ref.namespace };
    switch (ref.kind) {
      case 'Deployment':
        await this.call(() => this.apps.patchNamespacedDeployment(request, options), context);
        return;
      case 'StatefulSet':
        await this.call(() => this.apps.patchNamespacedStatefulSet(request, options), context);
        return;
      case 'DaemonSet':
        await this.call(() => this.apps.patchNamespacedDaemonSet(request, options), context);
        return;
    }
  }
}
