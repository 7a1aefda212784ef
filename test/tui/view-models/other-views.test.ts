import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/fake-clock.js';
import { StateStore } from '../../../src/core/state/store.js';
import { alertsListModel } from '../../../src/tui/view-models/alerts-list.js';
import { auditListModel } from '../../../src/tui/view-models/audit-list.js';
import { onCallListModel } from '../../../src/tui/view-models/oncall-list.js';
import { resourcesListModel } from '../../../src/tui/view-models/resources-list.js';
import { serviceDetailModel } from '../../../src/tui/view-models/service-detail.js';
import { fixtureHost } from '../fixtures/services.js';

const NOW = 4_000_000_000;
const text = (row: { cells: { text: string }[] }): string => row.cells.map((c) => c.text).join(' | ');
const rows = (model: { count: number; rowAt(i: number): { cells: { text: string }[] } }): string[] => Array.from({ length: model.count }, (_, i) => text(model.rowAt(i)));

describe('alerts, on-call, audit and resources view-models', () => {
  it('lists alerts worst first with their state, and says when alerts are not configured', () => {
    const model = alertsListModel(
      {
        state: 'ready',
        at: NOW,
        value: [
          { id: 'w', severity: 'warning', title: 'disk 85%', openedAt: NOW - 600_000, acknowledgedBy: 'bob' },
          { id: 'c', severity: 'critical', title: 'web down', serviceId: 'east-mem/web', openedAt: NOW - 60_000 },
        ],
      },
      { now: NOW },
    );
    expect(rows(model)[0]).toMatch(/^✖ CRITICAL \| web down \| east-mem\/web \| 1m \| OPEN/);
    expect(rows(model)[1]).toMatch(/^▲ WARNING \| disk 85% \| - \| 10m \| acked by bob/);
    expect(alertsListModel({ state: 'unconfigured' }, { now: NOW }).empty).toBe('alerts: not configured.');
    expect(alertsListModel({ state: 'error', message: 'engine down' }, { now: NOW }).empty).toBe('Could not load alerts: engine down');
  });

  it('lists who is on call per schedule and level, and audit entries with their outcome coloured', () => {
    const oncall = onCallListModel({ state: 'ready', at: NOW, value: [{ schedule: 'search', person: 'carol', level: 1, until: NOW + 7_200_000 }] }, { now: NOW });
    expect(rows(oncall)).toEqual(['search | L1 | carol | in 2h']);
    const audit = auditListModel({ state: 'ready', at: NOW, value: [{ at: NOW - 5000, actor: 'alice', action: 'restart', target: 'east-mem/web', outcome: 'failed', message: 'timeout' }] }, { now: NOW });
    expect(rows(audit)).toEqual(['5s ago | alice | restart | east-mem/web | failed | timeout']);
    expect(audit.rowAt(0).cells[4]?.color).toBe('red');
  });

  it('shows CPU and memory allocated vs total per host, grouped by cluster, inactive hosts marked', () => {
    const model = resourcesListModel([fixtureHost({ hostname: 'a1' }), fixtureHost({ hostname: 'a2', active: false, allocated: { cpus: 7.5, memMb: 30720, diskMb: 0 } })], {});
    expect(rows(model)).toEqual([
      '▾ cluster east',
      '✔ a1 | ███░░░░░░░ | 2/8 cpu 25% | ███░░░░░░░ | 8/32 GiB 25%',
      '✖ a2 (inactive) | █████████░ | 7.5/8 cpu 94% | █████████░ | 30/32 GiB 94%',
    ]);
    expect(model.rowAt(2).cells[1]?.color).toBe('red');
  });
});

describe('service detail view-model', () => {
  it('shows identity, health with reason, tasks as selectable rows, and says when the service is gone', async () => {
    const clock = new FakeClock(NOW);
    const store = new StateStore({ clock, publish: 'manual' });
    store.registerBackend({ id: 'b', kind: 'memory', cluster: 'east', freshnessBoundMs: 30_000 });
    store.apply('b', {
      type: 'snapshot',
      at: NOW,
      snapshot: {
        services: [{ nativeId: 'web', cluster: 'east', tenant: 'payments', name: 'web', kind: 'other', desired: 2, running: 2, healthy: 1, health: { status: 'DEGRADED', reason: '1/2 healthy' }, labels: {}, stateful: false, actions: [], updatedAt: NOW }],
        tasks: [
          { nativeId: 'web.1', serviceNativeId: 'web', host: 'h1', state: 'RUNNING', healthy: true, restarts: 0, startedAt: NOW - 60_000, updatedAt: NOW },
          { nativeId: 'web.2', serviceNativeId: 'web', host: 'h2', state: 'FAILED', healthy: false, restarts: 3, message: 'OOMKilled', updatedAt: NOW },
        ],
        plans: [],
        hosts: [],
      },
    });
    store.apply('b', { type: 'service-event', at: NOW, event: { serviceNativeId: 'web', at: NOW - 30_000, severity: 'warning', reason: 'Unhealthy', message: 'web.2 failed its health check' } });
    const model = serviceDetailModel(store, 'b/web', { now: NOW, history: [{ at: NOW - 10_000, status: 'DEGRADED' }], isProtected: true });
    const lines = rows(model);
    expect(lines[0]).toContain('‡ PROTECTED');
    expect(lines[1]).toBe('Health    | ▲ DEGRADED |  for 0s — 1/2 healthy');
    expect(lines).toContain('TASKS (2)');
    const failed = lines.findIndex((l) => l.includes('web.2'));
    expect(lines[failed]).toContain('OOMKilled');
    expect(model.rowAt(failed).target).toEqual({ type: 'task', serviceId: 'b/web', taskId: 'b/web.2' });
    expect(lines.slice(-2)).toEqual(['RECENT EVENTS (1)', '    30s ago   | WARNING  | Unhealthy: web.2 failed its health check']);
    expect(rows(serviceDetailModel(store, 'b/gone', { now: NOW, history: [] }))).toEqual(['b/gone no longer exists (removed by its backend).']);
  });
});
