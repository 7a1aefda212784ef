/**
 * The Mesos backend passes the shared contract against the simulated DC/OS
 * cluster over real loopback HTTP: Marathon apps for scale / restart /
 * rollback / kill-task, the hdfs SDK deploy plan for plan control, and a
 * stalled event stream for STALE and recovery.
 */
import { createMesosBackend, mesosConfigForSimulator } from '../../src/backends/mesos/create-mesos-backend.js';
import { startSimulatedCluster } from '../../src/backends/sim/simulated-cluster.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { backendContract } from './backend.contract.js';

const TOKEN = 'contract-acs-token-5e3f9a1c77';

backendContract('mesos', async () => {
  // Fast Marathon convergence (50 ms rounds) but slow SDK steps, so hdfs's deploy plan is still running when paused.
  const cluster = await startSimulatedCluster({ seed: 7, heartbeatIntervalMs: 100, tickMs: 50, stepDurationMs: 120_000 });
  const config = {
    ...mesosConfigForSimulator(cluster, { id: 'dcos-sim', heartbeatIntervalMs: 100, planPollIntervalMs: 500, reconnectMinBackoffMs: 100, reconnectMaxBackoffMs: 500 }),
    tokenEnv: 'OPSDECK_CONTRACT_DCOS_TOKEN',
  };
  const backend = createMesosBackend(config, { clock: systemClock, env: { OPSDECK_CONTRACT_DCOS_TOKEN: TOKEN }, logger: silentLogger });
  const put = async (appId: string, body: unknown): Promise<void> => {
    const res = await fetch(`${cluster.urls.marathon}/v2/apps${appId}?force=true`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`PUT ${appId} answered ${res.status}`);
  };
  return {
    backend,
    expectedServices: ['web', 'api', 'keyserver', 'notebook', 'etl-worker', 'hdfs', 'kafka', 'cassandra'],
    secrets: [TOKEN],
    breakConnection: async () => cluster.faults.stallEventStream(),
    restoreConnection: async () => cluster.faults.resumeEventStream(),
    externalChange: async () => {
      await put('/prod/api', { instances: 3 });
      return { service: 'api', check: (s) => s.desired === 3 && s.running === 3 };
    },
    scenarios: {
      scale: { service: 'web', replicas: 5 },
      restart: { service: 'keyserver' },
      rollback: {
        service: 'web',
        prepare: async () => put('/prod/web', { container: { type: 'DOCKER', docker: { image: 'nginx:1.27.0' } } }),
        check: (s) => s.version === 'nginx:1.25.3',
      },
      killTask: { service: 'etl-worker' },
      planControl: {
        service: 'hdfs',
        plan: 'deploy',
        control: 'pause',
        check: (state, service) => state.plansOf(service.id).some((p) => p.name === 'deploy' && p.status === 'WAITING'),
      },
    },
    timeoutMs: 10_000,
    teardown: async () => cluster.close(),
  };
});
