/**
 * Upgrades and configuration changes of Deployments and StatefulSets as
 * native rollouts: a preview without side effects, then the strategy patch,
 * the scale subresource for replicas and the pod-template patch kubectl's
 * `set image` / `set env` / `set resources` send. A Deployment canary pauses
 * the rollout (spec.paused) once its first new pod exists; a StatefulSet
 * canary sends the template with a partition at replicas - 1 in the same
 * patch. `continue` releases either.
 */
import { AppsV1Api, CoreV1Api, PatchStrategy, type KubeConfig, type V1Deployment, type V1Pod, type V1ReplicaSet, type V1StatefulSet } from '@kubernetes/client-node';
import type { ChangeProposal, ChangeStrategy, ServiceSpec, SpecChange } from '../../core/backend/capabilities.js';
import type { ActionReceipt } from '../../core/backend/port.js';
import type { Clock } from '../../core/clock.js';
import { opsError } from '../../core/errors.js';
import { CANARY_ANNOTATION, controllerOf, revisionOf } from './kube-fields.js';
import { canonical, type KubernetesActions, type WorkloadRef } from './kubernetes-actions.js';
import { proposedSpec, templatePatch, templateSpec, validateChange, type TemplateContainer } from './pod-template-spec.js';
import { changePlanOf, deploymentStrategyPatch, describeDeploymentStrategy, describeStatefulSetStrategy, lastDeploymentRolloutMs } from './spec-change-plan.js';

/** How long a Deployment canary waits for the controller to create its first new pod before pausing anyway. */
const CANARY_START_TIMEOUT_MS = 30_000;
const CANARY_POLL_MS = 20;

/** What the workload looks like now, read for one change. */
type Snapshot =
  | { kind: 'Deployment'; object: V1Deployment; replicaSets: V1ReplicaSet[]; pods: V1Pod[] }
  | { kind: 'StatefulSet'; object: V1StatefulSet; pods: V1Pod[] };

/** A validated change: the preview and the requests that carry it out. */
interface PreparedChange {
  proposal: ChangeProposal;
  snapshot: Snapshot;
  patch: Record<string, unknown> | undefined;
  replicasChange: boolean;
}

/** Options of the spec change runner. */
export interface SpecChangeActionsOptions {
  kubeConfig: KubeConfig;
  actions: KubernetesActions;
  clock: Clock;
  backendId: string;
}

const selectorOf = (labels: Record<string, string> | undefined): string => Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
const withoutHash = (template: unknown): string => {
  const copy = JSON.parse(JSON.stringify(template ?? {})) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return canonical(copy);
};

/** Runs spec changes for one cluster through the same client and error mapping as the other actions. */
export class SpecChangeActions {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;

  constructor(private readonly options: SpecChangeActionsOptions) {
    this.apps = options.kubeConfig.makeApiClient(AppsV1Api);
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
  }

  private async snapshot(ref: WorkloadRef, action: string): Promise<Snapshot> {
    const { actions } = this.options;
    const object = (await actions.read(ref, action)) as V1Deployment | V1StatefulSet;
    const selector = selectorOf(object.spec?.selector?.matchLabels);
    const podList = await actions.call(() => this.core.listNamespacedPod({ namespace: ref.namespace, labelSelector: selector }), { action, verb: 'list', resource: 'pods', namespace: ref.namespace });
    const live = podList.items.filter((p) => p.metadata?.deletionTimestamp === undefined || p.metadata.deletionTimestamp === null);
    if (ref.kind === 'StatefulSet') return { kind: 'StatefulSet', object: object as V1StatefulSet, pods: live.filter((p) => controllerOf(p)?.uid === object.metadata?.uid) };
    const rsList = await actions.call(() => this.apps.listNamespacedReplicaSet({ namespace: ref.namespace, labelSelector: selector }), { action, verb: 'list', resource: 'replicasets', namespace: ref.namespace });
    const replicaSets = rsList.items.filter((rs) => controllerOf(rs)?.uid === object.metadata?.uid);
    const current = replicaSets.find((rs) => revisionOf(rs) === revisionOf(object));
    const pods = current === undefined ? [] : live.filter((p) => controllerOf(p)?.uid === current.metadata?.uid);
    return { kind: 'Deployment', object: object as V1Deployment, replicaSets, pods };
  }

  /** Why a new change must wait (a rollout still running, paused or stuck), or undefined. */
  private rolloutInProgress(snapshot: Snapshot): string | undefined {
    const o = snapshot.object;
    if ((o.metadata?.generation ?? 0) > (o.status?.observedGeneration ?? 0)) return 'its controller has not acted on the last change yet';
    if (o.metadata?.annotations?.[CANARY_ANNOTATION] === 'waiting') return 'a canary waits for continue';
    if (snapshot.kind === 'Deployment') {
      const d = snapshot.object;
      if (d.spec?.paused === true) return 'its rollout is paused';
      const s = d.status ?? {};
      const desired = d.spec?.replicas ?? 1;
      if (s.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) return 'its last rollout exceeded its progress deadline';
      if ((s.updatedReplicas ?? 0) !== desired || (s.replicas ?? 0) !== (s.updatedReplicas ?? 0) || (s.availableReplicas ?? 0) !== (s.updatedReplicas ?? 0)) return `a rollout is running (${s.updatedReplicas ?? 0}/${desired} updated)`;
      return undefined;
    }
    const set = snapshot.object;
    const partition = set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    if (partition > 0) return `its rolling update is held at partition ${partition}`;
    if (set.status?.updateRevision !== undefined && set.status.currentRevision !== undefined && set.status.updateRevision !== set.status.currentRevision) return `a rolling update to ${set.status.updateRevision} is running`;
    return undefined;
  }

  /** The spec the workload's pod template runs now. */
  async current(ref: WorkloadRef): Promise<ServiceSpec> {
    if (ref.kind === 'DaemonSet') throw opsError('UNSUPPORTED', 'opsdeck reads and changes the spec of Deployments and StatefulSets, not DaemonSets.', { hint: 'Use kubectl get -o yaml on the DaemonSet.' });
    return this.specOf(ref, await this.snapshot(ref, `read the spec of ${this.options.actions.describe(ref)}`));
  }

  private specOf(ref: WorkloadRef, snapshot: Snapshot): ServiceSpec {
    const containers = (snapshot.object.spec?.template?.spec?.containers ?? []) as TemplateContainer[];
    const strategyText = snapshot.kind === 'Deployment' ? describeDeploymentStrategy(snapshot.object) : describeStatefulSetStrategy(snapshot.object);
    return templateSpec({ kind: ref.kind, replicas: snapshot.object.spec?.replicas ?? 1, containers, updateStrategy: strategyText });
  }

  private async prepare(ref: WorkloadRef, change: SpecChange, strategy: ChangeStrategy, action: string): Promise<PreparedChange> {
    validateChange(ref.kind, change);
    const snapshot = await this.snapshot(ref, action);
    const busy = this.rolloutInProgress(snapshot);
    if (busy !== undefined) {
      throw opsError('CONFLICT', `Cannot change ${this.options.actions.describe(ref)}: ${busy}.`, { hint: 'Wait for it (opsdeck plan show), continue a waiting canary, or roll back first (opsdeck rollback).' });
    }
    const containers = (snapshot.object.spec?.template?.spec?.containers ?? []) as TemplateContainer[];
    const replicas = snapshot.object.spec?.replicas ?? 1;
    if (snapshot.kind === 'StatefulSet' && snapshot.object.spec?.updateStrategy?.type === 'OnDelete') {
      throw opsError('UNSUPPORTED', `StatefulSet ${ref.name} uses the OnDelete update strategy: its pods change only when deleted by hand.`, { hint: 'Switch it to RollingUpdate, or change it with kubectl and delete pods yourself.' });
    }
    const current = this.specOf(ref, snapshot);
    const patch = templatePatch(containers, change);
    const proposedReplicas = change.replicas ?? replicas;
    if (strategy === 'canary' && patch === undefined) throw opsError('INPUT_INVALID', 'A canary needs a change to the pod template (image, env, cpus or mem); replicas alone replace no pod.', { hint: 'Use --strategy serial to scale.' });
    const expected = snapshot.kind === 'Deployment' ? lastDeploymentRolloutMs(snapshot.object, snapshot.replicaSets) : undefined;
    const plan = changePlanOf({
      kind: snapshot.kind,
      name: ref.name,
      namespace: ref.namespace,
      backendId: this.options.backendId,
      strategy,
      pods: snapshot.pods,
      currentReplicas: replicas,
      proposedReplicas,
      templateChanges: patch !== undefined,
      recreate: snapshot.kind === 'Deployment' && snapshot.object.spec?.strategy?.type === 'Recreate',
      ...(expected === undefined ? {} : { expectedDurationMs: expected }),
    });
    return { proposal: { current, proposed: proposedSpec(current, change), plan }, snapshot, patch, replicasChange: proposedReplicas !== replicas };
  }

  /** Validates and previews a change without sending anything that writes. */
  async plan(ref: WorkloadRef, change: SpecChange, strategy: ChangeStrategy): Promise<ChangeProposal> {
    return (await this.prepare(ref, change, strategy, `preview a change of ${this.options.actions.describe(ref)}`)).proposal;
  }

  /** Starts the rollout of a change. */
  async apply(ref: WorkloadRef, change: SpecChange, strategy: ChangeStrategy, signal?: AbortSignal): Promise<ActionReceipt> {
    const { actions } = this.options;
    const action = `change ${actions.describe(ref)}`;
    const prepared = await this.prepare(ref, change, strategy, action);
    const { snapshot, patch } = prepared;
    if (patch === undefined && !prepared.replicasChange) return { message: `${actions.describe(ref)} already runs this spec; nothing sent`, alreadyInEffect: true };
    const strategic = PatchStrategy.StrategicMergePatch;
    if (snapshot.kind === 'Deployment' && patch !== undefined) {
      const strategyPatch = deploymentStrategyPatch(snapshot.object, strategy);
      if (strategyPatch !== undefined) await actions.patchWorkload(ref, strategyPatch, strategic, `set the rolling update strategy of ${actions.describe(ref)}`);
    }
    const proposedReplicas = change.replicas ?? snapshot.object.spec?.replicas ?? 1;
    if (prepared.replicasChange) await actions.scale(ref, proposedReplicas);
    if (snapshot.kind === 'StatefulSet' && strategy === 'canary' && patch !== undefined) {
      // One request: the partition must hold from the very generation that carries the new template.
      const spec = (patch['spec'] ?? {}) as Record<string, unknown>;
      const held = { metadata: { annotations: { [CANARY_ANNOTATION]: 'waiting' } }, spec: { ...spec, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: Math.max(0, proposedReplicas - 1) } } } };
      await actions.patchWorkload(ref, held, strategic, `${action} as a canary`);
    } else if (patch !== undefined) await actions.patchWorkload(ref, patch, strategic, action);
    const summary = describeChange(change);
    if (snapshot.kind === 'Deployment' && strategy === 'canary') {
      const pause = (): Promise<void> => actions.patchWorkload(ref, { metadata: { annotations: { [CANARY_ANNOTATION]: 'waiting' } }, spec: { paused: true } }, strategic, `pause the canary of ${actions.describe(ref)}`);
      // Cancelled while waiting: still pause, so a canary never turns into a full rollout behind the operator's back.
      const started = await this.waitForFirstNewPod(ref, signal).catch(async (error: unknown) => {
        await pause();
        throw error;
      });
      await pause();
      return { message: `canary of ${actions.describe(ref)} (${summary}): ${started ? 'the first new pod started' : 'no new pod started yet'}, rollout paused until continue` };
    }
    if (strategy === 'canary') return { message: `canary of ${actions.describe(ref)} (${summary}): only ${ref.name}-${Math.max(0, proposedReplicas - 1)} updates until continue` };
    return { message: `rolling out ${summary} to ${actions.describe(ref)} (${strategy})` };
  }

  /** Polls until the new ReplicaSet of the Deployment's template has a replica, or the canary start deadline passes; true when it has. */
  private async waitForFirstNewPod(ref: WorkloadRef, signal?: AbortSignal): Promise<boolean> {
    const deadline = this.options.clock.now() + CANARY_START_TIMEOUT_MS;
    while (this.options.clock.now() < deadline) {
      const snapshot = await this.snapshot(ref, `watch the canary of ${this.options.actions.describe(ref)} start`);
      if (snapshot.kind !== 'Deployment') return false;
      const wanted = withoutHash(snapshot.object.spec?.template);
      const newRs = snapshot.replicaSets.find((rs) => withoutHash(rs.spec?.template) === wanted);
      if ((newRs?.spec?.replicas ?? 0) >= 1) return true;
      await this.options.clock.sleep(CANARY_POLL_MS, signal);
    }
    return false;
  }

  /** Lets a waiting canary roll on: unpause the Deployment, or release the StatefulSet's partition. */
  async continue(ref: WorkloadRef): Promise<ActionReceipt> {
    const { actions } = this.options;
    const action = `continue the canary of ${actions.describe(ref)}`;
    if (ref.kind === 'DaemonSet') throw opsError('UNSUPPORTED', 'DaemonSets have no opsdeck canary to continue.', { hint: 'Use kubectl rollout status on the DaemonSet.' });
    const object = (await actions.read(ref, action)) as V1Deployment | V1StatefulSet;
    if (object.metadata?.annotations?.[CANARY_ANNOTATION] !== 'waiting') {
      throw opsError('CONFLICT', `${actions.describe(ref)} has no canary waiting for continue.`, { hint: 'Start one with --strategy canary; a plain paused rollout resumes with plan-resume.' });
    }
    const release = ref.kind === 'Deployment' ? { spec: { paused: null } } : { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } };
    await actions.patchWorkload(ref, { metadata: { annotations: { [CANARY_ANNOTATION]: null } }, ...release }, PatchStrategy.StrategicMergePatch, action);
    return { message: `the canary of ${actions.describe(ref)} continues to the remaining pods` };
  }
}

/** The change in a few words, for receipts. */
export function describeChange(change: SpecChange): string {
  const parts: string[] = [];
  if (change.image !== undefined) parts.push(`image ${change.image}`);
  const env = Object.keys(change.env ?? {});
  if (env.length > 0) parts.push(`env ${env.join(', ')}`);
  if ((change.unsetEnv ?? []).length > 0) parts.push(`unset ${(change.unsetEnv ?? []).join(', ')}`);
  if (change.cpus !== undefined) parts.push(`cpus ${change.cpus}`);
  if (change.mem !== undefined) parts.push(`mem ${change.mem} MB`);
  if (change.replicas !== undefined) parts.push(`replicas ${change.replicas}`);
  return parts.join('; ');
}
