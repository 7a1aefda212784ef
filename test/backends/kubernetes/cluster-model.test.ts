/**
 * The cluster model traces Pods through ReplicaSets to their Deployment, and
 * skips pod updates that change nothing opsdeck judges (status noise).
 */
import { describe, expect, it } from 'vitest';
import type { V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { ClusterModel } from '../../../src/backends/kubernetes/cluster-model.js';

const deployment: V1Deployment = { metadata: { name: 'web', namespace: 'prod', uid: 'd1' }, spec: { replicas: 1, selector: {}, template: {} } };
const replicaSet: V1ReplicaSet = { metadata: { name: 'web-abc', namespace: 'prod', uid: 'r1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] }, spec: { selector: {} } };
const pod = (resourceVersion: string, ready: boolean): V1Pod => ({
  metadata: { name: 'web-abc-1', namespace: 'prod', resourceVersion, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'r1', controller: true }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: new Date(Number(resourceVersion)) }] },
});

describe('cluster model', () => {
  it('resolves a pod to its Deployment even when the ReplicaSet arrives after the pod', () => {
    const model = new ClusterModel();
    model.apply('deployments', 'upsert', deployment);
    expect(model.apply('pods', 'upsert', pod('1', true)).workloads.size).toBe(0);
    const affected = model.apply('replicasets', 'upsert', replicaSet);
    expect([...affected.workloads]).toEqual(['prod/deployment/web']);
    expect([...affected.pods]).toEqual(['prod/web-abc-1']);
    expect(model.workload('prod/deployment/web')?.pods).toHaveLength(1);
  });

  it('ignores a pod update that only moves its resourceVersion and probe times, but not a readiness change', () => {
    const model = new ClusterModel();
    model.apply('deployments', 'upsert', deployment);
    model.apply('replicasets', 'upsert', replicaSet);
    model.apply('pods', 'upsert', pod('1', true));
    expect(model.apply('pods', 'upsert', pod('2', true))).toEqual({ workloads: new Set(), pods: new Set() });
    expect(model.pod('prod/web-abc-1')?.metadata?.resourceVersion).toBe('2');
    expect([...model.apply('pods', 'upsert', pod('3', false)).workloads]).toEqual(['prod/deployment/web']);
    expect([...model.apply('pods', 'delete', pod('4', false)).pods]).toEqual(['prod/web-abc-1']);
  });
});
