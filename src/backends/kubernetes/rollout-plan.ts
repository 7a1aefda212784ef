/**
 * A rollout as an opsdeck plan. Deployments: one phase brings the new
 * ReplicaSet up (a step per desired pod), one scales the old ReplicaSets
 * down; ERROR once the progress deadline is exceeded; WAITING while paused.
 * StatefulSets: a step per ordinal, highest first, honouring the partition.
 * DaemonSets: a step per scheduled node. Completion follows kubectl's
 * rollout-status rules.
 */
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { rollUpPlan, type Phase, type PlanReport, type PlanStatus, type Step } from '../../core/model/plan.js';
import { CANARY_ANNOTATION, revisionOf, workloadId, podId } from './kube-fields.js';
import { isPodReady, podProblem } from './pod-task.js';
import { desiredReplicas, livePods, type Workload } from './workload.js';

/** The name every rollout plan has. */
export const ROLLOUT_PLAN = 'rollout';

/** Options for building plans. */
export interface PlanOptions {
  backendId: string;
  now: number;
}

function podStep(id: string, pod: V1Pod | undefined, fallbackName: string, options: PlanOptions): Step {
  if (pod === undefined) return { id, name: fallbackName, status: 'PENDING', message: 'waiting for a pod' };
  const problem = podProblem(pod);
  const ready = isPodReady(pod);
  const status: PlanStatus = ready ? 'COMPLETE' : 'STARTING';
  const message = ready ? 'ready' : problem !== undefined ? `${problem.reason}: ${problem.message}` : `pod ${pod.status?.phase ?? 'Pending'}, not ready`;
  return { id, name: pod.metadata?.name ?? fallbackName, status, message, task: `${options.backendId}/${podId(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '')}` };
}

const byReadyThenAge = (a: V1Pod, b: V1Pod): number => Number(isPodReady(b)) - Number(isPodReady(a)) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
const ownedBy = (pod: V1Pod, rs: V1ReplicaSet): boolean => pod.metadata?.ownerReferences?.some((r) => r.uid === rs.metadata?.uid) ?? false;

/** kubectl's "successfully rolled out" rule for a Deployment. */
export function deploymentComplete(workload: Extract<Workload, { kind: 'Deployment' }>): boolean {
  const d = workload.object;
  const desired = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return (
    (d.metadata?.generation ?? 0) <= (s.observedGeneration ?? 0) &&
    (s.updatedReplicas ?? 0) === desired &&
    (s.replicas ?? 0) === (s.updatedReplicas ?? 0) &&
    (s.availableReplicas ?? 0) === (s.updatedReplicas ?? 0)
  );
}

function deploymentPlan(workload: Extract<Workload, { kind: 'Deployment' }>, options: PlanOptions): Omit<PlanReport, 'status'> & { status: PlanStatus } {
  const d = workload.object;
  const desired = d.spec?.replicas ?? 1;
  const revision = revisionOf(d);
  const sorted = [...workload.replicaSets].sort((a, b) => revisionOf(b) - revisionOf(a));
  const newRs = sorted.find((rs) => revisionOf(rs) === revision) ?? sorted[0];
  const olds = sorted.filter((rs) => rs !== newRs);
  const pods = livePods(workload);
  const observed = (d.metadata?.generation ?? 0) <= (d.status?.observedGeneration ?? 0);
  const complete = deploymentComplete(workload);
  const newPods = newRs === undefined ? [] : pods.filter((p) => ownedBy(p, newRs)).sort(byReadyThenAge);
  const rollSteps: Step[] = [];
  for (let i = 0; i < desired; i++) {
    const step = podStep(`replica-${i}`, observed ? newPods[i] : undefined, `replica ${i + 1}`, options);
    rollSteps.push(complete ? { ...step, status: 'COMPLETE' } : step);
  }
  const oldPods = pods.filter((p) => olds.some((rs) => ownedBy(p, rs)));
  const oldSteps: Step[] =
    oldPods.length === 0
      ? [{ id: 'old-scaled-down', name: 'old replicasets scaled down', status: observed ? 'COMPLETE' : 'PENDING', message: olds.length === 0 ? 'no previous revision' : `${olds.length} old replicaset(s) at 0` }]
      : oldPods.map((p, i) => ({ id: `old-${i}`, name: p.metadata?.name ?? `old ${i + 1}`, status: 'PENDING', message: `old revision pod, to be removed`, task: `${options.backendId}/${podId(p.metadata?.namespace ?? '', p.metadata?.name ?? '')}` }));
  const recreate = d.spec?.strategy?.type === 'Recreate';
  const roll: Phase = { id: 'new-replicaset', name: `roll out ${newRs?.metadata?.name ?? 'new replicaset'} (revision ${revision})`, strategy: 'parallel', status: 'PENDING', steps: rollSteps };
  const drain: Phase = { id: 'old-replicasets', name: 'scale down old replicasets', strategy: 'parallel', status: 'PENDING', steps: oldSteps };
  const errors: string[] = [];
  for (const c of d.status?.conditions ?? []) {
    if (c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded') errors.push(`ProgressDeadlineExceeded: ${c.message ?? `deployment "${d.metadata?.name ?? ''}" exceeded its progress deadline`}`);
    if (c.type === 'ReplicaFailure' && c.status === 'True') errors.push(`${c.reason ?? 'ReplicaFailure'}: ${c.message ?? ''}`);
  }
  return {
    serviceNativeId: workloadId('Deployment', d.metadata?.namespace ?? '', d.metadata?.name ?? ''),
    name: ROLLOUT_PLAN,
    strategy: recreate ? 'serial' : 'parallel',
    status: 'PENDING',
    phases: recreate ? [drain, roll] : [roll, drain],
    errors,
    interrupted: d.spec?.paused === true,
    updatedAt: options.now,
  };
}

function statefulSetPlan(workload: Extract<Workload, { kind: 'StatefulSet' }>, options: PlanOptions): PlanReport {
  const s = workload.object;
  const name = s.metadata?.name ?? '';
  const desired = desiredReplicas(workload);
  const partition = s.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const canary = partition > 0 && s.metadata?.annotations?.[CANARY_ANNOTATION] === 'waiting';
  const update = s.status?.updateRevision;
  const done = (s.status?.observedGeneration ?? 0) >= (s.metadata?.generation ?? 0) && (s.status?.readyReplicas ?? 0) === desired && (partition > 0 ? (s.status?.updatedReplicas ?? 0) >= desired - partition : update === s.status?.currentRevision);
  const pods = new Map(livePods(workload).map((p) => [p.metadata?.name ?? '', p]));
  const steps: Step[] = [];
  for (let ordinal = desired - 1; ordinal >= 0; ordinal--) {
    const podName = `${name}-${ordinal}`;
    const pod = pods.get(podName);
    if (ordinal < partition) {
      // An opsdeck canary holds these pods until continue; any other partition is the operator's steady state.
      steps.push(canary ? { id: podName, name: podName, status: 'PENDING', message: `waits for continue (canary partition ${partition})` } : { id: podName, name: podName, status: 'COMPLETE', message: `held at the current revision by partition ${partition}` });
      continue;
    }
    const updated = pod !== undefined && update !== undefined && pod.metadata?.labels?.['controller-revision-hash'] === update;
    const step = podStep(podName, updated || done ? pod : undefined, podName, options);
    steps.push(done ? { ...step, status: 'COMPLETE' } : step);
  }
  return {
    serviceNativeId: workloadId('StatefulSet', s.metadata?.namespace ?? '', name),
    name: ROLLOUT_PLAN,
    strategy: 'serial',
    status: 'PENDING',
    phases: [{ id: 'ordinals', name: `update to ${update ?? 'current revision'}`, strategy: 'serial', status: 'PENDING', steps }],
    errors: [],
    interrupted: canary,
    updatedAt: options.now,
  };
}

function daemonSetPlan(workload: Extract<Workload, { kind: 'DaemonSet' }>, options: PlanOptions): PlanReport {
  const d = workload.object;
  const st = d.status;
  const desired = st?.desiredNumberScheduled ?? 0;
  const updated = st?.updatedNumberScheduled ?? 0;
  const available = st?.numberAvailable ?? 0;
  const steps: Step[] = [];
  for (let i = 0; i < desired; i++) {
    const status: PlanStatus = i < Math.min(updated, available) ? 'COMPLETE' : i < updated ? 'STARTING' : 'PENDING';
    steps.push({ id: `node-${i}`, name: `node ${i + 1} of ${desired}`, status, message: status === 'COMPLETE' ? 'updated and available' : status === 'STARTING' ? 'updated, not yet available' : 'waiting for update' });
  }
  return {
    serviceNativeId: workloadId('DaemonSet', d.metadata?.namespace ?? '', d.metadata?.name ?? ''),
    name: ROLLOUT_PLAN,
    strategy: 'parallel',
    status: 'PENDING',
    phases: [{ id: 'nodes', name: 'update daemon pods', strategy: 'parallel', status: 'PENDING', steps }],
    errors: [],
    updatedAt: options.now,
  };
}

/** The rollout plan of a workload, with statuses rolled up the SDK way. */
export function rolloutPlan(workload: Workload, options: PlanOptions): PlanReport {
  const plan = workload.kind === 'Deployment' ? deploymentPlan(workload, options) : workload.kind === 'StatefulSet' ? statefulSetPlan(workload, options) : daemonSetPlan(workload, options);
  return rollUpPlan(plan);
}
