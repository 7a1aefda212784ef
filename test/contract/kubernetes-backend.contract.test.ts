/**
 * The Kubernetes backend passes the shared backend contract against the
 * wire-faithful fake apiserver, through the real @kubernetes/client-node.
 */
import { backendContract } from './backend.contract.js';
import { waitForServer } from '../backends/kubernetes/apiserver/fake-apiserver.js';
import { startTestCluster } from '../backends/kubernetes/kube-test-cluster.js';

backendContract('kubernetes', async () => {
  const cluster = await startTestCluster({
    id: 'kube-contract',
    deployments: [
      { name: 'web', replicas: 3, image: 'registry.local/web:v1' },
      { name: 'api', replicas: 2, image: 'registry.local/api:v1', labels: { team: 'payments' } },
    ],
    config: { namespaces: ['default'], tenantFrom: { label: 'team' } },
  });
  const { server } = cluster;
  const setDeployment = (name: string, change: (spec: Record<string, any>) => void): void => {
    const d = server.store.get('deployments', 'default', name);
    if (d === undefined) throw new Error(`no deployment ${name}`);
    change(d.spec as Record<string, unknown>);
    server.store.update('deployments', d);
  };
  return {
    backend: cluster.backend,
    expectedServices: ['web', 'api'],
    secrets: [cluster.token],
    breakConnection: () => server.stop(),
    restoreConnection: () => server.start(),
    externalChange: async () => {
      setDeployment('web', (spec) => {
        spec['replicas'] = 4;
      });
      return { service: 'web', check: (s) => s.desired === 4 && s.running === 4 };
    },
    scenarios: {
      scale: { service: 'web', replicas: 5 },
      restart: { service: 'api' },
      rollback: {
        service: 'web',
        prepare: async () => {
          setDeployment('web', (spec) => {
            spec['template'].spec.containers[0].image = 'registry.local/web:v2';
          });
          await waitForServer(server, () => server.store.list('replicasets', 'default').filter((rs) => rs.metadata.name.startsWith('web-')).length >= 2, { timeoutMs: 5000, description: 'web revision 2' });
        },
        // Converged: the old image, healthy, and no rollout left in progress (as `kubectl rollout status` would report).
        check: (s) => s.version === 'registry.local/web:v1' && s.health.status === 'HEALTHY' && !s.health.reason.includes('rolling out') && s.running === s.desired,
      },
      killTask: { service: 'web' },
      planControl: {
        service: 'api',
        plan: 'rollout',
        control: 'pause',
        check: (state, service) => state.plansOf(service.id).some((p) => p.name === 'rollout' && p.interrupted === true),
      },
    },
    timeoutMs: 20_000,
    teardown: () => cluster.close(),
  };
});
