/**
 * Kubernetes watch ingest: raw pod watch event lines (realistic 2–4 KB pod
 * JSON) pushed through what the backend does with each one — JSON.parse, the
 * client's informer cache update, opsdeck's cluster model and report diff —
 * printed beside bare JSON.parse of the same bytes, in the same run.
 *
 * Run: node --import tsx bench/kubernetes-watch-ingest.ts
 */
import { addOrUpdateObject, type KubernetesObject } from '@kubernetes/client-node';
import { ClusterModel } from '../src/backends/kubernetes/cluster-model.js';
import { ReportDiffer } from '../src/backends/kubernetes/report-differ.js';
import { systemClock } from '../src/core/clock.js';

const DEPLOYMENTS = 200;
const PODS_PER_DEPLOYMENT = 10;
const EVENTS = 30_000;
/** Lines per flush: the client delivers a ~64 KB stream chunk's lines together and the backend judges once per chunk. */
const LINES_PER_CHUNK = Math.floor((64 * 1024) / 3500);
const ROUNDS = 3;

function deployment(i: number): KubernetesObject {
  return {
    metadata: { name: `svc-${i}`, namespace: `team-${i % 8}`, uid: `dep-${i}`, generation: 1, labels: { app: `svc-${i}` }, annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: { replicas: PODS_PER_DEPLOYMENT, selector: { matchLabels: { app: `svc-${i}` } }, template: { spec: { containers: [{ name: 'app', image: `registry.example.com/team/svc-${i}:1.4.2` }] } } },
    status: { observedGeneration: 1, replicas: PODS_PER_DEPLOYMENT, updatedReplicas: PODS_PER_DEPLOYMENT, readyReplicas: PODS_PER_DEPLOYMENT, availableReplicas: PODS_PER_DEPLOYMENT },
  } as KubernetesObject;
}

function replicaSet(i: number): KubernetesObject {
  return {
    metadata: { name: `svc-${i}-7d9f8c6b5d`, namespace: `team-${i % 8}`, uid: `rs-${i}`, labels: { app: `svc-${i}`, 'pod-template-hash': '7d9f8c6b5d' }, annotations: { 'deployment.kubernetes.io/revision': '1' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: `svc-${i}`, uid: `dep-${i}`, controller: true }] },
    spec: { replicas: PODS_PER_DEPLOYMENT },
    status: { replicas: PODS_PER_DEPLOYMENT, readyReplicas: PODS_PER_DEPLOYMENT, availableReplicas: PODS_PER_DEPLOYMENT },
  } as KubernetesObject;
}

/** A pod as the apiserver sends it in a watch event (managedFields trimmed, as informers usually see them). */
function podEvent(d: number, p: number, rv: number, ready: boolean, restarts: number): string {
  const name = `svc-${d}-7d9f8c6b5d-${p.toString(36).padStart(5, 'k')}`;
  const at = '2026-11-22T10:00:00Z';
  const pod = {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name,
      generateName: `svc-${d}-7d9f8c6b5d-`,
      namespace: `team-${d % 8}`,
      uid: `0f3c2a8e-9b1d-4c7e-a5f2-${String(d * 100 + p).padStart(12, '0')}`,
      resourceVersion: String(rv),
      creationTimestamp: at,
      labels: { app: `svc-${d}`, 'pod-template-hash': '7d9f8c6b5d', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/version': '1.4.2' },
      annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'kubectl.kubernetes.io/restartedAt': '2026-11-20T08:00:00Z' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `svc-${d}-7d9f8c6b5d`, uid: `rs-${d}`, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      volumes: [{ name: 'kube-api-access-x7k2p', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } }],
      containers: [
        {
          name: 'app',
          image: `registry.example.com/team/svc-${d}:1.4.2`,
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
          env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }],
          resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
          readinessProbe: { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
          livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
          volumeMounts: [{ name: 'kube-api-access-x7k2p', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      nodeName: `node-${(d + p) % 40}.eu-west-1.compute.internal`,
      schedulerName: 'default-scheduler',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: 'Running',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: type === 'Ready' || type === 'ContainersReady' ? String(ready ? 'True' : 'False') : 'True', lastProbeTime: null, lastTransitionTime: at })),
      hostIP: `10.0.${d % 40}.${p + 10}`,
      podIP: `10.244.${d % 200}.${p + 2}`,
      startTime: at,
      containerStatuses: [{ name: 'app', state: { running: { startedAt: at } }, ...(restarts > 0 ? { lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: at, finishedAt: at } } } : { lastState: {} }), ready, restartCount: restarts, image: `registry.example.com/team/svc-${d}:1.4.2`, imageID: `registry.example.com/team/svc-${d}@sha256:${'ab12'.repeat(16)}`, containerID: `containerd://${'9f'.repeat(32)}`, started: true }],
      qosClass: 'Burstable',
    },
  };
  return JSON.stringify({ type: 'MODIFIED', object: pod });
}

function workload(): { lines: string[]; bytes: number } {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; i < EVENTS; i++) {
    const d = i % DEPLOYMENTS;
    const p = Math.floor(i / DEPLOYMENTS) % PODS_PER_DEPLOYMENT;
    const line = podEvent(d, p, 5000 + i, i % 7 !== 0, Math.floor(i / 5000));
    lines.push(line);
    bytes += Buffer.byteLength(line);
  }
  return { lines, bytes };
}

function baseline(lines: readonly string[]): number {
  const start = process.hrtime.bigint();
  let sink = 0;
  for (const line of lines) sink += (JSON.parse(line) as { type: string }).type.length;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (sink === 0) throw new Error('nothing parsed');
  return ms;
}

function pipeline(lines: readonly string[]): { ms: number; emitted: number } {
  const model = new ClusterModel();
  const differ = new ReportDiffer(model, { backendId: 'bench', cluster: 'bench', clock: systemClock });
  for (let d = 0; d < DEPLOYMENTS; d++) {
    model.apply('deployments', 'upsert', deployment(d));
    model.apply('replicasets', 'upsert', replicaSet(d));
  }
  differ.snapshot();
  const cache = new Map<string, Map<string, KubernetesObject>>();
  let emitted = 0;
  let pending = { workloads: new Set<string>(), pods: new Set<string>() };
  const onObject = (object: KubernetesObject): void => ReportDiffer.merge(pending, model.apply('pods', 'upsert', object));
  const start = process.hrtime.bigint();
  for (let i = 0; i < lines.length; i++) {
    const event = JSON.parse(lines[i] as string) as { type: string; object: KubernetesObject };
    addOrUpdateObject(cache, event.object, [onObject], [onObject]);
    if ((i + 1) % LINES_PER_CHUNK === 0 || i === lines.length - 1) {
      emitted += differ.changes(pending).length;
      pending = { workloads: new Set(), pods: new Set() };
    }
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, emitted };
}

const { lines, bytes } = workload();
const sizes = lines.map((l) => Buffer.byteLength(l)).sort((a, b) => a - b);
console.log(`kubernetes watch ingest: ${EVENTS} pod MODIFIED events over ${DEPLOYMENTS} deployments x ${PODS_PER_DEPLOYMENT} pods, judged once per ${LINES_PER_CHUNK}-line (64 KB) chunk`);
console.log(`event size: min ${sizes[0]} B, median ${sizes[Math.floor(sizes.length / 2)]} B, max ${sizes.at(-1)} B, total ${(bytes / 1e6).toFixed(1)} MB`);
pipeline(lines.slice(0, 5000));
baseline(lines.slice(0, 5000));
const rows: string[] = [];
let bestBase = Infinity;
let bestPipe = Infinity;
let emitted = 0;
for (let round = 1; round <= ROUNDS; round++) {
  const base = baseline(lines);
  const pipe = pipeline(lines);
  bestBase = Math.min(bestBase, base);
  bestPipe = Math.min(bestPipe, pipe.ms);
  emitted = pipe.emitted;
  rows.push(`round ${round}: JSON.parse ${Math.round(EVENTS / (base / 1000)).toLocaleString('en')} events/s | opsdeck ingest ${Math.round(EVENTS / (pipe.ms / 1000)).toLocaleString('en')} events/s`);
}
for (const row of rows) console.log(row);
const rate = (ms: number): string => `${Math.round(EVENTS / (ms / 1000)).toLocaleString('en')} events/s, ${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
console.log(`best JSON.parse only:                      ${rate(bestBase)}`);
console.log(`best parse + informer cache + opsdeck map: ${rate(bestPipe)}  (${(bestPipe / bestBase).toFixed(2)}x the parse time; ${emitted} store events emitted per round)`);
console.log(`per event: parse ${((bestBase * 1000) / EVENTS).toFixed(1)} µs, full ingest ${((bestPipe * 1000) / EVENTS).toFixed(1)} µs; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
