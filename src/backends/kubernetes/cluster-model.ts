/**
 * The backend's view of one cluster: the objects the informers hold, indexed
 * by owner so a change to a Pod or ReplicaSet is traced to the workload it
 * belongs to, and every workload can be assembled with what it owns.
 */
import type { CoreV1Event, V1DaemonSet, V1Deployment, V1Pod, V1ReplicaSet, V1StatefulSet } from '@kubernetes/client-node';
import { controllerOf, objectKey, podId, workloadId, type KubeObjectLike, type WorkloadKind } from './kube-fields.js';
import { podDigest } from './pod-task.js';
import type { Workload } from './workload.js';

/** The resources the backend watches. */
export const WATCHED_RESOURCES = ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'pods', 'events'] as const;

/** One watched resource. */
export type WatchedResource = (typeof WATCHED_RESOURCES)[number];

/** What a change may have altered: workload service ids and pod task ids. */
export interface Affected {
  workloads: Set<string>;
  pods: Set<string>;
}

const WORKLOAD_KIND: Partial<Record<WatchedResource, WorkloadKind>> = { deployments: 'Deployment', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet' };

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (set === undefined) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  set?.delete(value);
  if (set?.size === 0) index.delete(key);
}

/** Objects of one cluster with owner indexes. */
export class ClusterModel {
  private readonly objects: Record<Exclude<WatchedResource, 'events'>, Map<string, KubeObjectLike>> = {
    deployments: new Map(),
    statefulsets: new Map(),
    daemonsets: new Map(),
    replicasets: new Map(),
    pods: new Map(),
  };
  /** `ns/Kind/name` of a controller → keys of the objects it controls. */
  private readonly owned = new Map<string, Set<string>>();
  /** Digest of every pod's judged fields, to skip updates that change nothing opsdeck shows. */
  private readonly podDigests = new Map<string, string>();

  /** Applies an informer change; returns what may have changed. Events are not stored. */
  apply(resource: WatchedResource, change: 'upsert' | 'delete', object: KubeObjectLike): Affected {
    const affected: Affected = { workloads: new Set(), pods: new Set() };
    if (resource === 'events') return affected;
    const key = objectKey(object);
    const map = this.objects[resource];
    const previous = map.get(key);
    if (resource === 'pods') {
      if (change === 'delete') this.podDigests.delete(key);
      else {
        const digest = podDigest(object as V1Pod);
        const unchanged = previous !== undefined && this.podDigests.get(key) === digest;
        this.podDigests.set(key, digest);
        if (unchanged) {
          map.set(key, object);
          return affected;
        }
      }
    }
    for (const version of [previous, object]) {
      const owner = version === undefined ? undefined : controllerOf(version);
      if (owner !== undefined) removeFrom(this.owned, `${object.metadata?.namespace ?? ''}/${owner.kind}/${owner.name}`, key);
    }
    if (change === 'upsert') {
      map.set(key, object);
      const owner = controllerOf(object);
      if (owner !== undefined) addTo(this.owned, `${object.metadata?.namespace ?? ''}/${owner.kind}/${owner.name}`, key);
    } else {
      map.delete(key);
    }
    const namespace = object.metadata?.namespace ?? '';
    const name = object.metadata?.name ?? '';
    const kind = WORKLOAD_KIND[resource];
    if (kind !== undefined) {
      affected.workloads.add(workloadId(kind, namespace, name));
      for (const pod of this.podKeysOfWorkload(kind, namespace, name)) affected.pods.add(pod);
    } else if (resource === 'replicasets') {
      const owner = controllerOf(change === 'upsert' ? object : previous ?? object);
      if (owner?.kind === 'Deployment') affected.workloads.add(workloadId('Deployment', namespace, owner.name));
      for (const pod of this.owned.get(`${namespace}/ReplicaSet/${name}`) ?? []) affected.pods.add(pod);
    } else {
      affected.pods.add(key);
      const workload = this.workloadOfPod(change === 'upsert' ? (object as V1Pod) : ((previous ?? object) as V1Pod));
      if (workload !== undefined) affected.workloads.add(workload);
    }
    return affected;
  }

  private podKeysOfWorkload(kind: WorkloadKind, namespace: string, name: string): string[] {
    if (kind !== 'Deployment') return [...(this.owned.get(`${namespace}/${kind}/${name}`) ?? [])];
    return [...(this.owned.get(`${namespace}/Deployment/${name}`) ?? [])].flatMap((rsKey) => {
      const rs = this.objects.replicasets.get(rsKey);
      return [...(this.owned.get(`${namespace}/ReplicaSet/${rs?.metadata?.name ?? ''}`) ?? [])];
    });
  }

  /** Service id of the workload controlling a pod (through its ReplicaSet for Deployments). */
  workloadOfPod(pod: KubeObjectLike): string | undefined {
    const namespace = pod.metadata?.namespace ?? '';
    const owner = controllerOf(pod);
    if (owner === undefined) return undefined;
    return this.workloadOfOwner(namespace, owner.kind, owner.name);
  }

  /** Service id of the workload an object of `kind` belongs to (used for events' involvedObject). */
  workloadOfOwner(namespace: string, kind: string, name: string): string | undefined {
    switch (kind) {
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet': {
        const resource = `${kind.toLowerCase()}s` as 'deployments' | 'statefulsets' | 'daemonsets';
        return this.objects[resource].has(`${namespace}/${name}`) ? workloadId(kind, namespace, name) : undefined;
      }
      case 'ReplicaSet': {
        const rs = this.objects.replicasets.get(`${namespace}/${name}`);
        const owner = rs === undefined ? undefined : controllerOf(rs);
        return owner?.kind === 'Deployment' ? this.workloadOfOwner(namespace, 'Deployment', owner.name) : undefined;
      }
      case 'Pod': {
        const pod = this.objects.pods.get(`${namespace}/${name}`);
        return pod === undefined ? undefined : this.workloadOfPod(pod);
      }
      default:
        return undefined;
    }
  }

  /** The service id an event is about, if it concerns a watched workload. */
  workloadOfEvent(event: CoreV1Event): string | undefined {
    const o = event.involvedObject;
    return this.workloadOfOwner(o.namespace ?? event.metadata?.namespace ?? '', o.kind ?? '', o.name ?? '');
  }

  /** Assembles a workload with what it owns. */
  workload(nativeId: string): Workload | undefined {
    const match = /^([^/]*)\/(deployment|statefulset|daemonset)\/(.+)$/.exec(nativeId);
    if (match === null) return undefined;
    const [, namespace = '', kindLower, name = ''] = match;
    const key = `${namespace}/${name}`;
    const podsOf = (ownerKind: string, ownerName: string): V1Pod[] =>
      [...(this.owned.get(`${namespace}/${ownerKind}/${ownerName}`) ?? [])].map((k) => this.objects.pods.get(k)).filter((p): p is V1Pod => p !== undefined);
    if (kindLower === 'deployment') {
      const object = this.objects.deployments.get(key) as V1Deployment | undefined;
      if (object === undefined) return undefined;
      const replicaSets = [...(this.owned.get(`${namespace}/Deployment/${name}`) ?? [])].map((k) => this.objects.replicasets.get(k)).filter((r): r is V1ReplicaSet => r !== undefined);
      return { kind: 'Deployment', object, replicaSets, pods: replicaSets.flatMap((rs) => podsOf('ReplicaSet', rs.metadata?.name ?? '')) };
    }
    if (kindLower === 'statefulset') {
      const object = this.objects.statefulsets.get(key) as V1StatefulSet | undefined;
      return object === undefined ? undefined : { kind: 'StatefulSet', object, pods: podsOf('StatefulSet', name) };
    }
    const object = this.objects.daemonsets.get(key) as V1DaemonSet | undefined;
    return object === undefined ? undefined : { kind: 'DaemonSet', object, pods: podsOf('DaemonSet', name) };
  }

  /** A pod by its task id. */
  pod(taskNativeId: string): V1Pod | undefined {
    return this.objects.pods.get(taskNativeId) as V1Pod | undefined;
  }

  /** Every workload service id. */
  workloadIds(): string[] {
    const ids: string[] = [];
    for (const [resource, kind] of Object.entries(WORKLOAD_KIND) as Array<[keyof typeof WORKLOAD_KIND, WorkloadKind]>) {
      for (const object of this.objects[resource as 'deployments'].values()) ids.push(workloadId(kind, object.metadata?.namespace ?? '', object.metadata?.name ?? ''));
    }
    return ids;
  }

  /** Every pod task id. */
  podIds(): string[] {
    return [...this.objects.pods.values()].map((p) => podId(p.metadata?.namespace ?? '', p.metadata?.name ?? ''));
  }
}
