/**
 * Factory the composition root calls for a `kind: mesos` config section, plus
 * the config that points a Mesos backend at an embedded simulated cluster.
 */
import type { Backend, BackendDeps } from '../../core/backend/port.js';
import type { SimulatedCluster } from '../sim/simulated-cluster.js';
import { mesosBackendConfigSchema, type MesosBackendConfig } from './mesos-config.js';
import { MesosBackend } from './mesos-backend.js';

/** Builds the Mesos backend from its validated config section. */
export function createMesosBackend(config: MesosBackendConfig, deps: BackendDeps): Backend {
  return new MesosBackend(config, deps);
}

/** A validated config for a Mesos backend watching the given simulated cluster. */
export function mesosConfigForSimulator(
  cluster: SimulatedCluster,
  options: {
    id?: string;
    cluster?: string;
    heartbeatIntervalMs?: number;
    freshnessBoundMs?: number;
    planPollIntervalMs?: number;
    requestTimeoutMs?: number;
    reconnectMinBackoffMs?: number;
    reconnectMaxBackoffMs?: number;
  } = {},
): MesosBackendConfig {
  return mesosBackendConfigSchema.parse({
    kind: 'mesos',
    id: options.id ?? 'sim',
    cluster: options.cluster ?? 'simulated-dcos',
    mesosUrl: cluster.urls.mesos,
    marathonUrl: cluster.urls.marathon,
    sdk: cluster.urls.sdk,
    ...(options.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: options.heartbeatIntervalMs }),
    ...(options.freshnessBoundMs === undefined ? {} : { freshnessBoundMs: options.freshnessBoundMs }),
    ...(options.planPollIntervalMs === undefined ? {} : { planPollIntervalMs: options.planPollIntervalMs }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.reconnectMinBackoffMs === undefined ? {} : { reconnectMinBackoffMs: options.reconnectMinBackoffMs }),
    ...(options.reconnectMaxBackoffMs === undefined ? {} : { reconnectMaxBackoffMs: options.reconnectMaxBackoffMs }),
  });
}
