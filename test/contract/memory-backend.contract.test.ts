/**
 * The in-memory backend passes the shared contract: this proves the suite
 * itself works, and gives the store a reference backend.
 */
import { MemoryBackend } from '../../src/backends/memory/memory-backend.js';
import { systemClock } from '../../src/core/clock.js';
import { backendContract } from './backend.contract.js';

backendContract('memory', async () => {
  const backend = new MemoryBackend({ id: 'mem', clock: systemClock, freshnessBoundMs: 60_000 });
  backend.putService({ name: 'web', replicas: 3, version: 'v1' });
  backend.putService({ name: 'api', replicas: 2, version: 'v1', tenant: 'payments' });
  backend.putPlan({
    serviceNativeId: 'api',
    name: 'deploy',
    strategy: 'serial',
    status: 'PENDING',
    errors: [],
    updatedAt: 0,
    phases: [{ id: 'p1', name: 'api', strategy: 'serial', status: 'PENDING', steps: [{ id: 's1', name: 'api-0:[server]', status: 'PENDING', message: '' }] }],
  });
  return {
    backend,
    expectedServices: ['web', 'api'],
    secrets: ['s3cr3t-token-value'],
    breakConnection: async () => backend.disconnect(),
    restoreConnection: async () => backend.reconnect(),
    externalChange: async () => {
      backend.putService({ name: 'web', replicas: 4, version: 'v1' });
      return { service: 'web', check: (s) => s.desired === 4 && s.running === 4 };
    },
    scenarios: {
      scale: { service: 'web', replicas: 5 },
      restart: { service: 'api' },
      rollback: {
        service: 'web',
        prepare: async () => backend.putService({ name: 'web', replicas: 5, version: 'v2' }),
        check: (s) => s.version === 'v1',
      },
      killTask: { service: 'web' },
      planControl: {
        service: 'api',
        plan: 'deploy',
        control: 'pause',
        check: (state, service) => state.plansOf(service.id).some((p) => p.name === 'deploy' && p.status === 'WAITING'),
      },
    },
    timeoutMs: 5_000,
    teardown: async () => undefined,
  };
});
