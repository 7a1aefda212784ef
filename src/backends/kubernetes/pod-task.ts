/**
 * Maps a Pod to an opsdeck task and names what is wrong with it the way
 * on-call engineers say it: CrashLoopBackOff, ImagePullBackOff, OOMKilled…
 */
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { TaskReport, TaskState } from '../../core/model/task.js';
import { epochMs, podId } from './kube-fields.js';

/** Waiting reasons that mean a container will not come up on its own. */
const BAD_WAITING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName', 'RunContainerError']);

/** A named problem of one pod. */
export interface PodProblem {
  reason: string;
  message: string;
}

function statuses(pod: V1Pod): V1ContainerStatus[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/** The most telling problem of a pod (waiting reason first, then an OOM kill), or undefined when it has none. */
export function podProblem(pod: V1Pod): PodProblem | undefined {
  for (const s of statuses(pod)) {
    const waiting = s.state?.waiting;
    if (waiting?.reason !== undefined && BAD_WAITING.has(waiting.reason)) {
      const last = s.lastState?.terminated;
      const lastText = last === undefined ? '' : ` (last exit: ${last.reason ?? 'Error'}, code ${last.exitCode})`;
      // An OOM kill behind a crash loop is the cause worth naming.
      if (last?.reason === 'OOMKilled') return { reason: 'OOMKilled', message: `container ${s.name} was OOMKilled and is in CrashLoopBackOff (${s.restartCount} restarts)` };
      return { reason: waiting.reason, message: `container ${s.name}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}${lastText}` };
    }
  }
  for (const s of statuses(pod)) {
    const terminated = s.state?.terminated ?? s.lastState?.terminated;
    if (terminated?.reason === 'OOMKilled') return { reason: 'OOMKilled', message: `container ${s.name} was OOMKilled (exit ${terminated.exitCode})` };
  }
  if (pod.status?.phase === 'Pending') {
    const unschedulable = pod.status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    if (unschedulable !== undefined) return { reason: unschedulable.reason ?? 'Unschedulable', message: unschedulable.message ?? 'pod cannot be scheduled' };
  }
  return undefined;
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The opsdeck task state of a pod. */
export function podState(pod: V1Pod): TaskState {
  if (pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null) return 'KILLING';
  switch (pod.status?.phase) {
    case 'Pending':
      return (pod.status.containerStatuses ?? []).length > 0 ? 'STARTING' : 'STAGING';
    case 'Running': {
      const containers = pod.status.containerStatuses ?? [];
      return containers.length > 0 && containers.every((s) => s.state?.running !== undefined && s.state.running !== null) ? 'RUNNING' : 'STARTING';
    }
    case 'Succeeded':
      return 'FINISHED';
    case 'Failed':
      return 'FAILED';
    default:
      return 'UNKNOWN';
  }
}

/** Maps a pod owned by the service `serviceNativeId` to its task report. */
export function podToTask(pod: V1Pod, serviceNativeId: string, now: number): TaskReport {
  const problem = podProblem(pod);
  const state = podState(pod);
  const restarts = (pod.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0);
  const startedAt = epochMs(pod.status?.startTime);
  const image = pod.spec?.containers?.[0]?.image;
  const waiting = pod.status?.containerStatuses?.find((s) => s.state?.waiting?.reason !== undefined)?.state?.waiting?.reason;
  const message = problem !== undefined ? `${problem.reason}: ${problem.message}` : state === 'RUNNING' ? (isPodReady(pod) ? undefined : 'not ready') : waiting ?? pod.status?.reason ?? undefined;
  return {
    nativeId: podId(pod.metadata?.namespace ?? '', pod.metadata?.name ?? ''),
    serviceNativeId,
    host: pod.spec?.nodeName ?? '',
    state,
    healthy: isPodReady(pod),
    restarts,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(message === undefined ? {} : { message }),
    ...(image === undefined ? {} : { version: image }),
    updatedAt: now,
  };
}

/**
 * The fields of a pod that any opsdeck mapping reads, as one string: most
 * watch events only move timestamps or probe results, and a pod whose digest
 * did not change needs no re-judging.
 */
export function podDigest(pod: V1Pod): string {
  const status = pod.status;
  const containers = (list: V1ContainerStatus[] | undefined): unknown[] | undefined =>
    list?.map((s) => [s.name, s.ready, s.restartCount, s.state, s.lastState?.terminated?.reason, s.lastState?.terminated?.exitCode]);
  return JSON.stringify([
    pod.metadata?.deletionTimestamp,
    pod.metadata?.labels?.['controller-revision-hash'],
    pod.metadata?.ownerReferences?.map((r) => r.uid),
    pod.spec?.nodeName,
    pod.spec?.containers?.[0]?.image,
    status?.phase,
    status?.reason,
    status?.startTime,
    status?.conditions?.filter((c) => c.type === 'Ready' || c.type === 'PodScheduled').map((c) => [c.type, c.status, c.reason, c.message]),
    containers(status?.containerStatuses),
    containers(status?.initContainerStatuses),
  ]);
}
