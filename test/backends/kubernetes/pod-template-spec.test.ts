/**
 * The pure half of Kubernetes spec changes: quantities read and written the
 * way the API spells them, the template patch kubectl's set commands send
 * (including replacing a valueFrom and skipping what is already in effect),
 * and the plan order of a ReplicaSet scale-down.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { cpuQuantity, memoryQuantity, parseCpu, parseMemoryMb, templatePatch, templateSpec, validateChange } from '../../../src/backends/kubernetes/pod-template-spec.js';
import { changePlanOf, deletionOrder } from '../../../src/backends/kubernetes/spec-change-plan.js';
import { isOpsdeckError } from '../../../src/core/errors.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return isOpsdeckError(error) ? error.code : 'not an OpsdeckError';
  }
  return undefined;
};

describe('kubernetes pod template spec', () => {
  it('reads CPU and memory quantities in every unit the API uses', () => {
    expect([parseCpu('500m'), parseCpu('2'), parseCpu('1.5'), parseCpu('lots')]).toEqual([0.5, 2, 1.5, undefined]);
    expect([parseMemoryMb('256Mi'), parseMemoryMb('1Gi'), parseMemoryMb('1G'), parseMemoryMb('1048576'), parseMemoryMb('512Ki')]).toEqual([256, 1024, 954, 1, 1]);
  });

  it('writes quantities as kubectl would and refuses what Kubernetes cannot express', () => {
    expect([cpuQuantity(0.25), cpuQuantity(2), cpuQuantity(1.5)]).toEqual(['250m', '2', '1500m']);
    expect(memoryQuantity(256)).toBe('256Mi');
    expect(codeOf(() => cpuQuantity(0.0005))).toBe('INPUT_INVALID');
    expect(codeOf(() => cpuQuantity(0))).toBe('INPUT_INVALID');
    expect(codeOf(() => memoryQuantity(0))).toBe('INPUT_INVALID');
  });

  it('reports the first container of the template as the spec, with no replicas for a DaemonSet', () => {
    const containers = [{ name: 'app', image: 'r/app:v1', env: [{ name: 'A', value: '1' }, { name: 'SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { name: 'side', image: 'r/side:v1' }];
    expect(templateSpec({ kind: 'Deployment', replicas: 2, containers })).toEqual({ image: 'r/app:v1', env: { A: '1', SECRET: '(from a reference)' }, cpus: 0.1, mem: 64, replicas: 2 });
    expect(templateSpec({ kind: 'DaemonSet', replicas: 2, containers }).replicas).toBeUndefined();
  });

  it('patches only what changes, clears a valueFrom it replaces, and keeps the container order', () => {
    const containers = [{ name: 'app', image: 'r/app:v1', env: [{ name: 'A', value: '1' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'x' } } }] }, { name: 'side' }];
    expect(templatePatch(containers, { image: 'r/app:v1', env: { A: '1' } })).toBeUndefined();
    expect(templatePatch(containers, { env: { A: '1', B: 'plain', C: '3' } })).toEqual({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'app' }, { name: 'side' }],
            containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }, { name: 'C' }], env: [{ name: 'B', value: 'plain', valueFrom: null }, { name: 'C', value: '3' }] }],
          },
        },
      },
    });
  });

  it('refuses a request above the container limit, and DaemonSets as a whole', () => {
    expect(codeOf(() => templatePatch([{ name: 'app', resources: { limits: { memory: '128Mi' } } }], { mem: 256 }))).toBe('INPUT_INVALID');
    expect(codeOf(() => validateChange('DaemonSet', { image: 'r/a:v2' }))).toBe('UNSUPPORTED');
  });

  it('orders the pods a ReplicaSet replaces: unready first, then the newest', () => {
    const pod = (name: string, created: string, ready: boolean): V1Pod => ({ metadata: { name, creationTimestamp: new Date(created) }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
    const order = deletionOrder([pod('old', '2026-01-01T00:00:00Z', true), pod('new', '2026-01-02T00:00:00Z', true), pod('sick', '2025-01-01T00:00:00Z', false)]);
    expect(order.map((p) => p.metadata?.name)).toEqual(['sick', 'new', 'old']);
  });

  it('plans a Recreate Deployment without a canary, and a StatefulSet scale-up after the replacements', () => {
    const base = { name: 'x', namespace: 'ns', backendId: 'k', pods: [], currentReplicas: 2, proposedReplicas: 2, templateChanges: true } as const;
    expect(codeOf(() => changePlanOf({ ...base, kind: 'Deployment', strategy: 'canary', recreate: true }))).toBe('UNSUPPORTED');
    const plan = changePlanOf({ ...base, kind: 'StatefulSet', strategy: 'serial', proposedReplicas: 3 });
    expect(plan.phases[0]?.steps.map((s) => s.name)).toEqual(['replace x-1', 'replace x-0', 'start x-2']);
  });
});
