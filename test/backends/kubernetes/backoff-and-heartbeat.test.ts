/**
 * Time-driven behaviour on a fake clock: heartbeats while every informer is
 * up, and informer restarts that wait for the backoff after the apiserver
 * went away (nothing is retried until the clock moves).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createKubernetesBackendInstance } from '../../../src/backends/kubernetes/create-kubernetes-backend.js';
import { FakeClock } from '../../../src/core/fake-clock.js';
import type { Logger } from '../../../src/core/logger.js';
import type { BackendEvent } from '../../../src/core/model/backend-event.js';
import { FakeApiserver } from './apiserver/fake-apiserver.js';
import { deployment, writeKubeconfig } from './apiserver/fixtures.js';

/** Collects what a test waits on and resolves waiters when a condition holds (event-driven, with a deadline). */
class Recorder {
  readonly events: BackendEvent[] = [];
  readonly warnings: string[] = [];
  private readonly waiters = new Set<() => void>();

  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  until(predicate: () => boolean, description: string, timeoutMs = 10_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${description}`));
      }, timeoutMs);
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  logger(): Logger {
    const logger: Logger = {
      log: (level, message) => {
        if (level === 'warn') this.warnings.push(message);
        this.notify();
      },
      child: () => logger,
    };
    return logger;
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('kubernetes backend timing on a fake clock', () => {
  it('sends heartbeats while healthy and restarts failed informers only after the backoff', async () => {
    const token = 'tok-timing-0123456789abcdef';
    const server = new FakeApiserver({ tokens: { [token]: { user: 'timing' } }, podReadyDelayMs: 10 });
    await server.start();
    cleanups.push(() => server.stop());
    server.store.create('deployments', deployment({ name: 'web', replicas: 1, image: 'registry.local/web:v1' }));
    const clock = new FakeClock();
    const recorder = new Recorder();
    const backend = createKubernetesBackendInstance(
      { kind: 'kubernetes', id: 'kube-timing', kubeconfig: writeKubeconfig([{ name: 'timing', server: server.url, token }]), freshnessBoundMs: 30_000 },
      { clock, env: {}, logger: recorder.logger() },
      { minBackoffMs: 1000, maxBackoffMs: 8000 },
    );
    const stop = new AbortController();
    cleanups.push(() => stop.abort());
    void (async () => {
      for await (const event of backend.watch(stop.signal)) {
        recorder.events.push(event);
        recorder.notify();
      }
    })();
    const count = (type: BackendEvent['type']): number => recorder.events.filter((e) => e.type === type).length;

    await recorder.until(() => count('snapshot') === 1, 'first snapshot');
    expect(recorder.events[0]?.type).toBe('connected');
    expect(count('heartbeat')).toBe(0);
    await clock.advance(10_000);
    await recorder.until(() => count('heartbeat') === 1, 'a heartbeat after freshnessBound / 3');

    await server.stop();
    await recorder.until(() => recorder.warnings.length >= 6 && count('disconnected') === 1, 'all six informers failed');
    expect(recorder.events.find((e) => e.type === 'disconnected')).toMatchObject({ error: { code: 'BACKEND_UNREACHABLE' } });

    await server.start();
    const before = server.requests.length;
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    };
    await settle();
    expect(server.requests.length, 'no retry before any time passed').toBe(before);
    await clock.advance(999);
    await settle();
    expect(server.requests.length, 'no retry before the 1 s backoff elapsed').toBe(before);
    await clock.advance(1);
    await recorder.until(() => count('snapshot') === 2, 'fresh snapshot right after the backoff');
    expect(server.requests.length).toBeGreaterThan(before);
    await clock.advance(10_000);
    await recorder.until(() => count('heartbeat') === 2, 'heartbeats again once recovered');
  });
});
