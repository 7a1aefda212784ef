/**
 * A real outage on the backend's OWN private dockerd (the shared one keeps
 * serving other tests): stopping the daemon turns its services STALE with
 * last values kept and a reason; starting it again brings them back live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IMAGE, startDockerd, type PrivateDockerd } from '../../support/dockerd.js';
import { rawDocker, watchBackend, type WatchedBackend } from '../../support/docker-test-kit.js';

describe('docker backend: daemon outage and recovery', () => {
  let daemon: PrivateDockerd;
  let watched: WatchedBackend;

  beforeAll(async () => {
    daemon = await startDockerd({ image: true });
    const container = await rawDocker(daemon.host).createContainer({
      name: 'outage-web',
      Image: TEST_IMAGE,
      Cmd: ['sleep', '100000'],
      StopTimeout: 1,
      HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'always' } },
    });
    await container.start();
    watched = watchBackend(daemon.host);
    await watched.waitFor(() => watched.byName('outage-web')?.health.status === 'HEALTHY', 'outage-web healthy');
  }, 90_000);

  afterAll(async () => {
    watched?.stop();
    await daemon?.destroy();
  }, 60_000);

  it('marks services STALE, keeping their last values, when the daemon stops', async () => {
    await daemon.stop();
    await watched.waitFor(() => watched.byName('outage-web')?.health.status === 'STALE', 'outage-web stale');
    const service = watched.byName('outage-web');
    // dockerd stops its containers while shutting down, so the last values may already show them down.
    expect(service).toMatchObject({ kind: 'container', desired: 1 });
    expect(service?.observedHealth.status).not.toBe('STALE');
    expect(service?.staleSince).toBeTypeOf('number');
    const status = watched.store.backend('dk');
    expect(status?.connection).toBe('stale');
    expect(status?.error?.code).toMatch(/BACKEND_UNREACHABLE|BACKEND_SILENT/);
  });

  it('recovers when the daemon is back: live again, services re-listed and HEALTHY', async () => {
    await daemon.start();
    await watched.waitFor(() => watched.store.backend('dk')?.connection === 'live' && watched.byName('outage-web')?.health.status === 'HEALTHY', 'outage-web recovered', 30_000);
    expect(watched.store.backend('dk')?.synced).toBe(true);
  }, 40_000);
});
