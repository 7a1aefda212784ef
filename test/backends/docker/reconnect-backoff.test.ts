/**
 * Reconnect timing on a FakeClock: while the Engine is unreachable the watch
 * emits `disconnected` per attempt, waiting min, 2×min, 4×min… capped at max
 * between attempts (time moves only when the test advances it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerBackend } from '../../../src/backends/docker/create-docker-backend.js';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { BackendEvent } from '../../../src/core/model/backend-event.js';

describe('docker backend: reconnect backoff', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsdeck-docker-backoff-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('retries after 1 s, 2 s, 4 s, then stays at the 4 s cap, emitting disconnected each time', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const backend = createDockerBackend(
      { kind: 'docker', id: 'dk', host: `unix://${join(dir, 'absent.sock')}`, minBackoffMs: 1_000, maxBackoffMs: 4_000 },
      { clock, env: {}, logger: silentLogger },
    );
    const stop = new AbortController();
    const events = backend.watch(stop.signal)[Symbol.asyncIterator]();
    const first = (await events.next()).value as BackendEvent;
    expect(first).toMatchObject({ type: 'disconnected', at: start, error: { code: 'BACKEND_UNREACHABLE' } });
    let elapsed = 0;
    for (const wait of [1_000, 2_000, 4_000, 4_000]) {
      const next = events.next();
      let arrived = false;
      void next.then(() => {
        arrived = true;
      });
      await clock.advance(wait - 1);
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      expect(arrived, `no attempt before ${wait} ms`).toBe(false);
      await clock.advance(1);
      elapsed += wait;
      expect((await next).value).toMatchObject({ type: 'disconnected', at: start + elapsed });
    }
    stop.abort();
    expect((await events.next()).done).toBe(true);
  });
});
