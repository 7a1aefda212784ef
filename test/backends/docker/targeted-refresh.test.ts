/**
 * Live updates are cheap: a burst of events about one container becomes one
 * targeted re-list of that container, never a full relist of the Engine,
 * counted on the wire through a socket proxy in front of the real dockerd.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IMAGE } from '../../support/dockerd.js';
import { startDockerSocketProxy, type DockerSocketProxy } from '../../support/docker-socket-proxy.js';
import { rawDocker, sharedDockerHost, watchBackend, type WatchedBackend } from '../../support/docker-test-kit.js';

describe('docker backend: targeted re-inspects', () => {
  let dir: string;
  let proxy: DockerSocketProxy;
  let watched: WatchedBackend;
  let containerId: string;
  const docker = () => rawDocker(sharedDockerHost());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsdeck-docker-targeted-'));
    proxy = await startDockerSocketProxy(join(dir, 'proxy.sock'), sharedDockerHost().replace(/^unix:\/\//, ''));
    const container = await docker().createContainer({ name: 'tr-burst', Image: TEST_IMAGE, Cmd: ['sleep', '100000'], StopTimeout: 1, HostConfig: { NetworkMode: 'none' } });
    containerId = container.id;
    await container.start();
    watched = watchBackend(proxy.host, { debounceMs: 400 });
    await watched.waitFor(() => watched.byName('tr-burst')?.running === 1, 'tr-burst listed');
  });

  afterAll(async () => {
    watched?.stop();
    await docker().getContainer(containerId).remove({ force: true }).catch(() => undefined);
    await proxy?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('folds the kill + die burst into one re-list filtered to that container, with no full relist', async () => {
    const before = proxy.requests.length;
    await docker().getContainer(containerId).kill();
    await watched.waitFor(() => watched.byName('tr-burst')?.running === 0, 'tr-burst seen down');
    const isFullRelist = (line: string): boolean => /\/containers\/json\?all=true HTTP/.test(line) || line.includes('/info ');
    // The first sync was a full relist, so the pattern does match the real request lines.
    expect(proxy.requests.slice(0, before).filter(isFullRelist).length).toBeGreaterThan(0);
    const after = proxy.requests.slice(before);
    const targeted = after.filter((line) => line.includes('/containers/json') && line.includes(containerId));
    expect(targeted).toHaveLength(1);
    expect(after.filter(isFullRelist)).toEqual([]);
  });
});
