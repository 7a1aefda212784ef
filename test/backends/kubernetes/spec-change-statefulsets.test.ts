/**
 * Spec changes of a StatefulSet through the real client against the fake
 * apiserver's StatefulSet controller: the current spec from the pod template,
 * a plan from the highest ordinal down, a canary held by a partition at
 * replicas - 1 until continue, env / resource changes as kubectl sends them,
 * and a crash-looping upgrade that stalls and rolls back with every pod ready.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpsdeckError } from '../../../src/core/errors.js';
import type { Service } from '../../../src/core/model/service.js';
import { waitForServer } from './apiserver/fake-apiserver.js';
import type { KubeObject } from './apiserver/resource-store.js';
import { observe, serviceNamed, startTestCluster, type ObservedBackend, type TestCluster } from './kube-test-cluster.js';

describe('kubernetes statefulset spec changes', () => {
  let cluster: TestCluster;
  let observed: ObservedBackend;
  const id = 'kube-sts';
  const path = '/apis/apps/v1/namespaces/default/statefulsets/db';

  const service = (): Service => {
    const found = serviceNamed(observed.store, id, 'db');
    if (found === undefined) throw new Error('no db');
    return found;
  };
  const pods = (): KubeObject[] => cluster.server.store.list('pods', 'default').filter((p) => p.metadata.labels?.['app'] === 'db');
  const imageOf = (pod: KubeObject): string | undefined => (pod.spec as { containers?: Array<{ image?: string }> } | undefined)?.containers?.[0]?.image;
  const isReady = (pod: KubeObject): boolean => ((pod.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const allOn = (image: string): boolean => pods().length === 3 && pods().every((p) => imageOf(p) === image && isReady(p));
  const rolledOut = (image: string) => (s: Parameters<Parameters<ObservedBackend['until']>[0]>[0]): true | undefined => {
    const db = serviceNamed(s, id, 'db');
    const plan = db === undefined ? undefined : s.plansOf(db.id).find((p) => p.name === 'rollout');
    return plan?.status === 'COMPLETE' && db?.version === image && db.healthy === 3 ? true : undefined;
  };

  beforeAll(async () => {
    cluster = await startTestCluster({ id, deployments: [], statefulSets: true });
    cluster.server.store.create('statefulsets', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'default', labels: { app: 'db' } },
      spec: {
        replicas: 3,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'registry.local/db:v1', env: [{ name: 'MODE', value: 'primary' }], resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } } }] } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      },
    });
    await waitForServer(cluster.server, () => allOn('registry.local/db:v1'), { timeoutMs: 10_000, description: 'db pods ready' });
    observed = observe(cluster.backend);
    await observed.until(rolledOut('registry.local/db:v1'), 'db listed and complete');
  });
  afterAll(async () => {
    observed.stop();
    await cluster.close();
  });

  it('reads the pod template (image, env, requests, replicas) and plans pods from the highest ordinal down; parallel is unsupported', async () => {
    expect(service().actions).toEqual(expect.arrayContaining(['upgrade', 'config-set']));
    expect(await cluster.backend.currentSpec(service())).toEqual({ image: 'registry.local/db:v1', env: { MODE: 'primary' }, cpus: 0.25, mem: 128, replicas: 3, updateStrategy: 'RollingUpdate partition 0' });
    const proposal = await cluster.backend.planChange(service(), { image: 'registry.local/db:v2' }, { strategy: 'serial' });
    expect(proposal.plan.phases.flatMap((p) => p.steps)).toEqual([
      { name: 'replace db-2', task: `${id}/default/db-2` },
      { name: 'replace db-1', task: `${id}/default/db-1` },
      { name: 'replace db-0', task: `${id}/default/db-0` },
    ]);
    const parallel = await cluster.backend.planChange(service(), { image: 'registry.local/db:v2' }, { strategy: 'parallel' }).catch((e: unknown) => e);
    expect(isOpsdeckError(parallel) && parallel.code).toBe('UNSUPPORTED');
    const tooMuch = await cluster.backend.planChange(service(), { cpus: 4 }, { strategy: 'serial' }).catch((e: unknown) => e);
    expect(isOpsdeckError(tooMuch) && tooMuch.code).toBe('INPUT_INVALID');
    expect(cluster.server.requestsTo('PATCH', path)).toHaveLength(0);
  });

  it('holds a canary at partition replicas - 1: only db-2 updates, the plan waits, and continue releases the partition', async () => {
    const db = service();
    await cluster.backend.applyChange(db, { image: 'registry.local/db:v2' }, { idempotencyKey: 'db-canary', strategy: 'canary' });
    // kubectl set image's template patch, with the partition and the canary mark in the same request.
    expect(cluster.server.requestsTo('PATCH', path).map((r) => r.body)).toEqual([
      {
        metadata: { annotations: { 'opsdeck.io/canary': 'waiting' } },
        spec: {
          template: { spec: { '$setElementOrder/containers': [{ name: 'db' }], containers: [{ name: 'db', image: 'registry.local/db:v2' }] } },
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
        },
      },
    ]);
    const waiting = await observed.until((s) => {
      const plan = s.plansOf(db.id).find((p) => p.name === 'rollout');
      return plan?.status === 'WAITING' && plan.phases[0]?.steps[0]?.status === 'COMPLETE' ? plan : undefined;
    }, 'canary waiting after db-2', 10_000);
    expect(waiting.phases[0]?.steps.map((s) => s.status)).toEqual(['COMPLETE', 'PENDING', 'PENDING']);
    expect(pods().map((p) => [p.metadata.name, imageOf(p)]).sort()).toEqual([['db-0', 'registry.local/db:v1'], ['db-1', 'registry.local/db:v1'], ['db-2', 'registry.local/db:v2']]);
    await cluster.backend.continueChange(service(), { idempotencyKey: 'db-continue' });
    expect(cluster.server.requestsTo('PATCH', path).at(-1)?.body).toEqual({ metadata: { annotations: { 'opsdeck.io/canary': null } }, spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    await observed.until(rolledOut('registry.local/db:v2'), 'db on v2', 15_000);
    await waitForServer(cluster.server, () => allOn('registry.local/db:v2'), { timeoutMs: 5000, description: 'all db pods on v2' });
  });

  it('sends env and resource changes as kubectl set env / set resources, merged into the template by the server', async () => {
    await cluster.backend.applyChange(service(), { env: { CACHE: 'on' }, unsetEnv: ['MODE'], mem: 256 }, { idempotencyKey: 'db-env', strategy: 'serial' });
    expect(cluster.server.requestsTo('PATCH', path).at(-1)?.body).toEqual({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'db' }],
            containers: [{ name: 'db', '$setElementOrder/env': [{ name: 'CACHE' }], env: [{ name: 'CACHE', value: 'on' }, { $patch: 'delete', name: 'MODE' }], resources: { requests: { memory: '256Mi' } } }],
          },
        },
      },
    });
    const envOf = (pod: KubeObject): string[] => ((pod.spec as { containers?: Array<{ env?: Array<{ name: string }> }> } | undefined)?.containers?.[0]?.env ?? []).map((e) => e.name);
    await waitForServer(cluster.server, () => pods().length === 3 && pods().every((p) => isReady(p) && envOf(p).join() === 'CACHE'), { timeoutMs: 15_000, description: 'every db pod on the new env' });
    await observed.until(rolledOut('registry.local/db:v2'), 'db rolled with new env', 15_000);
    expect(await cluster.backend.currentSpec(service())).toMatchObject({ env: { CACHE: 'on' }, cpus: 0.25, mem: 256 });
  });

  it('stalls a crash-looping upgrade on the highest ordinal, and rollback restores the old image with every pod ready', async () => {
    await cluster.backend.applyChange(service(), { image: 'registry.local/db:crash' }, { idempotencyKey: 'db-crash', strategy: 'serial' });
    await observed.until((s) => (serviceNamed(s, id, 'db')?.health.reason.includes('CrashLoopBackOff') ? true : undefined), 'db-2 crash-looping', 10_000);
    const stalled = observed.store.plansOf(service().id).find((p) => p.name === 'rollout');
    expect(stalled?.status).not.toBe('COMPLETE');
    expect(pods().filter((p) => imageOf(p) === 'registry.local/db:v2' && isReady(p)).map((p) => p.metadata.name).sort()).toEqual(['db-0', 'db-1']);
    const busy = await cluster.backend.planChange(service(), { image: 'registry.local/db:v3' }, { strategy: 'serial' }).catch((e: unknown) => e);
    expect(isOpsdeckError(busy) && busy.code).toBe('CONFLICT');
    await cluster.backend.rollback(service(), { idempotencyKey: 'db-rollback' });
    await observed.until(rolledOut('registry.local/db:v2'), 'db back on v2', 15_000);
    await waitForServer(cluster.server, () => allOn('registry.local/db:v2'), { timeoutMs: 5000, description: 'all db pods back on v2 and ready' });
  });
});
