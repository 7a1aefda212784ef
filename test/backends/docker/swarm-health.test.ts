/**
 * Swarm service health on a real dockerd: replicas with passing health
 * checks are HEALTHY, a killed task container degrades the service until
 * Swarm replaces it, and scaling through opsdeck changes what Swarm runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScalable } from '../../../src/core/backend/index.js';
import type { HealthStatus } from '../../../src/core/model/health.js';
import { createSwarmService, freshKey, rawDocker, runningTasks, sharedDockerHost, waitForRunningTasks, watchBackend, type WatchedBackend } from '../../support/docker-test-kit.js';

describe('docker backend: Swarm service health', () => {
  let watched: WatchedBackend;
  const docker = () => rawDocker(sharedDockerHost());

  beforeAll(async () => {
    await createSwarmService(docker(), { name: 'sh-web', replicas: 3 });
    watched = watchBackend(sharedDockerHost());
  });

  afterAll(async () => {
    watched?.stop();
    await docker().getService('sh-web').remove().catch(() => undefined);
  });

  it('shows a 3-replica service with passing health checks as 3/3 HEALTHY with its tasks', async () => {
    const service = await watched.waitFor(() => {
      const found = watched.byName('sh-web');
      return found !== undefined && found.health.status === 'HEALTHY' && found.healthy === 3 ? found : undefined;
    }, 'sh-web 3/3 healthy');
    expect(service.kind).toBe('swarm-service');
    expect([service.desired, service.running, service.healthy]).toEqual([3, 3, 3]);
    expect(service.health.reason).toContain('3/3 healthy');
    const tasks = watched.store.tasksOf(service.id);
    expect(tasks.filter((t) => t.state === 'RUNNING' && t.healthy === true)).toHaveLength(3);
    expect(service.actions).toEqual(expect.arrayContaining(['scale', 'restart', 'kill-task']));
    expect(service.actions).not.toContain('update-resume');
  });

  it('goes DEGRADED when one task container is killed behind its back, then HEALTHY once Swarm replaces it', async () => {
    const seen: HealthStatus[] = [];
    const unsubscribe = watched.store.subscribe(() => {
      const status = watched.byName('sh-web')?.health.status;
      if (status !== undefined && seen.at(-1) !== status) seen.push(status);
    });
    const [victim] = await runningTasks(docker(), 'sh-web');
    const containerId = victim?.Status.ContainerStatus?.ContainerID;
    expect(containerId).toBeTypeOf('string');
    await docker().getContainer(containerId ?? '').kill();
    await watched.waitFor(() => {
      const found = watched.byName('sh-web');
      return found?.health.status === 'DEGRADED' && found.running === 2;
    }, 'sh-web degraded');
    await watched.waitFor((s) => {
      const found = watched.byName('sh-web');
      if (found === undefined || found.health.status !== 'HEALTHY' || found.healthy !== 3) return false;
      return s.tasksOf(found.id).every((t) => t.id !== `dk/${victim?.ID}` || t.state !== 'RUNNING');
    }, 'sh-web healthy again');
    unsubscribe();
    expect(seen.indexOf('DEGRADED')).toBeGreaterThanOrEqual(0);
    expect(seen.lastIndexOf('HEALTHY')).toBeGreaterThan(seen.indexOf('DEGRADED'));
  });

  it('scales to 5 through opsdeck and Swarm itself then runs 5 tasks', async () => {
    const backend = watched.backend;
    if (!isScalable(backend)) throw new Error('docker backend must be Scalable');
    const service = watched.byName('sh-web');
    if (service === undefined) throw new Error('sh-web not in state');
    const receipt = await backend.scale(service, 5, { idempotencyKey: freshKey('scale5') });
    expect(receipt.message).toBe('scaled sh-web from 3 to 5');
    await waitForRunningTasks(docker(), 'sh-web', 5);
    expect(await runningTasks(docker(), 'sh-web')).toHaveLength(5);
    await watched.waitFor(() => {
      const found = watched.byName('sh-web');
      return found?.desired === 5 && found.healthy === 5 && found.health.status === 'HEALTHY';
    }, 'sh-web 5/5 in opsdeck');
  });

  it('acts once per idempotency key: a repeated scale returns the first receipt and Swarm sees one update (previous spec still 5)', async () => {
    const backend = watched.backend;
    if (!isScalable(backend)) throw new Error('docker backend must be Scalable');
    const service = watched.byName('sh-web');
    if (service === undefined) throw new Error('sh-web not in state');
    const key = freshKey('scale4');
    const [first, second] = await Promise.all([backend.scale(service, 4, { idempotencyKey: key }), backend.scale(service, 4, { idempotencyKey: key })]);
    const third = await backend.scale(service, 4, { idempotencyKey: key });
    expect(second).toBe(first);
    expect(third).toBe(first);
    type Replicas = { Mode: { Replicated: { Replicas: number } } };
    const after = (await docker().getService('sh-web').inspect()) as { Spec: Replicas; PreviousSpec: Replicas };
    expect(after.Spec.Mode.Replicated.Replicas).toBe(4);
    // A second update would have made 4 the previous spec too: Swarm saw exactly one update.
    expect(after.PreviousSpec.Mode.Replicated.Replicas).toBe(5);
    const again = await backend.scale(service, 4, { idempotencyKey: freshKey('scale4-again') });
    expect(again.alreadyInEffect).toBe(true);
  });
});
