/**
 * Bad input gives a clear, coded error naming what to fix: a missing socket,
 * a socket this user may not open, an Engine API older than 1.41, a service
 * that does not exist, an unusable host setting, an action the kind lacks.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerBackend } from '../../../src/backends/docker/create-docker-backend.js';
import { isScalable, type Backend } from '../../../src/core/backend/index.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { BackendEvent } from '../../../src/core/model/backend-event.js';
import type { Service } from '../../../src/core/model/service.js';
import { sharedDockerHost } from '../../support/docker-test-kit.js';

const deps = { clock: systemClock, env: {}, logger: silentLogger };

async function firstDisconnect(backend: Backend): Promise<Extract<BackendEvent, { type: 'disconnected' }>['error']> {
  const stop = new AbortController();
  try {
    for await (const event of backend.watch(stop.signal)) {
      if (event.type === 'disconnected') return event.error;
    }
  } finally {
    stop.abort();
  }
  throw new Error('watch ended without a disconnected event');
}

function ghost(nativeId: string, kind: Service['kind']): Service {
  return {
    id: `dk/${nativeId}`, nativeId, backend: 'dk', cluster: 'dk', tenant: 'default', name: nativeId, kind, desired: 1, running: 1, healthy: 1,
    health: { status: 'HEALTHY', reason: 'x' }, observedHealth: { status: 'HEALTHY', reason: 'x' }, labels: {}, stateful: false, actions: [], updatedAt: 0,
  };
}

describe('docker backend: bad input', () => {
  let dir: string;
  let oldEngine: Server;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsdeck-docker-bad-'));
    // Answers as dockerd 19.03 (API 1.40) does to a client pinned to 1.41 (api/server/middleware/version.go).
    oldEngine = createServer((req, res) => {
      res.setHeader('Api-Version', '1.40');
      if (req.url === '/_ping') {
        res.end('OK');
        return;
      }
      res.statusCode = 400;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ message: 'client version 1.41 is too new. Maximum supported API version is 1.40' }));
    });
    await new Promise<void>((resolve) => oldEngine.listen(join(dir, 'old.sock'), resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => oldEngine.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('names a missing socket and says to start dockerd or set host / DOCKER_HOST', async () => {
    const path = join(dir, 'nothing-here', 'docker.sock');
    const backend = createDockerBackend({ kind: 'docker', id: 'dk', host: `unix://${path}` }, deps);
    const error = await firstDisconnect(backend);
    expect(error.code).toBe('BACKEND_UNREACHABLE');
    expect(error.message).toBe(`No Docker socket at unix://${path}.`);
    expect(error.hint).toMatch(/Start dockerd.*DOCKER_HOST/);
    if (!isScalable(backend)) throw new Error('docker backend must be Scalable');
    await expect(backend.scale(ghost('web', 'swarm-service'), 2, { idempotencyKey: 'k1' })).rejects.toMatchObject({ code: 'BACKEND_UNREACHABLE' });
  });

  it('uses DOCKER_HOST from the environment when the config names no host', async () => {
    const path = join(dir, 'from-env.sock');
    const backend = createDockerBackend({ kind: 'docker', id: 'dk' }, { ...deps, env: { DOCKER_HOST: `unix://${path}` } });
    expect((await firstDisconnect(backend)).message).toBe(`No Docker socket at unix://${path}.`);
  });

  it('says permission was denied on the socket and how to get access (as an unprivileged user)', async () => {
    const sock = join(dir, 'root-only.sock');
    const server = createServer((_req, res) => res.end('OK'));
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      await chmod(sock, 0o600);
      await chmod(dir, 0o755);
      const probe = join(process.cwd(), 'test/support/docker-permission-probe.ts');
      const home = await mkdtemp(join(tmpdir(), 'opsdeck-nobody-'));
      await chown(home, 65534, 65534);
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', probe, `unix://${sock}`], {
        uid: 65534,
        gid: 65534,
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: home },
        timeout: 20_000,
      });
      await rm(home, { recursive: true, force: true });
      const error = JSON.parse(stdout) as { code: string; message: string; hint?: string };
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toBe(`Permission denied opening the Docker socket unix://${sock}.`);
      expect(error.hint).toContain('docker');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses an Engine whose API is older than 1.41, saying to upgrade', async () => {
    const backend = createDockerBackend({ kind: 'docker', id: 'dk', host: `unix://${join(dir, 'old.sock')}` }, deps);
    const error = await firstDisconnect(backend);
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('opsdeck needs 1.41 or newer');
    expect(error.hint).toMatch(/Upgrade the Engine to Docker 20\.10/);
  });

  it('rejects an action on a Swarm service that does not exist with NOT_FOUND naming it', async () => {
    const backend = createDockerBackend({ kind: 'docker', id: 'dk', host: sharedDockerHost() }, deps);
    if (!isScalable(backend)) throw new Error('docker backend must be Scalable');
    const error = await backend.scale(ghost('no-such-service', 'swarm-service'), 2, { idempotencyKey: 'k2' }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'No Swarm service "no-such-service" on this Engine.', hint: expect.stringContaining('docker service ls') });
  });

  it('rejects scaling a Compose service as UNSUPPORTED, and a negative count as INPUT_INVALID', async () => {
    const backend = createDockerBackend({ kind: 'docker', id: 'dk', host: sharedDockerHost() }, deps);
    if (!isScalable(backend)) throw new Error('docker backend must be Scalable');
    await expect(backend.scale(ghost('compose:shop/cart', 'compose-service'), 2, { idempotencyKey: 'k3' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(backend.scale(ghost('web', 'swarm-service'), -1, { idempotencyKey: 'k4' })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('rejects an unusable host setting and an invalid section as CONFIG_INVALID', () => {
    expect(() => createDockerBackend({ kind: 'docker', id: 'dk', host: 'ftp://docker.example' }, deps)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', hint: expect.stringContaining('tcp://host:port') }));
    expect(() => createDockerBackend({ kind: 'docker', id: '', host: '/run/docker.sock' }, deps)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
