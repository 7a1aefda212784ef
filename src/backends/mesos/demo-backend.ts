/**
 * One call for the embedded demo: start the simulated DC/OS cluster on
 * loopback and a Mesos backend watching it over real HTTP, closed together.
 * Behind `opsdeck demo`, `opsdeck status --demo` and `opsdeck tui --demo`.
 */
import type { Backend, BackendDeps } from '../../core/backend/port.js';
import type { ChaosMode } from '../sim/chaos.js';
import { startSimulatedCluster, type SimulatedCluster } from '../sim/simulated-cluster.js';
import { createMesosBackend, mesosConfigForSimulator } from './create-mesos-backend.js';

/** Options for the demo (all optional; the defaults show a lively but recoverable cluster). */
export interface DemoBackendOptions {
  id?: string;
  chaos?: ChaosMode;
  seed?: number;
  port?: number;
  /** Mesos heartbeat interval for the demo (default 2 000 ms, so a stall shows as STALE within ~12 s). */
  heartbeatIntervalMs?: number;
  /** SDK step duration (default 4 000 ms: the hdfs deploy takes about a minute). */
  stepDurationMs?: number;
  chaosIntervalMs?: number;
}

/** A running demo: the backend to register, the cluster (URLs, faults) and one close for both. */
export interface DemoBackend {
  backend: Backend;
  cluster: SimulatedCluster;
  close(): Promise<void>;
}

/** Starts the simulated cluster on `deps.clock` and a Mesos backend pointed at it. */
export async function startDemoBackend(deps: BackendDeps, options: DemoBackendOptions = {}): Promise<DemoBackend> {
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 2000;
  const cluster = await startSimulatedCluster({
    clock: deps.clock,
    chaos: options.chaos ?? 'gentle',
    heartbeatIntervalMs,
    stepDurationMs: options.stepDurationMs ?? 4000,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.chaosIntervalMs === undefined ? {} : { chaosIntervalMs: options.chaosIntervalMs }),
  });
  const backend = createMesosBackend(mesosConfigForSimulator(cluster, { id: options.id ?? 'demo', cluster: 'demo-dcos', heartbeatIntervalMs, planPollIntervalMs: 2000 }), deps);
  return { backend, cluster, close: () => cluster.close() };
}
