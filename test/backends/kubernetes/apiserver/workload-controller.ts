/**
 * A small kube-controller-manager + kubelet: Deployments own ReplicaSets
 * (one per pod template, with the revision annotation), ReplicaSets own Pods,
 * rolling updates respect maxSurge / maxUnavailable, pods turn Ready after a
 * delay (or crash-loop, OOM or fail to pull, chosen by image tag), and
 * statuses and conditions move like the real controllers move them.
 */
import { createHash } from 'node:crypto';
import type { KubeObject, ResourceStore } from './resource-store.js';
import { StatefulSetController } from './statefulset-controller.js';

/** How pods started from an image behave: the image tag decides (`:crash`, `:oom`, `:missing`), anything else becomes Ready. */
export type PodBehaviour = 'ready' | 'crash' | 'oom' | 'image-pull';

/** Controller timing. */
export interface WorkloadControllerOptions {
  /** Milliseconds from pod creation to Ready. */
  podReadyDelayMs: number;
  now: () => number;
  /** Also run the StatefulSet controller (off by default: some tests seed StatefulSet pods and status by hand). */
  statefulSets?: boolean;
}

const REVISION = 'deployment.kubernetes.io/revision';
const HASH = 'pod-template-hash';

/** The behaviour an image asks for. */
export function behaviourOf(image: string | undefined): PodBehaviour {
  if (image?.endsWith(':crash')) return 'crash';
  if (image?.endsWith(':oom')) return 'oom';
  if (image?.endsWith(':missing')) return 'image-pull';
  return 'ready';
}

type Obj = KubeObject;
const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const spec = (o: Obj): Record<string, any> => (o.spec ?? {}) as Record<string, any>;
const status = (o: Obj): Record<string, any> => (o.status ?? {}) as Record<string, any>;
const ownedBy = (o: Obj, owner: Obj): boolean => o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid && r.controller === true) ?? false;
const revisionOf = (rs: Obj): number => Number(rs.metadata.annotations?.[REVISION] ?? 0);
const isReady = (pod: Obj): boolean =>
  ((status(pod).conditions ?? []) as Array<{ type: string; status: string }>).some((c) => c.type === 'Ready' && c.status === 'True');

/** JSON with sorted keys, so equal templates hash equally whatever their key order (the controller compares semantically). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function templateHash(template: unknown): string {
  const copy = structuredClone(template) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels[HASH];
  return createHash('sha256').update(canonical(copy)).digest('hex').slice(0, 10);
}

function resolveIntOrPercent(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) {
    const raw = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(raw) : Math.floor(raw);
  }
  return Number(value ?? 0);
}

/** Reconciles Deployments, ReplicaSets and Pods in the store, the way the real controllers would. */
export class WorkloadController {
  private podCounter = 0;
  /** Exact creation time of the pods this controller created (creationTimestamp has only second resolution). */
  private readonly createdAt = new Map<string, number>();
  private readonly lastProgress = new Map<string, { at: number; fingerprint: string }>();

  private readonly statefulSets: StatefulSetController | undefined;

  constructor(
    private readonly store: ResourceStore,
    private readonly options: WorkloadControllerOptions,
  ) {
    this.statefulSets = options.statefulSets === true ? new StatefulSetController(store, { onPodCreated: (pod) => this.createdAt.set(pod.metadata.uid ?? '', options.now()) }) : undefined;
  }

  /** One reconcile pass over everything (idempotent: writes only what changed). */
  reconcile(): void {
    for (const deployment of this.store.list('deployments')) this.reconcileDeployment(deployment);
    for (const rs of this.store.list('replicasets')) this.reconcileReplicaSet(rs);
    this.statefulSets?.reconcile();
    for (const pod of this.store.list('pods')) this.runKubelet(pod);
    for (const rs of this.store.list('replicasets')) this.updateReplicaSetStatus(rs);
    for (const deployment of this.store.list('deployments')) this.updateDeploymentStatus(deployment);
  }

  private replicaSetsOf(deployment: Obj): Obj[] {
    return this.store.list('replicasets', deployment.metadata.namespace).filter((rs) => ownedBy(rs, deployment));
  }

  private reconcileDeployment(d: Obj): void {
    const desired = Number(spec(d).replicas ?? 1);
    const paused = spec(d).paused === true;
    const rss = this.replicaSetsOf(d);
    const hash = templateHash(spec(d).template);
    const maxRevision = Math.max(0, ...rss.map(revisionOf));
    let newRs = rss.find((rs) => rs.metadata.labels?.[HASH] === hash);
    if (newRs === undefined && paused) return;
    if (newRs === undefined) {
      const template = structuredClone(spec(d).template) as { metadata?: { labels?: Record<string, string> } };
      template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH]: hash } };
      newRs = this.store.create('replicasets', {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: d.metadata.namespace,
          labels: { ...(template.metadata.labels ?? {}) },
          annotations: { [REVISION]: String(maxRevision + 1), 'deployment.kubernetes.io/desired-replicas': String(desired) },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
        },
        spec: { replicas: 0, selector: spec(d).selector, template },
      });
    } else if (revisionOf(newRs) < maxRevision) {
      newRs.metadata.annotations = { ...newRs.metadata.annotations, [REVISION]: String(maxRevision + 1) };
      newRs = this.store.update('replicasets', newRs) ?? newRs;
    }
    const revision = String(revisionOf(newRs));
    if (d.metadata.annotations?.[REVISION] !== revision) {
      d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: revision };
      d = this.store.update('deployments', d) ?? d;
    }
    const olds = this.replicaSetsOf(d).filter((rs) => rs.metadata.uid !== newRs.metadata.uid);
    const current = this.store.get('replicasets', newRs.metadata.namespace, newRs.metadata.name) ?? newRs;
    if (paused) return;
    const setReplicas = (rs: Obj, n: number): void => {
      if (Number(spec(rs).replicas ?? 0) === n) return;
      rs.spec = { ...spec(rs), replicas: n };
      this.store.update('replicasets', rs);
    };
    const oldActive = olds.filter((rs) => Number(spec(rs).replicas ?? 0) > 0);
    if (spec(d).strategy?.type === 'Recreate') {
      oldActive.forEach((rs) => setReplicas(rs, 0));
      const oldPods = olds.some((rs) => this.podsOf(rs).length > 0);
      if (!oldPods) setReplicas(current, desired);
      return;
    }
    const rolling = (spec(d).strategy?.rollingUpdate ?? {}) as { maxSurge?: unknown; maxUnavailable?: unknown };
    const maxSurge = resolveIntOrPercent(rolling.maxSurge ?? '25%', desired, true);
    let maxUnavailable = resolveIntOrPercent(rolling.maxUnavailable ?? '25%', desired, false);
    if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
    if (oldActive.length === 0) {
      setReplicas(current, desired);
      return;
    }
    const total = [current, ...olds].reduce((n, rs) => n + Number(spec(rs).replicas ?? 0), 0);
    const newReplicas = Number(spec(current).replicas ?? 0);
    if (newReplicas < desired) setReplicas(current, Math.min(desired, newReplicas + Math.max(0, desired + maxSurge - total)));
    const available = [current, ...olds].reduce((n, rs) => n + this.podsOf(rs).filter(isReady).length, 0);
    let removable = Math.max(0, available - (desired - maxUnavailable));
    for (const rs of oldActive) {
      const replicas = Number(spec(rs).replicas ?? 0);
      const unready = this.podsOf(rs).filter((p) => !isReady(p)).length;
      const cut = Math.min(replicas, removable + unready);
      removable -= Math.max(0, cut - unready);
      if (cut > 0) setReplicas(rs, replicas - cut);
    }
  }

  private podsOf(rs: Obj): Obj[] {
    return this.store.list('pods', rs.metadata.namespace).filter((p) => ownedBy(p, rs));
  }

  private reconcileReplicaSet(rs: Obj): void {
    const pods = this.podsOf(rs);
    const want = Number(spec(rs).replicas ?? 0);
    for (let i = pods.length; i < want; i++) this.createPod(rs);
    if (pods.length > want) {
      const victims = [...pods].sort((a, b) => Number(isReady(a)) - Number(isReady(b)) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
      for (const pod of victims.slice(0, pods.length - want)) {
        this.createdAt.delete(pod.metadata.uid ?? '');
        this.store.delete('pods', pod.metadata.namespace, pod.metadata.name);
      }
    }
  }

  private createPod(owner: Obj): void {
    const template = (spec(owner).template ?? {}) as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: { containers?: Array<{ name: string; image?: string }> } };
    const suffix = (++this.podCounter).toString(36).padStart(5, 'x').slice(-5);
    const containers = template.spec?.containers ?? [];
    const created = this.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${owner.metadata.name}-${suffix}`,
        namespace: owner.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...(template.spec ?? {}), nodeName: 'node-1' },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: rfc3339(this.options.now()) }],
        containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } })),
        hostIP: '10.0.0.1',
        qosClass: 'BestEffort',
      },
    });
    this.createdAt.set(created.metadata.uid ?? '', this.options.now());
  }

  private runKubelet(pod: Obj): void {
    const created = this.createdAt.get(pod.metadata.uid ?? '') ?? Date.parse(pod.metadata.creationTimestamp ?? '');
    const now = this.options.now();
    if (now - created < this.options.podReadyDelayMs) return;
    const containers = ((pod.spec as { containers?: Array<{ name: string; image?: string }> } | undefined)?.containers ?? []);
    const behaviour = containers.map((c) => behaviourOf(c.image)).find((b) => b !== 'ready') ?? 'ready';
    const st = status(pod);
    const since = st.startTime ?? rfc3339(now);
    const at = rfc3339(now);
    if (behaviour === 'ready') {
      if (st.phase === 'Running') return;
      pod.status = {
        ...st,
        phase: 'Running',
        startTime: since,
        podIP: `10.1.0.${(this.podCounter % 250) + 1}`,
        conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({ type, status: 'True', lastTransitionTime: at })),
        containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, imageID: `docker-pullable://${c.image}`, containerID: `containerd://${pod.metadata.name}`, ready: true, started: true, restartCount: 0, state: { running: { startedAt: at } } })),
      };
      this.store.update('pods', pod);
      return;
    }
    const previous = (st.containerStatuses?.[0]?.restartCount ?? 0) as number;
    const lastCrash = st.containerStatuses?.[0]?.lastState?.terminated?.finishedAt as string | undefined;
    if (lastCrash !== undefined && now - Date.parse(lastCrash) < this.options.podReadyDelayMs * 2) return;
    const waiting = behaviour === 'image-pull' ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${containers[0]?.image ?? ''}"` } : { reason: 'CrashLoopBackOff', message: `back-off restarting failed container` };
    const terminated = behaviour === 'oom' ? { exitCode: 137, reason: 'OOMKilled', startedAt: at, finishedAt: at } : { exitCode: 1, reason: 'Error', startedAt: at, finishedAt: at };
    pod.status = {
      ...st,
      phase: behaviour === 'image-pull' ? 'Pending' : 'Running',
      startTime: since,
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: since },
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: since },
      ],
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        started: false,
        restartCount: behaviour === 'image-pull' ? 0 : previous + 1,
        state: { waiting },
        ...(behaviour === 'image-pull' ? {} : { lastState: { terminated } }),
      })),
    };
    this.store.update('pods', pod);
    this.recordWarning(pod, behaviour === 'image-pull' ? 'Failed' : 'BackOff', behaviour === 'image-pull' ? `Failed to pull image "${containers[0]?.image ?? ''}": not found` : `Back-off restarting failed container ${containers[0]?.name ?? ''} in pod ${pod.metadata.name}`);
  }

  private recordWarning(pod: Obj, reason: string, message: string): void {
    const name = `${pod.metadata.name}.${reason.toLowerCase()}`;
    const at = rfc3339(this.options.now());
    const existing = this.store.get('events', pod.metadata.namespace, name);
    if (existing !== undefined) {
      existing['count'] = Number(existing['count'] ?? 1) + 1;
      existing['lastTimestamp'] = at;
      this.store.update('events', existing);
      return;
    }
    this.store.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: pod.metadata.namespace },
      involvedObject: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid, apiVersion: 'v1' },
      reason,
      message,
      type: 'Warning',
      count: 1,
      firstTimestamp: at,
      lastTimestamp: at,
      source: { component: 'kubelet', host: 'node-1' },
    });
  }

  private updateReplicaSetStatus(rs: Obj): void {
    const pods = this.podsOf(rs);
    const ready = pods.filter(isReady).length;
    const next = { replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1 };
    if (JSON.stringify(rs.status) === JSON.stringify(next)) return;
    rs.status = next;
    this.store.update('replicasets', rs);
  }

  private updateDeploymentStatus(d: Obj): void {
    const rss = this.replicaSetsOf(d);
    const revision = d.metadata.annotations?.[REVISION];
    const newRs = rss.find((rs) => rs.metadata.annotations?.[REVISION] === revision);
    const desired = Number(spec(d).replicas ?? 1);
    const sum = (f: (rs: Obj) => number): number => rss.reduce((n, rs) => n + f(rs), 0);
    const replicas = sum((rs) => Number(status(rs).replicas ?? 0));
    const updated = newRs === undefined ? 0 : Number(status(newRs).replicas ?? 0);
    const ready = sum((rs) => Number(status(rs).readyReplicas ?? 0));
    const available = sum((rs) => Number(status(rs).availableReplicas ?? 0));
    const now = this.options.now();
    const at = rfc3339(now);
    const rolling = (spec(d).strategy?.rollingUpdate ?? {}) as { maxUnavailable?: unknown };
    const maxUnavailable = spec(d).strategy?.type === 'Recreate' ? 0 : resolveIntOrPercent(rolling.maxUnavailable ?? '25%', desired, false);
    const previous = (status(d).conditions ?? []) as Array<Record<string, string>>;
    const condition = (type: string, st: string, reason: string, message: string): Record<string, string> => {
      const old = previous.find((c) => c.type === type);
      const same = old !== undefined && old.status === st && old.reason === reason;
      return { type, status: st, lastUpdateTime: same && old.lastUpdateTime ? old.lastUpdateTime : at, lastTransitionTime: old !== undefined && old.status === st && old.lastTransitionTime ? old.lastTransitionTime : at, reason, message };
    };
    const availableCondition = available >= desired - maxUnavailable
      ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.')
      : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.');
    const rsName = newRs?.metadata.name ?? d.metadata.name;
    const complete = updated === desired && replicas === updated && available === updated;
    const fingerprint = `${revision}:${replicas}:${updated}:${ready}:${available}`;
    const key = `${d.metadata.namespace}/${d.metadata.name}`;
    const last = this.lastProgress.get(key);
    if (last === undefined || last.fingerprint !== fingerprint) this.lastProgress.set(key, { at: now, fingerprint });
    const progressAt = this.lastProgress.get(key)?.at ?? now;
    const deadlineMs = Number(spec(d).progressDeadlineSeconds ?? 600) * 1000;
    const oldProgressing = previous.find((c) => c.type === 'Progressing');
    let progressing: Record<string, string>;
    if (spec(d).paused === true) progressing = condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused');
    else if (complete) progressing = condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`);
    else if (now - progressAt > deadlineMs || (oldProgressing?.reason === 'ProgressDeadlineExceeded' && last?.fingerprint === fingerprint)) {
      progressing = condition('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${rsName}" has timed out progressing.`);
    } else {
      progressing = condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${rsName}" is progressing.`);
      if (last?.fingerprint !== fingerprint || oldProgressing?.reason !== 'ReplicaSetUpdated') progressing.lastUpdateTime = at;
    }
    const next = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      ...(desired - available > 0 ? { unavailableReplicas: desired - available } : {}),
      conditions: [availableCondition, progressing],
    };
    if (JSON.stringify(d.status) === JSON.stringify(next)) return;
    d.status = next;
    this.store.update('deployments', d);
  }
}
