/**
 * Small readers over Kubernetes objects that work on both shapes the client
 * hands us: typed list items (timestamps as Date) and raw watch objects
 * (timestamps as RFC 3339 strings).
 */
import type { V1ObjectMeta, V1OwnerReference } from '@kubernetes/client-node';

/** Any object with standard metadata. */
export interface KubeObjectLike {
  metadata?: V1ObjectMeta;
}

/** Epoch ms of a Kubernetes timestamp (Date or string); undefined when absent or invalid. */
export function epochMs(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** `namespace/name` of an object, the key informer caches use. */
export function objectKey(object: KubeObjectLike): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** The controlling owner reference, if any. */
export function controllerOf(object: KubeObjectLike): V1OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** An annotation value. */
export function annotation(object: KubeObjectLike, name: string): string | undefined {
  return object.metadata?.annotations?.[name];
}

/** The `deployment.kubernetes.io/revision` of a Deployment or ReplicaSet (0 when missing). */
export function revisionOf(object: KubeObjectLike): number {
  const value = Number(annotation(object, 'deployment.kubernetes.io/revision') ?? 0);
  return Number.isFinite(value) ? value : 0;
}

/** Workload kinds opsdeck shows as services. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** Native id of a workload service: `namespace/kind/name` (kinds lower-case). */
export function workloadId(kind: WorkloadKind, namespace: string, name: string): string {
  return `${namespace}/${kind.toLowerCase()}/${name}`;
}

/** Parses a workload service's native id; undefined when it is not one. */
export function parseWorkloadId(nativeId: string): { kind: WorkloadKind; namespace: string; name: string } | undefined {
  const match = /^([^/]+)\/(deployment|statefulset|daemonset)\/([^/]+)$/.exec(nativeId);
  if (match === null) return undefined;
  const kind = ({ deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet' } as const)[match[2] as 'deployment' | 'statefulset' | 'daemonset'];
  return { kind, namespace: match[1] as string, name: match[3] as string };
}

/** Native id of a pod task: `namespace/name`. */
export function podId(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Annotation marking a workload whose opsdeck canary waits for `continue`. */
export const CANARY_ANNOTATION = 'opsdeck.io/canary';
