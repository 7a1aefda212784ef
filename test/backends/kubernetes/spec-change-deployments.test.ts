/**
 * Upgrades and configuration changes of Deployments through the real client
 * against the fake apiserver's controllers: a healthy upgrade completes with
 * the patch `kubectl set image` sends; a crash-looping image stalls into an
 * ERROR plan and rollout undo restores the old image; bad input is refused
 * before anything is patched; one idempotency key acts once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpecChange } from '../../../src/core/backend/capabilities.js';
import { isOpsdeckError } from '../../../src/core/errors.js';
import type { Service } from '../../../src/core/model/service.js';
import { waitForServer } from './apiserver/fake-apiserver.js';
import type { KubeObject } from './apiserver/resource-store.js';
import { observe, serviceNamed, startTestCluster, type ObservedBackend, type TestCluster } from './kube-test-cluster.js';

const STRATEGIC = 'application/strategic-merge-patch+json';

async function errorOf(run: () => Promise<unknown>): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await run();
  } catch (error) {
    if (isOpsdeckError(error)) return { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
    throw error;
  }
  throw new Error('expected an error');
}

describe('kubernetes deployment spec changes', () => {
  let cluster: TestCluster;
  let observed: ObservedBackend;
  const id = 'kube-spec';

  const service = (name: string): Service => {
    const found = serviceNamed(observed.store, id, name);
    if (found === undefined) throw new Error(`no service ${name}`);
    return found;
  };
  const podsOf = (app: string): KubeObject[] => cluster.server.store.list('pods', 'default').filter((p) => p.metadata.labels?.['app'] === app);
  const imageOf = (pod: KubeObject): string | undefined => (pod.spec as { containers?: Array<{ image?: string }> } | undefined)?.containers?.[0]?.image;
  const isReady = (pod: KubeObject): boolean => ((pod.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const patchesOf = (name: string) => cluster.server.requestsTo('PATCH', `/apis/apps/v1/namespaces/default/deployments/${name}`);

  beforeAll(async () => {
    cluster = await startTestCluster({
      id,
      deployments: [
        { name: 'web', replicas: 3, image: 'registry.local/web:v1' },
        { name: 'api', replicas: 2, image: 'registry.local/api:v1', progressDeadlineSeconds: 1 },
        { name: 'cfg', replicas: 1, image: 'registry.local/cfg:v1' },
      ],
    });
    observed = observe(cluster.backend);
    await observed.until((s) => ['web', 'api', 'cfg'].every((n) => serviceNamed(s, id, n)?.health.status === 'HEALTHY'), 'all healthy');
  });
  afterAll(async () => {
    observed.stop();
    await cluster.close();
  });

  it('offers upgrade and config-set on Deployments and reads the pod template as the current spec', async () => {
    expect(service('web').actions).toEqual(expect.arrayContaining(['upgrade', 'config-set']));
    const spec = await cluster.backend.currentSpec(service('web'));
    expect(spec).toMatchObject({ image: 'registry.local/web:v1', env: {}, replicas: 3, updateStrategy: 'RollingUpdate maxSurge 25%, maxUnavailable 25%' });
  });

  it('previews an upgrade (both specs, a step per pod in deletion order, serial notes) without writing anything', async () => {
    const before = cluster.server.requests.filter((r) => r.method !== 'GET').length;
    const proposal = await cluster.backend.planChange(service('web'), { image: 'registry.local/web:v2' }, { strategy: 'serial' });
    expect(proposal.current.image).toBe('registry.local/web:v1');
    expect(proposal.proposed.image).toBe('registry.local/web:v2');
    expect(proposal.plan.planName).toBe('rollout');
    const steps = proposal.plan.phases.flatMap((p) => p.steps);
    expect(steps).toHaveLength(3);
    expect(new Set(steps.map((s) => s.task))).toEqual(new Set(podsOf('web').map((p) => `${id}/default/${p.metadata.name}`)));
    expect(proposal.plan.notes.join(' ')).toContain('maxSurge 1, maxUnavailable 0');
    expect(proposal.plan.expectedDurationMs).toBeGreaterThanOrEqual(1000);
    expect(cluster.server.requests.filter((r) => r.method !== 'GET').length).toBe(before);
  });

  it('upgrades to a healthy image with the patch kubectl set image sends, once per idempotency key, until the plan is COMPLETE', async () => {
    const web = service('web');
    const options = { idempotencyKey: 'upgrade-web-v2', strategy: 'serial' as const };
    const [first, again] = await Promise.all([cluster.backend.applyChange(web, { image: 'registry.local/web:v2' }, options), cluster.backend.applyChange(web, { image: 'registry.local/web:v2' }, options)]);
    expect(again).toBe(first);
    const patches = patchesOf('web');
    expect(patches.map((p) => p.body)).toEqual([
      { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } },
      { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'app' }], containers: [{ name: 'app', image: 'registry.local/web:v2' }] } } } },
    ]);
    expect(patches.every((p) => p.contentType?.startsWith(STRATEGIC) && p.status === 200)).toBe(true);
    const done = await observed.until((s) => {
      const plan = s.plansOf(web.id).find((p) => p.name === 'rollout');
      const now = s.service(web.id);
      return plan?.status === 'COMPLETE' && now?.version === 'registry.local/web:v2' && now.health.status === 'HEALTHY' ? plan : undefined;
    }, 'web on v2, plan COMPLETE', 15_000);
    expect(done.errors).toEqual([]);
    await waitForServer(cluster.server, () => podsOf('web').length === 3, { timeoutMs: 5000, description: 'old pods gone' });
    expect(podsOf('web').map(imageOf)).toEqual(['registry.local/web:v2', 'registry.local/web:v2', 'registry.local/web:v2']);
    expect(podsOf('web').every(isReady)).toBe(true);
  });

  it('stalls a crash-looping upgrade into an ERROR plan, refuses another change meanwhile, and rollout undo restores the old image with every pod ready', async () => {
    const api = service('api');
    await cluster.backend.applyChange(api, { image: 'registry.local/api:crash' }, { idempotencyKey: 'upgrade-api-crash', strategy: 'serial' });
    const failed = await observed.until((s) => s.plansOf(api.id).find((p) => p.name === 'rollout' && p.status === 'ERROR'), 'api plan ERROR', 15_000);
    expect(failed.errors.join(' ')).toContain('ProgressDeadlineExceeded');
    // maxUnavailable 0: the old pods keep serving.
    expect(podsOf('api').filter((p) => imageOf(p) === 'registry.local/api:v1' && isReady(p))).toHaveLength(2);
    const busy = await errorOf(() => cluster.backend.planChange(service('api'), { image: 'registry.local/api:v3' }, { strategy: 'serial' }));
    expect(busy.code).toBe('CONFLICT');
    expect(busy.message).toContain('progress deadline');
    await cluster.backend.rollback(service('api'), { idempotencyKey: 'rollback-api' });
    await observed.until((s) => {
      const plan = s.plansOf(api.id).find((p) => p.name === 'rollout');
      const now = s.service(api.id);
      return plan?.status === 'COMPLETE' && now?.version === 'registry.local/api:v1' && now.health.status === 'HEALTHY' ? true : undefined;
    }, 'api back on v1', 15_000);
    await waitForServer(cluster.server, () => podsOf('api').length === 2 && podsOf('api').every((p) => imageOf(p) === 'registry.local/api:v1' && isReady(p)), { timeoutMs: 5000, description: 'api pods v1 and ready' });
  });

  it('sends env and resource changes as kubectl set env / set resources do, and scales replicas through the scale subresource', async () => {
    const cfg = service('cfg');
    const proposal = await cluster.backend.planChange(cfg, { env: { LOG_LEVEL: 'debug' }, cpus: 0.25, mem: 256, replicas: 2 }, { strategy: 'parallel' });
    expect(proposal.proposed).toMatchObject({ env: { LOG_LEVEL: 'debug' }, cpus: 0.25, mem: 256, replicas: 2 });
    expect(proposal.plan.notes.join(' ')).toContain('maxSurge 100%');
    await cluster.backend.applyChange(cfg, { env: { LOG_LEVEL: 'debug' }, cpus: 0.25, mem: 256, replicas: 2 }, { idempotencyKey: 'cfg-1', strategy: 'parallel' });
    expect(patchesOf('cfg').map((p) => p.body)).toEqual([
      { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } } } },
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'app' }],
              containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'LOG_LEVEL' }], env: [{ name: 'LOG_LEVEL', value: 'debug' }], resources: { requests: { cpu: '250m', memory: '256Mi' } } }],
            },
          },
        },
      },
    ]);
    expect(cluster.server.requestsTo('PATCH', '/apis/apps/v1/namespaces/default/deployments/cfg/scale').map((r) => r.body)).toEqual([{ spec: { replicas: 2 } }]);
    const envOf = (pod: KubeObject): string[] => ((pod.spec as { containers?: Array<{ env?: Array<{ name: string }> }> } | undefined)?.containers?.[0]?.env ?? []).map((e) => e.name);
    await waitForServer(cluster.server, () => podsOf('cfg').length === 2 && podsOf('cfg').every((p) => isReady(p) && envOf(p).includes('LOG_LEVEL')), { timeoutMs: 15_000, description: 'cfg pods on the new env' });
    await observed.until((s) => (s.plansOf(cfg.id).find((p) => p.name === 'rollout')?.status === 'COMPLETE' && s.service(cfg.id)?.healthy === 2 ? true : undefined), 'cfg rolled out', 15_000);
    const spec = await cluster.backend.currentSpec(service('cfg'));
    expect(spec).toMatchObject({ env: { LOG_LEVEL: 'debug' }, cpus: 0.25, mem: 256, replicas: 2 });
    const unset = await cluster.backend.planChange(service('cfg'), { unsetEnv: ['LOG_LEVEL'] }, { strategy: 'serial' });
    expect(unset.proposed.env).toEqual({});
  });

  it('refuses unknown keys, invalid values, a version and a missing workload with clear errors and patches nothing', async () => {
    const before = cluster.server.requests.filter((r) => r.method === 'PATCH').length;
    const cfg = service('cfg');
    const cases: Array<[SpecChange, string, string]> = [
      [{ colour: 'red' } as unknown as SpecChange, 'INPUT_INVALID', 'Unknown change key "colour"'],
      [{ cpus: -1 }, 'INPUT_INVALID', 'Invalid cpus value -1'],
      [{ cpus: 0.0001 }, 'INPUT_INVALID', 'millicore'],
      [{ mem: 1.5 }, 'INPUT_INVALID', 'Invalid mem value'],
      [{ version: '2.0.0' }, 'INPUT_INVALID', 'upgraded by image'],
      [{ image: 'not an image' }, 'INPUT_INVALID', 'Invalid image reference'],
      [{ env: { '1BAD': 'x' } }, 'INPUT_INVALID', 'Invalid environment variable name'],
      [{ unsetEnv: ['NEVER_SET'] }, 'INPUT_INVALID', 'NEVER_SET is not set'],
      [{}, 'INPUT_INVALID', 'empty'],
    ];
    for (const [change, code, text] of cases) {
      for (const run of [() => cluster.backend.planChange(cfg, change, { strategy: 'serial' }), () => cluster.backend.applyChange(cfg, change, { idempotencyKey: `bad-${JSON.stringify(change)}`, strategy: 'serial' })]) {
        const error = await errorOf(run);
        expect(error.code, JSON.stringify(change)).toBe(code);
        expect(error.message).toContain(text);
        expect(error.hint).toBeTruthy();
      }
    }
    const ghost: Service = { ...cfg, id: `${id}/default/deployment/nope`, nativeId: 'default/deployment/nope', name: 'nope' };
    const missing = await errorOf(() => cluster.backend.applyChange(ghost, { image: 'registry.local/nope:v2' }, { idempotencyKey: 'ghost', strategy: 'serial' }));
    expect(missing.code).toBe('NOT_FOUND');
    const canaryScale = await errorOf(() => cluster.backend.planChange(cfg, { replicas: 4 }, { strategy: 'canary' }));
    expect(canaryScale.code).toBe('INPUT_INVALID');
    expect(cluster.server.requests.filter((r) => r.method === 'PATCH').length).toBe(before);
  });

  it('answers a change that is already in effect without sending anything', async () => {
    const before = cluster.server.requests.filter((r) => r.method === 'PATCH').length;
    const receipt = await cluster.backend.applyChange(service('web'), { image: 'registry.local/web:v2' }, { idempotencyKey: 'web-same', strategy: 'serial' });
    expect(receipt.alreadyInEffect).toBe(true);
    expect(cluster.server.requests.filter((r) => r.method === 'PATCH').length).toBe(before);
  });
});
