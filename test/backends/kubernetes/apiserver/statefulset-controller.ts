/**
 * A small StatefulSet controller for the fake apiserver: one
 * ControllerRevision per pod template, pods named by ordinal and created in
 * order, a RollingUpdate that replaces one pod at a time from the highest
 * ordinal down to the partition (waiting for every pod to be ready), and the
 * status fields (currentRevision / updateRevision, counts) kubectl reads.
 */
import { createHash } from 'node:crypto';
import type { KubeObject, ResourceStore } from './resource-store.js';

type Obj = KubeObject;
type Template = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };

const REVISION_LABEL = 'controller-revision-hash';
const spec = (o: Obj): Record<string, any> => (o.spec ?? {}) as Record<string, any>;
const ownedBy = (o: Obj, owner: Obj): boolean => o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid && r.controller === true) ?? false;
const isReady = (pod: Obj): boolean => (((pod.status as Record<string, any> | undefined)?.conditions ?? []) as Array<{ type: string; status: string }>).some((c) => c.type === 'Ready' && c.status === 'True');

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Reconciles the StatefulSets of a store (pods' readiness is left to the kubelet of the workload controller). */
export class StatefulSetController {
  constructor(
    private readonly store: ResourceStore,
    private readonly options: { onPodCreated: (pod: Obj) => void },
  ) {}

  /** One pass over every StatefulSet. */
  reconcile(): void {
    for (const set of this.store.list('statefulsets')) this.reconcileSet(set);
  }

  private revisions(set: Obj): Obj[] {
    return this.store.list('controllerrevisions', set.metadata.namespace).filter((r) => ownedBy(r, set));
  }

  /** The revision of the set's current template, created (or re-numbered, as on a rollback) when needed. */
  private updateRevision(set: Obj): Obj {
    const template = spec(set).template as Template;
    const hash = createHash('sha256').update(canonical(template)).digest('hex').slice(0, 10);
    const name = `${set.metadata.name}-${hash}`;
    const revisions = this.revisions(set);
    const max = Math.max(0, ...revisions.map((r) => Number(r['revision'] ?? 0)));
    const existing = revisions.find((r) => r.metadata.name === name);
    if (existing !== undefined) {
      if (Number(existing['revision']) < max) return this.store.update('controllerrevisions', { ...existing, revision: max + 1 }) ?? existing;
      return existing;
    }
    return this.store.create('controllerrevisions', {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: set.metadata.namespace,
        labels: { ...(spec(set).selector?.matchLabels ?? {}), [REVISION_LABEL]: hash },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      data: { spec: { template: { ...structuredClone(template), $patch: 'replace' } } },
      revision: max + 1,
    });
  }

  private reconcileSet(set: Obj): void {
    const update = this.updateRevision(set);
    const status = (set.status ?? {}) as Record<string, any>;
    const current = (status.currentRevision as string | undefined) ?? update.metadata.name;
    const replicas = Number(spec(set).replicas ?? 1);
    const partition = Number(spec(set).updateStrategy?.rollingUpdate?.partition ?? 0);
    const pods = new Map(this.store.list('pods', set.metadata.namespace).filter((p) => ownedBy(p, set)).map((p) => [p.metadata.name, p]));
    const revisionOf = (pod: Obj): string | undefined => pod.metadata.labels?.[REVISION_LABEL];
    let acted = false;
    // Scale down from the highest ordinal, one at a time.
    for (const [name, pod] of pods) {
      const ordinal = Number(name.slice(set.metadata.name.length + 1));
      if (ordinal >= replicas && !acted) {
        this.store.delete('pods', pod.metadata.namespace, name);
        pods.delete(name);
        acted = true;
      }
    }
    // Create missing ordinals in order (OrderedReady): the next only once the previous is ready.
    for (let ordinal = 0; ordinal < replicas && !acted; ordinal++) {
      const pod = pods.get(`${set.metadata.name}-${ordinal}`);
      if (pod === undefined) {
        this.createPod(set, ordinal, ordinal < partition ? current : update.metadata.name);
        acted = true;
      } else if (!isReady(pod)) acted = true;
    }
    // Rolling update: replace the highest ordinal at or above the partition that is not on the update revision.
    if (!acted && spec(set).updateStrategy?.type !== 'OnDelete') {
      for (let ordinal = replicas - 1; ordinal >= partition; ordinal--) {
        const pod = pods.get(`${set.metadata.name}-${ordinal}`);
        if (pod !== undefined && revisionOf(pod) !== update.metadata.name) {
          this.store.delete('pods', pod.metadata.namespace, pod.metadata.name);
          pods.delete(pod.metadata.name);
          break;
        }
      }
    }
    const live = [...pods.values()];
    const updated = live.filter((p) => revisionOf(p) === update.metadata.name).length;
    const ready = live.filter(isReady).length;
    const done = updated === replicas && ready === replicas;
    const next = {
      observedGeneration: set.metadata.generation ?? 1,
      replicas: live.length,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: done ? updated : live.filter((p) => revisionOf(p) === current).length,
      updatedReplicas: updated,
      currentRevision: done ? update.metadata.name : current,
      updateRevision: update.metadata.name,
    };
    if (JSON.stringify(set.status) === JSON.stringify(next)) return;
    this.store.update('statefulsets', { ...set, status: next });
  }

  private createPod(set: Obj, ordinal: number, revision: string): void {
    const stored = this.store.get('controllerrevisions', set.metadata.namespace, revision);
    const fromRevision = (stored?.['data'] as { spec?: { template?: Template } } | undefined)?.spec?.template;
    const { $patch: _directive, ...template } = (fromRevision ?? (spec(set).template as Template & { $patch?: string })) as Template & { $patch?: string };
    const pod = this.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${set.metadata.name}-${ordinal}`,
        namespace: set.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}), [REVISION_LABEL]: revision, 'statefulset.kubernetes.io/pod-name': `${set.metadata.name}-${ordinal}` },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...(template.spec ?? {}), hostname: `${set.metadata.name}-${ordinal}`, nodeName: 'node-1' },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }], hostIP: '10.0.0.1', qosClass: 'BestEffort' },
    });
    this.options.onPodCreated(pod);
  }
}
