/**
 * The pure mappers on fixtures: pod states and named problems, workload
 * health, and rollout plans for StatefulSets (partition, ordinals) and
 * DaemonSets, following kubectl's rollout-status rules.
 */
import { describe, expect, it } from 'vitest';
import type { V1DaemonSet, V1Deployment, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { podProblem, podState, podToTask } from '../../../src/backends/kubernetes/pod-task.js';
import { rolloutPlan } from '../../../src/backends/kubernetes/rollout-plan.js';
import { tenantOf, workloadHealth, workloadToService } from '../../../src/backends/kubernetes/workload-service.js';

const readyPod = (name: string, extra: Partial<V1Pod['metadata']> = {}): V1Pod => ({
  metadata: { name, namespace: 'prod', ...extra },
  spec: { containers: [{ name: 'app', image: 'img:v1' }], nodeName: 'node-a' },
  status: {
    phase: 'Running',
    startTime: new Date('2026-01-01T00:00:00Z'),
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'app', image: 'img:v1', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: new Date('2026-01-01T00:00:00Z') } } }],
  },
});

const crashPod = (name: string, lastReason: 'Error' | 'OOMKilled'): V1Pod => ({
  metadata: { name, namespace: 'prod' },
  spec: { containers: [{ name: 'app', image: 'img:v2' }] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'False' }],
    containerStatuses: [{ name: 'app', image: 'img:v2', imageID: '', ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } }, lastState: { terminated: { exitCode: lastReason === 'OOMKilled' ? 137 : 1, reason: lastReason } } }],
  },
});

describe('pod mapping', () => {
  it('maps a Ready pod to a healthy RUNNING task', () => {
    const task = podToTask(readyPod('web-1'), 'prod/deployment/web', 5);
    expect(task).toMatchObject({ nativeId: 'prod/web-1', serviceNativeId: 'prod/deployment/web', state: 'RUNNING', healthy: true, restarts: 0, host: 'node-a', version: 'img:v1', startedAt: Date.parse('2026-01-01T00:00:00Z') });
    expect(task.message).toBeUndefined();
  });

  it('names CrashLoopBackOff with the last exit, and prefers OOMKilled when that was the crash', () => {
    expect(podProblem(crashPod('a', 'Error'))).toEqual({ reason: 'CrashLoopBackOff', message: 'container app: CrashLoopBackOff: back-off 5m0s (last exit: Error, code 1)' });
    expect(podProblem(crashPod('b', 'OOMKilled'))?.reason).toBe('OOMKilled');
    const task = podToTask(crashPod('a', 'Error'), 'x', 0);
    expect(task).toMatchObject({ state: 'STARTING', healthy: false, restarts: 7 });
    expect(task.message).toMatch(/^CrashLoopBackOff: /);
  });

  it('reads timestamps given as strings (raw watch objects) as well as Dates (typed lists)', () => {
    const raw = JSON.parse(JSON.stringify(readyPod('web-2'))) as V1Pod;
    expect(podToTask(raw, 'x', 0).startedAt).toBe(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('maps a terminating pod to KILLING and an unscheduled one to STAGING', () => {
    expect(podState(readyPod('a', { deletionTimestamp: new Date() }))).toBe('KILLING');
    expect(podState({ metadata: { name: 'p' }, status: { phase: 'Pending' } })).toBe('STAGING');
  });
});

describe('workload health', () => {
  const deployment = (conditions: NonNullable<V1Deployment['status']>['conditions'], replicas = 2): V1Deployment => ({
    metadata: { name: 'web', namespace: 'prod', generation: 2, labels: { team: 'payments' }, annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: { replicas, selector: {}, template: { spec: { containers: [{ name: 'app', image: 'img:v2' }] } } },
    status: { observedGeneration: 2, replicas, updatedReplicas: replicas, availableReplicas: replicas, readyReplicas: replicas, ...(conditions ? { conditions } : {}) },
  });

  it('is HEALTHY with all replicas ready and a finished rollout', () => {
    const health = workloadHealth({ kind: 'Deployment', object: deployment([]), replicaSets: [], pods: [readyPod('a'), readyPod('b')] });
    expect(health).toEqual({ status: 'HEALTHY', reason: '2/2 healthy' });
  });

  it('names ProgressDeadlineExceeded and degrades even when the old pods still serve', () => {
    const conditions = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-2" has timed out progressing.' }];
    const health = workloadHealth({ kind: 'Deployment', object: deployment(conditions), replicaSets: [], pods: [readyPod('a'), readyPod('b')] });
    expect(health.status).toBe('DEGRADED');
    expect(health.reason).toContain('ProgressDeadlineExceeded');
  });

  it('is UNHEALTHY with every pod crash-looping, naming the reason and pod count', () => {
    const health = workloadHealth({ kind: 'Deployment', object: deployment([]), replicaSets: [], pods: [crashPod('a', 'Error'), crashPod('b', 'Error')] });
    expect(health.status).toBe('UNHEALTHY');
    expect(health.reason).toBe('0/2 running; CrashLoopBackOff (2 pods)');
  });

  it('derives the tenant from the label, then the namespace map, then the namespace', () => {
    expect(tenantOf({ team: 'payments' }, 'prod', { label: 'team', namespace: { prod: 'core' } })).toBe('payments');
    expect(tenantOf({}, 'prod', { label: 'team', namespace: { prod: 'core' } })).toBe('core');
    expect(tenantOf({}, 'prod', undefined)).toBe('prod');
    const service = workloadToService({ kind: 'Deployment', object: deployment([]), replicaSets: [], pods: [readyPod('a'), readyPod('b')] }, { cluster: 'c', tenantFrom: { label: 'team' }, now: 1 });
    expect(service).toMatchObject({ nativeId: 'prod/deployment/web', tenant: 'payments', kind: 'deployment', desired: 2, running: 2, healthy: 2, version: 'img:v2', stateful: false });
  });
});

describe('rollout plans', () => {
  const statefulSet = (status: V1StatefulSet['status'], partition = 0): V1StatefulSet => ({
    metadata: { name: 'db', namespace: 'prod', generation: 3 },
    spec: { replicas: 3, selector: {}, serviceName: 'db', template: {}, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } } },
    status,
  });
  const dbPod = (ordinal: number, revision: string, ready: boolean): V1Pod => {
    const pod = readyPod(`db-${ordinal}`, { labels: { 'controller-revision-hash': revision } });
    if (!ready) pod.status = { ...pod.status, conditions: [{ type: 'Ready', status: 'False' }] };
    return pod;
  };

  it('plans a StatefulSet update from the highest ordinal down', () => {
    const s = statefulSet({ replicas: 3, observedGeneration: 3, readyReplicas: 2, currentRevision: 'db-old', updateRevision: 'db-new', updatedReplicas: 1 });
    const plan = rolloutPlan({ kind: 'StatefulSet', object: s, pods: [dbPod(0, 'db-old', true), dbPod(1, 'db-old', true), dbPod(2, 'db-new', false)] }, { backendId: 'k', now: 0 });
    expect(plan.phases[0]?.steps.map((st) => `${st.name}:${st.status}`)).toEqual(['db-2:STARTING', 'db-1:PENDING', 'db-0:PENDING']);
    expect(plan.status).toBe('STARTING');
  });

  it('treats ordinals below the partition as held, and completes by kubectl\'s partition rule', () => {
    const s = statefulSet({ replicas: 3, observedGeneration: 3, readyReplicas: 3, currentRevision: 'db-old', updateRevision: 'db-new', updatedReplicas: 1 }, 2);
    const plan = rolloutPlan({ kind: 'StatefulSet', object: s, pods: [dbPod(0, 'db-old', true), dbPod(1, 'db-old', true), dbPod(2, 'db-new', true)] }, { backendId: 'k', now: 0 });
    expect(plan.status).toBe('COMPLETE');
    expect(plan.phases[0]?.steps[2]?.message).toContain('partition 2');
  });

  it('plans a DaemonSet rollout from updated and available counts', () => {
    const ds: V1DaemonSet = { metadata: { name: 'agent', namespace: 'prod' }, spec: { selector: {}, template: {} }, status: { desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 1, currentNumberScheduled: 3, numberMisscheduled: 0, numberReady: 1 } };
    const plan = rolloutPlan({ kind: 'DaemonSet', object: ds, pods: [] }, { backendId: 'k', now: 0 });
    expect(plan.phases[0]?.steps.map((s) => s.status)).toEqual(['COMPLETE', 'STARTING', 'PENDING']);
    expect(plan.status).toBe('IN_PROGRESS');
  });
});
