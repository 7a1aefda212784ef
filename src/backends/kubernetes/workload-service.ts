/**
 * Maps a workload to an opsdeck service with a health a person can act on:
 * counts from pods and readiness, then the named reasons (CrashLoopBackOff,
 * ImagePullBackOff, OOMKilled, ProgressDeadlineExceeded) that explain it.
 */
import type { ActionKind } from '../../core/model/action.js';
import { healthFromCounts, type Health } from '../../core/model/health.js';
import type { ServiceReport } from '../../core/model/service.js';
import { workloadId } from './kube-fields.js';
import { isPodReady, podProblem, podState } from './pod-task.js';
import { deploymentComplete } from './rollout-plan.js';
import { desiredReplicas, livePods, type Workload } from './workload.js';

/** How tenants are derived (from the backend config). */
export interface TenantRule {
  namespace?: Record<string, string>;
  label?: string;
}

const ACTIONS: Record<Workload['kind'], ActionKind[]> = {
  Deployment: ['scale', 'restart', 'rollback', 'kill-task', 'plan-pause', 'plan-resume', 'update-resume', 'upgrade', 'config-set'],
  StatefulSet: ['scale', 'restart', 'rollback', 'kill-task', 'upgrade', 'config-set'],
  DaemonSet: ['restart', 'rollback', 'kill-task'],
};

/** The tenant of a workload: its tenant label, else the namespace mapping, else the namespace. */
export function tenantOf(labels: Record<string, string>, namespace: string, rule: TenantRule | undefined): string {
  const fromLabel = rule?.label === undefined ? undefined : labels[rule.label];
  if (fromLabel !== undefined && fromLabel !== '') return fromLabel;
  return rule?.namespace?.[namespace] ?? namespace;
}

/** Named workload-level problems from conditions (e.g. ProgressDeadlineExceeded, FailedCreate). */
export function workloadConditionProblems(workload: Workload): string[] {
  if (workload.kind !== 'Deployment') return [];
  const problems: string[] = [];
  for (const c of workload.object.status?.conditions ?? []) {
    if (c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded') problems.push('ProgressDeadlineExceeded');
    if (c.type === 'ReplicaFailure' && c.status === 'True') problems.push(c.reason ?? 'ReplicaFailure');
  }
  return problems;
}

/** Health of a workload from its pods and conditions. */
export function workloadHealth(workload: Workload): Health {
  const pods = livePods(workload);
  const desired = desiredReplicas(workload);
  const running = pods.filter((p) => podState(p) === 'RUNNING').length;
  const healthy = pods.filter(isPodReady).length;
  const base = healthFromCounts({ desired, running, healthy: Math.min(healthy, Math.max(desired, running)) });
  const named = new Map<string, string[]>();
  for (const pod of pods) {
    const problem = podProblem(pod);
    if (problem === undefined) continue;
    named.set(problem.reason, [...(named.get(problem.reason) ?? []), pod.metadata?.name ?? '?']);
  }
  const parts = [...named.entries()].map(([reason, names]) => `${reason} (${names.length === 1 ? names[0] : `${names.length} pods`})`);
  const conditions = workloadConditionProblems(workload);
  parts.push(...conditions);
  if (workload.kind === 'Deployment' && workload.object.spec?.paused === true) parts.push('rollout paused');
  else if (workload.kind === 'Deployment' && !deploymentComplete(workload)) parts.push(`rolling out (${workload.object.status?.updatedReplicas ?? 0}/${desired} updated)`);
  if (parts.length === 0) return base;
  const worse = named.size > 0 || conditions.length > 0;
  const status = base.status === 'HEALTHY' && worse ? 'DEGRADED' : base.status;
  return { status, reason: `${base.reason}; ${parts.join(', ')}` };
}

/** The image the workload's pod template runs (first container). */
export function templateImage(workload: Workload): string | undefined {
  return workload.object.spec?.template?.spec?.containers?.[0]?.image;
}

/** Maps a workload to its service report. */
export function workloadToService(workload: Workload, options: { cluster: string; tenantFrom?: TenantRule; now: number }): ServiceReport {
  const namespace = workload.object.metadata?.namespace ?? '';
  const name = workload.object.metadata?.name ?? '';
  const labels = { ...(workload.object.metadata?.labels ?? {}) };
  const pods = livePods(workload);
  const desired = desiredReplicas(workload);
  const running = pods.filter((p) => podState(p) === 'RUNNING').length;
  const healthy = Math.min(pods.filter(isPodReady).length, Math.max(desired, running));
  const version = templateImage(workload);
  return {
    nativeId: workloadId(workload.kind, namespace, name),
    cluster: options.cluster,
    tenant: tenantOf(labels, namespace, options.tenantFrom),
    name,
    kind: workload.kind === 'Deployment' ? 'deployment' : workload.kind === 'StatefulSet' ? 'statefulset' : 'daemonset',
    desired,
    running,
    healthy,
    health: workloadHealth(workload),
    labels,
    ...(version === undefined ? {} : { version }),
    stateful: workload.kind === 'StatefulSet',
    actions: [...ACTIONS[workload.kind]],
    updatedAt: options.now,
  };
}
