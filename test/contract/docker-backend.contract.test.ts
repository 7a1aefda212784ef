/**
 * The Docker backend passes the shared backend contract against a real
 * dockerd (the run's private Swarm manager). The connection is cut and
 * restored through a socket proxy, so the shared daemon keeps serving the
 * other Docker tests; the real daemon-stop case lives in daemon-outage.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerBackend } from '../../src/backends/docker/create-docker-backend.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { TEST_IMAGE, TEST_IMAGE_V2 } from '../support/dockerd.js';
import { startDockerSocketProxy } from '../support/docker-socket-proxy.js';
import { createSwarmService, pollDocker, rawDocker, sharedDockerHost } from '../support/docker-test-kit.js';
import { backendContract } from './backend.contract.js';

backendContract('docker', async () => {
  const host = sharedDockerHost();
  const docker = rawDocker(host);
  const dir = await mkdtemp(join(tmpdir(), 'opsdeck-docker-contract-'));
  const proxy = await startDockerSocketProxy(join(dir, 'proxy.sock'), host.replace(/^unix:\/\//, ''));
  const names = ['ct-web', 'ct-api', 'ct-ext'];
  await Promise.all([
    createSwarmService(docker, { name: 'ct-web', replicas: 2 }),
    createSwarmService(docker, { name: 'ct-api', replicas: 2 }),
    createSwarmService(docker, { name: 'ct-ext', replicas: 1 }),
  ]);
  const backend = createDockerBackend(
    { kind: 'docker', id: 'docker-contract', host: proxy.host, freshnessBoundMs: 3_000, minBackoffMs: 100, maxBackoffMs: 500 },
    { clock: systemClock, env: {}, logger: silentLogger },
  );
  const updateService = async (name: string, change: (spec: Record<string, any>) => void): Promise<void> => {
    const service = docker.getService(name);
    const current = (await service.inspect()) as { Version: { Index: number }; Spec: Record<string, any> };
    change(current.Spec);
    await service.update({ _query: { version: current.Version.Index }, _body: current.Spec } as never);
  };
  return {
    backend,
    expectedServices: names,
    secrets: [],
    breakConnection: () => proxy.cut(),
    restoreConnection: () => proxy.restore(),
    externalChange: async () => {
      await updateService('ct-ext', (spec) => {
        spec.Mode.Replicated.Replicas = 2;
      });
      return { service: 'ct-ext', check: (s) => s.desired === 2 && s.running === 2 && s.health.status === 'HEALTHY' };
    },
    scenarios: {
      scale: { service: 'ct-web', replicas: 3 },
      restart: { service: 'ct-api' },
      rollback: {
        service: 'ct-api',
        prepare: async () => {
          await updateService('ct-api', (spec) => {
            spec.TaskTemplate.ContainerSpec.Image = TEST_IMAGE_V2;
          });
          await pollDocker(async () => {
            const s = (await docker.getService('ct-api').inspect()) as { UpdateStatus?: { State?: string } };
            return s.UpdateStatus?.State === 'completed';
          }, { timeoutMs: 20_000, description: 'ct-api update to :2 completed' });
        },
        check: (s) => s.version === TEST_IMAGE && s.health.status === 'HEALTHY',
      },
      killTask: { service: 'ct-web' },
    },
    skip: { 'plan-control': 'Swarm has no pause/step controls for an update; a paused update is resumed through UpdateResumable (tested in swarm-update-rollback.test.ts).' },
    timeoutMs: 25_000,
    teardown: async () => {
      await proxy.close();
      await Promise.all(names.map((n) => docker.getService(n).remove().catch(() => undefined)));
      await rm(dir, { recursive: true, force: true });
    },
  };
});
