/**
 * The rollout a spec change will run, told before it runs: which pods the
 * controller replaces in which order (a Deployment's ReplicaSet deletes
 * unready then newest pods first; a StatefulSet goes from the highest ordinal
 * down), the update strategy each opsdeck strategy maps to, and the expected
 * duration from the last completed rollout.
 */
import type { V1Deployment, V1Pod, V1ReplicaSet, V1StatefulSet } from '@kubernetes/client-node';
import type { ChangePlan, ChangePlanStep, ChangeStrategy } from '../../core/backend/capabilities.js';
import { opsError } from '../../core/errors.js';
import { epochMs, podId, revisionOf } from './kube-fields.js';
import { isPodReady } from './pod-task.js';
import { ROLLOUT_PLAN } from './rollout-plan.js';

/** The rolling update each strategy runs a Deployment with: one surge pod and none unavailable, or everything surged at once. */
export function deploymentRollingUpdate(strategy: ChangeStrategy): { maxSurge: number | string; maxUnavailable: number } {
  return strategy === 'parallel' ? { maxSurge: '100%', maxUnavailable: 0 } : { maxSurge: 1, maxUnavailable: 0 };
}

/** The strategy patch a Deployment needs before its template changes; undefined when it already rolls that way (or uses Recreate). */
export function deploymentStrategyPatch(deployment: V1Deployment, strategy: ChangeStrategy): Record<string, unknown> | undefined {
  if (deployment.spec?.strategy?.type === 'Recreate') return undefined;
  const want = deploymentRollingUpdate(strategy);
  const have = deployment.spec?.strategy?.rollingUpdate;
  if (String(have?.maxSurge) === String(want.maxSurge) && String(have?.maxUnavailable) === String(want.maxUnavailable)) return undefined;
  return { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: want } } };
}

/** The Deployment's native strategy in words. */
export function describeDeploymentStrategy(deployment: V1Deployment): string {
  const s = deployment.spec?.strategy;
  if (s?.type === 'Recreate') return 'Recreate';
  return `RollingUpdate maxSurge ${String(s?.rollingUpdate?.maxSurge ?? '25%')}, maxUnavailable ${String(s?.rollingUpdate?.maxUnavailable ?? '25%')}`;
}

/** The StatefulSet's native strategy in words. */
export function describeStatefulSetStrategy(set: V1StatefulSet): string {
  const s = set.spec?.updateStrategy;
  if (s?.type === 'OnDelete') return 'OnDelete';
  return `RollingUpdate partition ${s?.rollingUpdate?.partition ?? 0}`;
}

/** The order a ReplicaSet deletes pods in when scaled down: unready first, then the newest. */
export function deletionOrder(pods: readonly V1Pod[]): V1Pod[] {
  return [...pods].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b)) || (epochMs(b.metadata?.creationTimestamp) ?? 0) - (epochMs(a.metadata?.creationTimestamp) ?? 0) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

/** How long the Deployment's last rollout took (second resolution): its newest ReplicaSet's creation to the NewReplicaSetAvailable condition. */
export function lastDeploymentRolloutMs(deployment: V1Deployment, replicaSets: readonly V1ReplicaSet[]): number | undefined {
  const newest = [...replicaSets].sort((a, b) => revisionOf(b) - revisionOf(a))[0];
  const done = deployment.status?.conditions?.find((c) => c.type === 'Progressing' && c.status === 'True' && c.reason === 'NewReplicaSetAvailable');
  const start = epochMs(newest?.metadata?.creationTimestamp);
  const end = epochMs(done?.lastUpdateTime);
  // Kubernetes timestamps have second resolution: a rollout measured as 0 s took under a second.
  return start === undefined || end === undefined || end < start ? undefined : Math.max(1000, end - start);
}

/** What the plan of a change is built from. */
export interface ChangePlanInput {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  namespace: string;
  backendId: string;
  strategy: ChangeStrategy;
  /** Live pods of the current revision (Deployments) or of the set (StatefulSets). */
  pods: readonly V1Pod[];
  currentReplicas: number;
  proposedReplicas: number;
  /** False when only the replica count changes (no pod is replaced). */
  templateChanges: boolean;
  recreate?: boolean;
  expectedDurationMs?: number;
}

function taskOf(input: ChangePlanInput, pod: string): string {
  return `${input.backendId}/${podId(input.namespace, pod)}`;
}

function deploymentSteps(input: ChangePlanInput): ChangePlanStep[] {
  const ordered = deletionOrder(input.pods).map((p) => p.metadata?.name ?? '');
  const steps: ChangePlanStep[] = [];
  const kept = ordered.slice(Math.max(0, ordered.length - input.proposedReplicas));
  const removed = ordered.slice(0, Math.max(0, ordered.length - input.proposedReplicas));
  for (const pod of removed) steps.push({ name: `remove ${pod}`, task: taskOf(input, pod) });
  if (input.templateChanges) for (const pod of kept) steps.push({ name: `replace ${pod}`, task: taskOf(input, pod) });
  for (let i = ordered.length; i < input.proposedReplicas; i++) steps.push({ name: `start new pod ${i + 1}` });
  return steps;
}

function statefulSetSteps(input: ChangePlanInput): ChangePlanStep[] {
  const steps: ChangePlanStep[] = [];
  const names = new Set(input.pods.map((p) => p.metadata?.name ?? ''));
  for (let ordinal = input.currentReplicas - 1; ordinal >= input.proposedReplicas; ordinal--) steps.push({ name: `remove ${input.name}-${ordinal}`, task: taskOf(input, `${input.name}-${ordinal}`) });
  if (input.templateChanges) {
    for (let ordinal = Math.min(input.currentReplicas, input.proposedReplicas) - 1; ordinal >= 0; ordinal--) {
      const pod = `${input.name}-${ordinal}`;
      steps.push({ name: `replace ${pod}`, ...(names.has(pod) ? { task: taskOf(input, pod) } : {}) });
    }
  }
  for (let ordinal = input.currentReplicas; ordinal < input.proposedReplicas; ordinal++) steps.push({ name: `start ${input.name}-${ordinal}` });
  return steps;
}

/** The plan preview of a change; UNSUPPORTED where the workload's update strategy cannot run the asked one. */
export function changePlanOf(input: ChangePlanInput): ChangePlan {
  const { strategy } = input;
  const notes: string[] = [];
  if (input.kind === 'Deployment') {
    if (input.recreate === true) {
      if (strategy === 'canary') throw opsError('UNSUPPORTED', `${input.name} uses the Recreate strategy: every old pod stops before new ones start, so no canary is possible.`, { hint: 'Use --strategy serial, or switch the Deployment to RollingUpdate.' });
      notes.push('Recreate strategy: all old pods stop, then the new ones start (downtime); opsdeck keeps the strategy as it is');
    } else if (strategy === 'parallel') notes.push('parallel: RollingUpdate maxSurge 100%, maxUnavailable 0 — every new pod starts at once, old pods go as new ones turn ready (written to spec.strategy, where it stays)');
    else notes.push('serial: RollingUpdate maxSurge 1, maxUnavailable 0 — one new pod at a time, an old pod goes only when the new one is ready (written to spec.strategy, where it stays)');
    if (strategy === 'canary') notes.push('canary: the rollout is paused (spec.paused) right after the first new pod is created; `opsdeck plan continue` resumes it');
    notes.push('a new pod that never turns ready stalls the rollout; after progressDeadlineSeconds the plan shows ERROR; roll back with opsdeck rollback (rollout undo)');
  } else {
    if (strategy === 'parallel') throw opsError('UNSUPPORTED', `StatefulSet ${input.name} replaces one pod at a time; parallel updates are not available.`, { hint: 'Use --strategy serial or canary.' });
    notes.push('StatefulSet RollingUpdate: one pod at a time from the highest ordinal down, each waits for the previous to be ready');
    if (strategy === 'canary') notes.push(`canary: updateStrategy.rollingUpdate.partition is set to ${Math.max(0, input.proposedReplicas - 1)} so only the highest ordinal updates; \`opsdeck plan continue\` sets it to 0`);
    notes.push('roll back with opsdeck rollback (rollout undo from the previous ControllerRevision)');
  }
  notes.push('the registry is not asked whether the image exists: a missing image shows as ImagePullBackOff on the first new pod');
  const steps = input.kind === 'Deployment' ? deploymentSteps(input) : statefulSetSteps(input);
  const replaced = steps.filter((s) => s.name.startsWith('replace '));
  const phases =
    strategy === 'canary' && replaced.length > 0
      ? [
          { name: 'canary (first pod, then wait for continue)', steps: [replaced[0] as ChangePlanStep] },
          { name: 'remaining pods (after continue)', steps: steps.filter((s) => s !== replaced[0]) },
        ]
      : [{ name: strategy === 'parallel' ? 'replace pods (all at once)' : 'replace pods (one at a time)', steps }];
  return {
    planName: ROLLOUT_PLAN,
    strategy,
    phases: phases.filter((p) => p.steps.length > 0),
    ...(input.expectedDurationMs === undefined ? {} : { expectedDurationMs: input.expectedDurationMs }),
    notes,
  };
}
