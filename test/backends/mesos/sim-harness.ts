/**
 * Test harness: a simulated cluster, a Mesos backend pointed at it over
 * loopback HTTP, and a state store fed by runBackend, torn down together.
 */
import { createMesosBackend, mesosConfigForSimulator } from '../../../src/backends/mesos/create-mesos-backend.js';
import { startSimulatedCluster, type SimulatedCluster, type SimulatedClusterOptions } from '../../../src/backends/sim/simulated-cluster.js';
import { runBackend, type Backend } from '../../../src/core/backend/index.js';
import { systemClock, type Clock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { StateStore, waitForState, type ClusterStateView } from '../../../src/core/state/index.js';

/** Everything a backend test drives. */
export interface Harness {
  cluster: SimulatedCluster;
  backend: Backend;
  store: StateStore;
  /** Waits (real time, event-driven) until the predicate holds. */
  until<T>(predicate: (s: ClusterStateView) => T | undefined | false | null, description: string, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Starts a cluster and a backend on the given clock (the store and the backend share it). */
export async function startHarness(options: { clock?: Clock; sim?: SimulatedClusterOptions; backend?: Parameters<typeof mesosConfigForSimulator>[1] } = {}): Promise<Harness> {
  const clock = options.clock ?? systemClock;
  const cluster = await startSimulatedCluster({ clock, ...options.sim });
  const config = mesosConfigForSimulator(cluster, { id: 'dcos', planPollIntervalMs: 200, reconnectMinBackoffMs: 50, reconnectMaxBackoffMs: 200, ...options.backend });
  const backend = createMesosBackend(config, { clock, env: {}, logger: silentLogger });
  const store = new StateStore({ clock });
  store.registerBackend(backend);
  const stop = new AbortController();
  const running = runBackend(backend, store, { clock, signal: stop.signal, minBackoffMs: 50, maxBackoffMs: 200 });
  return {
    cluster,
    backend,
    store,
    until: (predicate, description, timeoutMs = 10_000) => waitForState(store, predicate, { clock: systemClock, timeoutMs, description }),
    async stop() {
      stop.abort();
      await running;
      await cluster.close();
    },
  };
}

/** The service with this name in the state, or undefined. */
export function serviceNamed(state: ClusterStateView, name: string): ReturnType<ClusterStateView['servicesOfBackend']>[number] | undefined {
  return state.servicesOfBackend('dcos').find((s) => s.name === name);
}
