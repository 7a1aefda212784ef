/**
 * The fake apiserver's etcd: objects per resource with one global
 * resourceVersion counter, a bounded change history that watches replay from,
 * and compaction so a too-old resourceVersion answers 410 like the watch cache.
 */

/** A stored Kubernetes object in wire form. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The resources this server serves. */
export const RESOURCES = {
  deployments: { group: 'apps', version: 'v1', kind: 'Deployment' },
  replicasets: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
  statefulsets: { group: 'apps', version: 'v1', kind: 'StatefulSet' },
  daemonsets: { group: 'apps', version: 'v1', kind: 'DaemonSet' },
  controllerrevisions: { group: 'apps', version: 'v1', kind: 'ControllerRevision' },
  pods: { group: '', version: 'v1', kind: 'Pod' },
  events: { group: '', version: 'v1', kind: 'Event' },
} as const;

/** One served resource name. */
export type ResourceName = keyof typeof RESOURCES;

/** The wire apiVersion of a resource. */
export function apiVersionOf(resource: ResourceName): string {
  const { group, version } = RESOURCES[resource];
  return group === '' ? version : `${group}/${version}`;
}

/** A change as watches see it. */
export interface StoreChange {
  rv: number;
  resource: ResourceName;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

const key = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

/** In-memory object store with resourceVersions, history and compaction. */
export class ResourceStore {
  private rv = 1000;
  private uidCounter = 0;
  private readonly objects = new Map<ResourceName, Map<string, KubeObject>>();
  private history: StoreChange[] = [];
  /** Watches from a resourceVersion below this answer 410. */
  private compactedBelow = 0;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly historyLimit: number;

  constructor(options: { historyLimit?: number; now: () => number }) {
    this.historyLimit = options.historyLimit ?? 10_000;
    this.now = options.now;
  }

  private readonly now: () => number;

  /** The current resourceVersion (what a list returns). */
  get resourceVersion(): number {
    return this.rv;
  }

  /** True when a watch from `rv` can no longer be served (410). */
  isExpired(rv: number): boolean {
    return rv < this.compactedBelow;
  }

  /** Drops history so every older resourceVersion is "too old" (forces 410 on the next watch). */
  compact(): void {
    this.history = [];
    // Move the clock on so a list taken now is watchable while every version handed out before is not.
    this.rv += 1;
    this.compactedBelow = this.rv;
  }

  get(resource: ResourceName, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.objects.get(resource)?.get(key(namespace, name));
    return found === undefined ? undefined : structuredClone(found);
  }

  list(resource: ResourceName, namespace?: string): KubeObject[] {
    const all = [...(this.objects.get(resource)?.values() ?? [])];
    return all
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .sort((a, b) => key(a.metadata.namespace, a.metadata.name).localeCompare(key(b.metadata.namespace, b.metadata.name)))
      .map((o) => structuredClone(o));
  }

  /** Creates an object (409-worthy duplicates are the caller's concern); returns the stored copy. */
  create(resource: ResourceName, object: KubeObject): KubeObject {
    const stored = structuredClone(object);
    stored.apiVersion = apiVersionOf(resource);
    stored.kind = RESOURCES[resource].kind;
    stored.metadata.uid ??= `uid-${++this.uidCounter}-${stored.metadata.name}`;
    stored.metadata.creationTimestamp ??= new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    if (resource !== 'pods' && resource !== 'events' && stored.spec !== undefined) stored.metadata.generation = 1;
    return this.write(resource, stored, 'ADDED');
  }

  /** Replaces an object; bumps generation when the spec changed. Returns undefined when it was unchanged. */
  update(resource: ResourceName, object: KubeObject): KubeObject | undefined {
    const current = this.objects.get(resource)?.get(key(object.metadata.namespace, object.metadata.name));
    if (current === undefined) throw new Error(`update of missing ${resource} ${object.metadata.name}`);
    const next = structuredClone(object);
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    next.metadata.uid = current.metadata.uid;
    next.metadata.creationTimestamp = current.metadata.creationTimestamp;
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    if (current.metadata.generation !== undefined) {
      next.metadata.generation = JSON.stringify(current.spec) === JSON.stringify(next.spec) ? current.metadata.generation : current.metadata.generation + 1;
    }
    if (JSON.stringify(current) === JSON.stringify(next)) return undefined;
    return this.write(resource, next, 'MODIFIED');
  }

  delete(resource: ResourceName, namespace: string | undefined, name: string): KubeObject | undefined {
    const map = this.objects.get(resource);
    const current = map?.get(key(namespace, name));
    if (map === undefined || current === undefined) return undefined;
    map.delete(key(namespace, name));
    const gone = structuredClone(current);
    gone.metadata.resourceVersion = String(++this.rv);
    this.record({ rv: this.rv, resource, type: 'DELETED', object: gone });
    return structuredClone(gone);
  }

  /** Changes after `rv` for a resource, oldest first. */
  changesSince(rv: number, resource: ResourceName): StoreChange[] {
    return this.history.filter((c) => c.rv > rv && c.resource === resource).map((c) => structuredClone(c));
  }

  /** Subscribes to every change; returns the unsubscribe function. */
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(resource: ResourceName, object: KubeObject, type: 'ADDED' | 'MODIFIED'): KubeObject {
    object.metadata.resourceVersion = String(++this.rv);
    let map = this.objects.get(resource);
    if (map === undefined) {
      map = new Map();
      this.objects.set(resource, map);
    }
    map.set(key(object.metadata.namespace, object.metadata.name), object);
    this.record({ rv: this.rv, resource, type, object: structuredClone(object) });
    return structuredClone(object);
  }

  private record(change: StoreChange): void {
    this.history.push(change);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedBelow = dropped.at(-1)?.rv ?? 0;
    }
    for (const listener of [...this.listeners]) listener(structuredClone(change));
  }
}
