/**
 * A small cluster in a real StateStore (payments degraded, web healthy, a
 * deploy plan in progress) for status replies, App Home and renderer fixtures.
 */
import type { Clock } from '../../../src/core/clock.js';
import { StateStore } from '../../../src/core/state/store.js';
import type { ServiceReport } from '../../../src/core/model/service.js';

function service(nativeId: string, healthy: number, desired: number): ServiceReport {
  return {
    nativeId,
    cluster: 'prod',
    tenant: 'shop',
    name: nativeId,
    kind: 'marathon-app',
    desired,
    running: desired,
    healthy,
    health: healthy === desired ? { status: 'HEALTHY', reason: `${healthy}/${desired} healthy` } : { status: 'DEGRADED', reason: `${healthy}/${desired} healthy` },
    labels: {},
    version: 'v42',
    stateful: false,
    actions: ['scale', 'restart', 'rollback', 'kill-task'],
    updatedAt: 0,
  };
}

/** A store holding the fixture cluster. */
export function fixtureCluster(clock: Clock): StateStore {
  const store = new StateStore({ clock, publish: 'manual' });
  store.registerBackend({ id: 'mem', kind: 'memory', cluster: 'prod', freshnessBoundMs: 60_000 });
  const at = clock.now();
  store.apply('mem', { type: 'connected', at });
  store.apply('mem', {
    type: 'snapshot',
    at,
    snapshot: {
      services: [service('payments', 1, 3), service('web', 2, 2)],
      tasks: [
        { nativeId: 'payments.1', serviceNativeId: 'payments', host: 'node-1', state: 'RUNNING', healthy: true, restarts: 0, updatedAt: at },
        { nativeId: 'payments.2', serviceNativeId: 'payments', host: 'node-2', state: 'FAILED', healthy: false, restarts: 3, message: 'exit 137 (OOMKilled)', updatedAt: at },
      ],
      plans: [
        {
          serviceNativeId: 'payments',
          name: 'deploy',
          strategy: 'serial',
          status: 'IN_PROGRESS',
          errors: [],
          updatedAt: at,
          phases: [{ id: 'p1', name: 'web-phase', strategy: 'serial', status: 'IN_PROGRESS', steps: [{ id: 's1', name: 'payments-0', status: 'COMPLETE', message: '' }, { id: 's2', name: 'payments-1', status: 'STARTING', message: 'launching' }] }],
        },
      ],
      hosts: [],
    },
  });
  store.apply('mem', { type: 'service-event', at, event: { serviceNativeId: 'payments', at, severity: 'error', reason: 'TASK_FAILED', message: 'payments.2 exited 137' } });
  store.flush();
  return store;
}
