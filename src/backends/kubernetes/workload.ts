/**
 * One workload with everything it owns (ReplicaSets, Pods), the unit the
 * mappers turn into a service, its tasks and its rollout plan.
 */
import type { V1DaemonSet, V1Deployment, V1Pod, V1ReplicaSet, V1StatefulSet } from '@kubernetes/client-node';

/** A workload and its owned objects. */
export type Workload =
  | { kind: 'Deployment'; object: V1Deployment; replicaSets: V1ReplicaSet[]; pods: V1Pod[] }
  | { kind: 'StatefulSet'; object: V1StatefulSet; pods: V1Pod[] }
  | { kind: 'DaemonSet'; object: V1DaemonSet; pods: V1Pod[] };

/** The replica count the workload asks for. */
export function desiredReplicas(workload: Workload): number {
  switch (workload.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return workload.object.spec?.replicas ?? 1;
    case 'DaemonSet':
      return workload.object.status?.desiredNumberScheduled ?? 0;
  }
}

/** Pods not being deleted. */
export function livePods(workload: Workload): V1Pod[] {
  return workload.pods.filter((p) => p.metadata?.deletionTimestamp === undefined || p.metadata.deletionTimestamp === null);
}
