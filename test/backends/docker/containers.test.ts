/**
 * Standalone containers and Compose services on a real dockerd: a failing
 * health check shows UNHEALTHY with the health log's last output, containers
 * labelled by Compose group into one service, and stop / start / restart /
 * kill act on the real containers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRestartable, isStoppable, isTaskKillable } from '../../../src/core/backend/index.js';
import { TEST_IMAGE } from '../../support/dockerd.js';
import { freshKey, rawDocker, sharedDockerHost, watchBackend, type WatchedBackend } from '../../support/docker-test-kit.js';

const MS = 1_000_000;

describe('docker backend: containers and Compose services', () => {
  let watched: WatchedBackend;
  const docker = () => rawDocker(sharedDockerHost());
  const created: string[] = [];

  const run = async (name: string, options: { healthCmd?: string; labels?: Record<string, string> }): Promise<string> => {
    const container = await docker().createContainer({
      name,
      Image: TEST_IMAGE,
      Cmd: ['sleep', '100000'],
      Labels: options.labels ?? {},
      StopTimeout: 1,
      ...(options.healthCmd === undefined ? {} : { Healthcheck: { Test: ['CMD-SHELL', options.healthCmd], Interval: 300 * MS, Timeout: 2000 * MS, Retries: 1 } }),
      HostConfig: { NetworkMode: 'none' },
    });
    created.push(container.id);
    await container.start();
    return container.id;
  };

  beforeAll(async () => {
    await run('ctr-sick', { healthCmd: 'echo "disk /data is 99% full"; exit 1' });
    await run('ctr-fine', { healthCmd: 'true', labels: { 'opsdeck.tenant': 'payments' } });
    await run('shop-cart-1', { labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'cart', 'com.docker.compose.container-number': '1', 'com.docker.compose.oneoff': 'False' } });
    await run('shop-cart-2', { labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'cart', 'com.docker.compose.container-number': '2', 'com.docker.compose.oneoff': 'False' } });
    await run('shop-cart-run-1', { labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'cart', 'com.docker.compose.oneoff': 'True' } });
    watched = watchBackend(sharedDockerHost());
  });

  afterAll(async () => {
    watched?.stop();
    await Promise.all(created.map((id) => docker().getContainer(id).remove({ force: true }).catch(() => undefined)));
  });

  it('shows a container whose health check fails as UNHEALTHY with the health log\'s last output', async () => {
    const service = await watched.waitFor(() => {
      const found = watched.byName('ctr-sick');
      return found?.health.status === 'UNHEALTHY' ? found : undefined;
    }, 'ctr-sick unhealthy');
    expect(service.kind).toBe('container');
    expect(service.health.reason).toContain('disk /data is 99% full');
    const [task] = watched.store.tasksOf(service.id);
    expect(task).toMatchObject({ state: 'RUNNING', healthy: false, message: 'unhealthy: disk /data is 99% full' });
  });

  it('shows a container with a passing health check as HEALTHY under the tenant its label names', async () => {
    const service = await watched.waitFor(() => {
      const found = watched.byName('ctr-fine');
      return found?.health.status === 'HEALTHY' ? found : undefined;
    }, 'ctr-fine healthy');
    expect(service.tenant).toBe('payments');
  });

  it('groups Compose containers by project and service into one service, leaving out one-off run containers', async () => {
    const service = await watched.waitFor(() => {
      const found = watched.byName('shop-cart');
      return found?.running === 2 ? found : undefined;
    }, 'shop-cart grouped');
    expect(service).toMatchObject({ kind: 'compose-service', desired: 2, healthy: 2, nativeId: 'compose:shop/cart' });
    expect(service.labels['com.docker.compose.project']).toBe('shop');
    expect(service.actions).toEqual(['restart', 'stop', 'start', 'kill-task']);
    expect(watched.store.tasksOf(service.id)).toHaveLength(2);
    expect(watched.byName('shop-cart-run-1')).toBeUndefined();
  });

  it('stops and starts a Compose service through opsdeck, and a second stop is already in effect', async () => {
    const backend = watched.backend;
    if (!isStoppable(backend)) throw new Error('docker backend must be Stoppable');
    const service = watched.byName('shop-cart');
    if (service === undefined) throw new Error('shop-cart not in state');
    const stopped = await backend.stop(service, { idempotencyKey: freshKey('stop') });
    expect(stopped.message).toBe('stopped shop-cart (shop-cart-1, shop-cart-2)');
    const states = async () => (await docker().listContainers({ all: true, filters: { label: ['com.docker.compose.service=cart', 'com.docker.compose.oneoff=False'] } })).map((c) => c.State);
    expect(await states()).toEqual(['exited', 'exited']);
    await watched.waitFor(() => {
      const found = watched.byName('shop-cart');
      return found?.running === 0 && found.health.status === 'UNHEALTHY';
    }, 'shop-cart down');
    expect((await backend.stop(service, { idempotencyKey: freshKey('stop-again') })).alreadyInEffect).toBe(true);
    await backend.start(service, { idempotencyKey: freshKey('start') });
    expect(await states()).toEqual(['running', 'running']);
    await watched.waitFor(() => watched.byName('shop-cart')?.health.status === 'HEALTHY', 'shop-cart up again');
  });

  it('restarts a standalone container and kills a container task through opsdeck, recording the crash exit as a service event', async () => {
    const backend = watched.backend;
    if (!isRestartable(backend) || !isTaskKillable(backend)) throw new Error('docker backend must be Restartable and TaskKillable');
    const service = watched.byName('ctr-fine');
    if (service === undefined) throw new Error('ctr-fine not in state');
    const startedBefore = ((await docker().getContainer('ctr-fine').inspect()).State.StartedAt);
    expect((await backend.restart(service, { idempotencyKey: freshKey('restart') })).message).toBe('restarted ctr-fine (ctr-fine)');
    expect((await docker().getContainer('ctr-fine').inspect()).State.StartedAt).not.toBe(startedBefore);
    const [task] = watched.store.tasksOf(service.id);
    if (task === undefined) throw new Error('ctr-fine has no task');
    await backend.killTask(task, { idempotencyKey: freshKey('kill') });
    expect((await docker().getContainer('ctr-fine').inspect()).State.Running).toBe(false);
    await watched.waitFor(() => watched.byName('ctr-fine')?.running === 0, 'ctr-fine killed');
    expect(watched.store.recentEvents(service.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ severity: 'warning', reason: 'exited', message: 'container ctr-fine exited with code 137' })]),
    );
  });
});
