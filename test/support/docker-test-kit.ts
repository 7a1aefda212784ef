/**
 * Shared pieces of the real-Docker tests: the shared daemon's socket (failing
 * loudly with what to install when it is missing), a raw Engine client for
 * checks that must not go through opsdeck, Swarm service and container specs
 * with short health checks, and a backend running into a real StateStore.
 */
import Docker from 'dockerode';
import { inject } from 'vitest';
import { createDockerBackend } from '../../src/backends/docker/create-docker-backend.js';
import type { DockerBackendConfig } from '../../src/backends/docker/docker-config.js';
import { runBackend, type Backend } from '../../src/core/backend/index.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Service } from '../../src/core/model/service.js';
import { StateStore, startFreshnessTimer, waitForState, type ClusterStateView } from '../../src/core/state/index.js';
import { TEST_IMAGE } from './dockerd.js';

const MS = 1_000_000;

/** The shared private daemon's `unix://` host; throws (never skips) when it could not start. */
export function sharedDockerHost(): string {
  const host = inject('dockerHost');
  if (host === '' || host === undefined) {
    throw new Error(`No private dockerd for the Docker tests: ${inject('dockerError') || 'global setup did not start one'}`);
  }
  return host;
}

/** A raw Engine client for arranging fixtures and for checks that must bypass opsdeck. */
export function rawDocker(host: string): Docker {
  return new Docker({ socketPath: host.replace(/^unix:\/\//, '') });
}

/** Options for a test Swarm service. */
export interface TestServiceOptions {
  name: string;
  replicas: number;
  image?: string;
  /** Health-check shell command (passing by default). */
  healthCmd?: string;
  labels?: Record<string, string>;
}

/** A Swarm service spec with fast health checks, fast stops and a pausing update policy. */
export function swarmServiceSpec(options: TestServiceOptions): Record<string, unknown> {
  return {
    Name: options.name,
    Labels: options.labels ?? {},
    TaskTemplate: {
      ContainerSpec: {
        Image: options.image ?? TEST_IMAGE,
        Args: ['sleep', '100000'],
        StopGracePeriod: 200 * MS,
        Healthcheck: { Test: ['CMD-SHELL', options.healthCmd ?? 'true'], Interval: 300 * MS, Timeout: 2000 * MS, Retries: 1, StartPeriod: 0 },
      },
      RestartPolicy: { Condition: 'any', Delay: 100 * MS, MaxAttempts: 0 },
    },
    Mode: { Replicated: { Replicas: options.replicas } },
    UpdateConfig: { Parallelism: 1, Delay: 0, FailureAction: 'pause', Monitor: 1500 * MS, MaxFailureRatio: 0, Order: 'stop-first' },
    RollbackConfig: { Parallelism: 0, Delay: 0, FailureAction: 'pause', Monitor: 500 * MS, MaxFailureRatio: 0, Order: 'stop-first' },
  };
}

/** Creates a Swarm service and waits until all its replicas run (through the raw API). */
export async function createSwarmService(docker: Docker, options: TestServiceOptions): Promise<string> {
  const created = (await docker.createService(swarmServiceSpec(options) as unknown as Docker.CreateServiceOptions)) as unknown as { id?: string; ID?: string };
  await waitForRunningTasks(docker, options.name, options.replicas);
  return created.id ?? created.ID ?? options.name;
}

/** Running tasks of a service as Swarm itself reports them. */
export async function runningTasks(docker: Docker, service: string): Promise<Array<{ ID: string; Status: { State: string; ContainerStatus?: { ContainerID?: string } } }>> {
  const tasks = (await docker.listTasks({ filters: { service: [service], 'desired-state': ['running'] } })) as Array<{ ID: string; Status: { State: string; ContainerStatus?: { ContainerID?: string } } }>;
  return tasks.filter((t) => t.Status.State === 'running');
}

/** Waits (with a deadline) until Swarm runs exactly `count` tasks of a service. */
export async function waitForRunningTasks(docker: Docker, service: string, count: number, timeoutMs = 25_000): Promise<void> {
  await pollDocker(async () => (await runningTasks(docker, service)).length === count, { timeoutMs, description: `${count} running tasks of ${service}` });
}

/** Polls the real daemon for a condition with a deadline (the daemon offers no push for task moves). */
export async function pollDocker(check: () => Promise<boolean>, options: { timeoutMs: number; description: string }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.description}`);
}

/** A backend watching into a real StateStore, as the daemon runs it. */
export interface WatchedBackend {
  backend: Backend;
  store: StateStore;
  byName(name: string): Service | undefined;
  waitFor<T>(predicate: (s: ClusterStateView) => T | undefined | false | null, description: string, timeoutMs?: number): Promise<T>;
  stop(): void;
}

/** Builds a docker backend for `host` and runs it into a fresh store. */
export function watchBackend(host: string, overrides: Partial<DockerBackendConfig> = {}): WatchedBackend {
  const backend = createDockerBackend({ kind: 'docker', id: 'dk', host, freshnessBoundMs: 3_000, minBackoffMs: 100, maxBackoffMs: 1_000, ...overrides }, { clock: systemClock, env: {}, logger: silentLogger });
  const store = new StateStore({ clock: systemClock });
  store.registerBackend(backend);
  const stop = new AbortController();
  const stopTimer = startFreshnessTimer(store, systemClock, { intervalMs: 100 });
  void runBackend(backend, store, { clock: systemClock, signal: stop.signal, minBackoffMs: 100, maxBackoffMs: 1_000 });
  return {
    backend,
    store,
    byName: (name) => store.servicesOfBackend(backend.id).find((s) => s.name === name),
    waitFor: (predicate, description, timeoutMs = 25_000) => waitForState(store, predicate, { clock: systemClock, timeoutMs, description }),
    stop: () => {
      stop.abort();
      stopTimer();
    },
  };
}

/** A fresh idempotency key per call. */
export function freshKey(label: string): string {
  return `${label}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}
