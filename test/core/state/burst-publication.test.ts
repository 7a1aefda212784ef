/**
 * Events a backend emits together (a service's new version and its new plan)
 * reach subscribers in ONE diff, even though runBackend consumes them one by
 * one through an async iterator: a reader must never see the new version next
 * to the old plan (that once let a rollout be judged done before it started).
 */
import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../../../src/core/async-queue.js';
import { runBackend, type Backend } from '../../../src/core/backend/index.js';
import { FakeClock } from '../../../src/core/fake-clock.js';
import type { BackendEvent } from '../../../src/core/model/backend-event.js';
import type { ServiceReport } from '../../../src/core/model/service.js';
import { StateStore, type StateDiff } from '../../../src/core/state/index.js';

const service = (version: string): ServiceReport => ({
  nativeId: 'web', cluster: 'c', tenant: 't', name: 'web', kind: 'other', desired: 1, running: 1, healthy: 1,
  health: { status: 'HEALTHY', reason: 'ok' }, labels: {}, stateful: false, actions: [], updatedAt: 0, version,
});

describe('store publication of a burst through runBackend', () => {
  it('delivers a service update and the plan emitted right after it in the same diff', async () => {
    const clock = new FakeClock();
    const queue = new AsyncQueue<BackendEvent>();
    const backend: Backend = { id: 'b', kind: 'memory', cluster: 'c', freshnessBoundMs: 60_000, watch: () => queue };
    const store = new StateStore({ clock });
    store.registerBackend(backend);
    const diffs: StateDiff[] = [];
    store.subscribe((d) => diffs.push(d));
    const stop = new AbortController();
    const running = runBackend(backend, store, { clock, signal: stop.signal });
    queue.push({ type: 'snapshot', at: 0, snapshot: { services: [service('v1')], tasks: [], plans: [], hosts: [] } });
    await new Promise((resolve) => setImmediate(resolve));
    diffs.length = 0;

    queue.push({ type: 'service-upserted', at: 1, service: service('v2') });
    queue.push({
      type: 'plan-upserted',
      at: 1,
      plan: { serviceNativeId: 'web', name: 'update', strategy: 'serial', status: 'IN_PROGRESS', errors: [], updatedAt: 1, phases: [] },
    });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));

    const withVersion = diffs.find((d) => d.services.upserted.some((s) => s.version === 'v2'));
    expect(withVersion?.plans.upserted.map((p) => p.name)).toEqual(['update']);
    stop.abort();
    queue.close();
    await running;
  });
});
