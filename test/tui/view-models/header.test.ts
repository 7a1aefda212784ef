import { describe, expect, it } from 'vitest';
import type { BackendStatus } from '../../../src/core/state/cluster-state.js';
import { headerLines } from '../../../src/tui/view-models/header.js';

const NOW = 3_000_000_000;
const backend = (overrides: Partial<BackendStatus>): BackendStatus => ({
  id: 'east-mem',
  kind: 'memory',
  cluster: 'east',
  connection: 'live',
  synced: true,
  freshnessBoundMs: 30_000,
  eventsIngested: 10,
  lastEventAt: NOW - 3000,
  ...overrides,
});
const text = (cells: { text: string }[]): string => cells.map((c) => c.text).join('');

describe('header view-model', () => {
  it('shows each backend with its connection state and data age, and the read-only badge', () => {
    const [first] = headerLines({
      now: NOW,
      readOnly: true,
      alerts: { state: 'unconfigured' },
      oncall: { state: 'unconfigured' },
      backends: [backend({}), backend({ id: 'west-mem', connection: 'stale', staleSince: NOW - 125_000 }), backend({ id: 'k8s', connection: 'connecting', synced: false })],
    });
    expect(text(first!)).toBe('opsdeck [READ-ONLY] ● east-mem live 3s  ◌ west-mem STALE 2m  … k8s syncing');
  });

  it('counts open alerts by severity (silenced ones excluded) and names the primary on call', () => {
    const [, second] = headerLines({
      now: NOW,
      readOnly: false,
      backends: [],
      alerts: {
        state: 'ready',
        at: NOW,
        value: [
          { id: '1', severity: 'critical', title: 'a', openedAt: NOW },
          { id: '2', severity: 'warning', title: 'b', openedAt: NOW },
          { id: '3', severity: 'critical', title: 'c', openedAt: NOW, silencedUntil: NOW + 60_000 },
        ],
      },
      oncall: { state: 'ready', at: NOW, value: [{ schedule: 'payments', person: 'alice', level: 1 }, { schedule: 'payments', person: 'bob', level: 2 }] },
    });
    expect(text(second!)).toBe('alerts: ✖ 1 critical  ▲ 1 warning  i 0 info   on call: alice (payments)');
  });

  it('says "not configured" and "loading…" instead of pretending there is nothing', () => {
    const [, second] = headerLines({ now: NOW, readOnly: false, backends: [], alerts: { state: 'loading' }, oncall: { state: 'unconfigured' } });
    expect(text(second!)).toBe('alerts: loading…   on call: not configured');
  });
});
