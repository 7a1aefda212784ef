/**
 * The demo helper starts the simulated cluster and a backend that reaches a
 * first full sync with every seeded service, and closes both.
 */
import { describe, expect, it } from 'vitest';
import { startDemoBackend } from '../../../src/backends/mesos/demo-backend.js';
import { runBackend } from '../../../src/core/backend/index.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { StateStore, waitForState } from '../../../src/core/state/index.js';

describe('startDemoBackend', () => {
  it('syncs all eight seeded services in two tenants with hdfs deploying, then closes', async () => {
    const demo = await startDemoBackend({ clock: systemClock, env: {}, logger: silentLogger }, { chaos: 'off' });
    const store = new StateStore({ clock: systemClock });
    store.registerBackend(demo.backend);
    const stop = new AbortController();
    const running = runBackend(demo.backend, store, { clock: systemClock, signal: stop.signal });
    try {
      await waitForState(store, (s) => s.backend('demo')?.synced, { clock: systemClock, timeoutMs: 10_000, description: 'demo sync' });
      const services = store.servicesOfBackend('demo');
      expect(services.map((s) => s.name).sort()).toEqual(['api', 'cassandra', 'etl-worker', 'hdfs', 'kafka', 'keyserver', 'notebook', 'web']);
      expect(new Set(services.map((s) => s.tenant))).toEqual(new Set(['prod', 'analytics']));
      expect(store.plansOf('demo/hdfs').find((p) => p.name === 'deploy')?.phases.map((p) => p.name)).toEqual(['journal', 'name', 'zkfc', 'data']);
      expect([...store.hosts()].filter((h) => h.backend === 'demo' && h.allocated.cpus > 0).length).toBeGreaterThan(0);
    } finally {
      stop.abort();
      await running;
      await demo.close();
    }
  });
});
