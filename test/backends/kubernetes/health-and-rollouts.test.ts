/**
 * Health and rollout plans against the fake apiserver's controllers: crash
 * loops, OOM kills and image pull failures are named; a stuck rollout turns
 * its plan to ERROR once the progress deadline is exceeded; kubelet warning
 * events arrive as service events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observe, serviceNamed, startTestCluster, type ObservedBackend, type TestCluster } from './kube-test-cluster.js';

describe('kubernetes health and rollouts', () => {
  let cluster: TestCluster;
  let observed: ObservedBackend;
  const id = 'kube-health';

  beforeAll(async () => {
    cluster = await startTestCluster({
      id,
      deployments: [
        { name: 'web', replicas: 2, image: 'registry.local/web:v1', progressDeadlineSeconds: 1 },
        { name: 'oom', replicas: 1, image: 'registry.local/oom:oom' },
        { name: 'pull', replicas: 1, image: 'registry.local/pull:missing' },
      ],
    });
    observed = observe(cluster.backend);
    await observed.until((s) => serviceNamed(s, id, 'web')?.health.status === 'HEALTHY', 'web healthy');
  });
  afterAll(async () => {
    observed.stop();
    await cluster.close();
  });

  it('names OOMKilled and ImagePullBackOff and judges those services UNHEALTHY', async () => {
    const oom = await observed.until((s) => (serviceNamed(s, id, 'oom')?.health.reason.includes('OOMKilled') ? serviceNamed(s, id, 'oom') : undefined), 'oom named');
    expect(oom.health.status).toBe('UNHEALTHY');
    const task = observed.store.tasksOf(oom.id)[0];
    expect(task?.healthy).toBe(false);
    expect(task?.message).toContain('OOMKilled');
    const pull = await observed.until((s) => (serviceNamed(s, id, 'pull')?.health.reason.includes('ImagePullBackOff') ? serviceNamed(s, id, 'pull') : undefined), 'pull named');
    expect(pull.health.status).toBe('UNHEALTHY');
  });

  it('shows a crash-looping rollout as DEGRADED with CrashLoopBackOff, then its plan as ERROR after the progress deadline', async () => {
    const d = cluster.server.store.get('deployments', 'default', 'web');
    if (d === undefined) throw new Error('no web');
    (d.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!.image = 'registry.local/web:crash';
    cluster.server.store.update('deployments', d);
    const degraded = await observed.until((s) => {
      const web = serviceNamed(s, id, 'web');
      return web?.health.reason.includes('CrashLoopBackOff') ? web : undefined;
    }, 'crash loop named');
    // The old ReplicaSet still serves both replicas (maxUnavailable 25% of 2 = 0).
    expect(degraded.health.status).toBe('DEGRADED');
    expect(degraded.healthy).toBe(2);
    const plan = await observed.until((s) => s.plansOf(degraded.id).find((p) => p.name === 'rollout' && p.status === 'ERROR'), 'plan ERROR', 15_000);
    expect(plan.errors.join(' ')).toContain('ProgressDeadlineExceeded');
    const rollPhase = plan.phases.find((p) => p.id === 'new-replicaset');
    expect(rollPhase?.steps.some((s) => s.message.startsWith('CrashLoopBackOff'))).toBe(true);
    expect(serviceNamed(observed.store, id, 'web')?.health.reason).toContain('ProgressDeadlineExceeded');
    const events = observed.store.recentEvents(degraded.id);
    expect(events.some((e) => e.reason === 'BackOff' && e.message.includes('Back-off restarting failed container'))).toBe(true);
  });
});
