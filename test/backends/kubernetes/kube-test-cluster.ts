/**
 * A ready-to-use test cluster: the fake apiserver with seeded Deployments, a
 * kubeconfig for the real client, and a backend built by the real factory.
 */
import { runBackend, type Backend } from '../../../src/core/backend/index.js';
import { systemClock } from '../../../src/core/clock.js';
import type { Service } from '../../../src/core/model/service.js';
import { StateStore, waitForState, type ClusterStateView } from '../../../src/core/state/index.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createKubernetesBackendInstance } from '../../../src/backends/kubernetes/create-kubernetes-backend.js';
import type { KubernetesBackend, KubernetesBackendTuning } from '../../../src/backends/kubernetes/kubernetes-backend.js';
import type { KubernetesBackendConfig } from '../../../src/backends/kubernetes/kubernetes-config.js';
import { FakeApiserver, waitForServer, type FakeUser } from './apiserver/fake-apiserver.js';
import { deployment, writeKubeconfig, type DeploymentFixture } from './apiserver/fixtures.js';

/** Options of a test cluster. */
export interface TestClusterOptions {
  id: string;
  token?: string;
  users?: Record<string, FakeUser>;
  deployments: DeploymentFixture[];
  config?: Partial<KubernetesBackendConfig>;
  podReadyDelayMs?: number;
  /** Run the fake StatefulSet controller. */
  statefulSets?: boolean;
  tuning?: KubernetesBackendTuning;
  /** Environment handed to the backend (KUBECONFIG tests). */
  env?: Record<string, string>;
}

/** A running fake cluster with a backend pointed at it. */
export interface TestCluster {
  server: FakeApiserver;
  backend: KubernetesBackend;
  kubeconfig: string;
  token: string;
  close(): Promise<void>;
}

/** Seeds and starts a fake apiserver, waits for the seeded pods to be Ready, and builds a backend for it. */
export async function startTestCluster(options: TestClusterOptions): Promise<TestCluster> {
  const token = options.token ?? `tok-${options.id}-0123456789abcdef`;
  const server = new FakeApiserver({ tokens: { [token]: { user: `${options.id}-admin` }, ...(options.users ?? {}) }, podReadyDelayMs: options.podReadyDelayMs ?? 30, statefulSets: options.statefulSets === true });
  await server.start();
  for (const d of options.deployments) server.store.create('deployments', deployment(d));
  await waitForServer(server, () => options.deployments.every((d) => readyReplicas(server, d.namespace ?? 'default', d.name) === d.replicas || d.image.includes(':crash') || d.image.includes(':oom') || d.image.includes(':missing')), {
    timeoutMs: 10_000,
    description: 'seeded deployments ready',
  });
  const kubeconfig = writeKubeconfig([{ name: `${options.id}-context`, server: server.url, token }]);
  const backend = createKubernetesBackendInstance(
    { kind: 'kubernetes', id: options.id, kubeconfig, freshnessBoundMs: 60_000, ...options.config },
    { clock: systemClock, env: options.env ?? {}, logger: silentLogger },
    { minBackoffMs: 50, maxBackoffMs: 500, ...options.tuning },
  );
  return { server, backend, kubeconfig, token, close: () => server.stop() };
}

/** A Deployment's status.readyReplicas on the server. */
export function readyReplicas(server: FakeApiserver, namespace: string, name: string): number {
  const d = server.store.get('deployments', namespace, name);
  return Number((d?.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0);
}

/** A store fed by a backend through the real runner. */
export interface ObservedBackend {
  store: StateStore;
  /** Resolves when the predicate holds on the store (diff-driven), TIMEOUT otherwise. */
  until<T>(predicate: (state: ClusterStateView) => T | undefined | false | null, description: string, timeoutMs?: number): Promise<T>;
  stop(): void;
}

/** Runs `backends` into one store until stop(). */
export function observe(...backends: Backend[]): ObservedBackend {
  const store = new StateStore({ clock: systemClock });
  const controller = new AbortController();
  for (const backend of backends) {
    store.registerBackend(backend);
    void runBackend(backend, store, { clock: systemClock, signal: controller.signal, minBackoffMs: 50, maxBackoffMs: 500 });
  }
  return {
    store,
    until: (predicate, description, timeoutMs = 10_000) => waitForState(store, predicate, { clock: systemClock, timeoutMs, description }),
    stop: () => controller.abort(),
  };
}

/** The service of a backend by name. */
export function serviceNamed(state: ClusterStateView, backendId: string, name: string): Service | undefined {
  return state.servicesOfBackend(backendId).find((s) => s.name === name);
}
