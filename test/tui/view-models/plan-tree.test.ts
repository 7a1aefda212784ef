import { describe, expect, it } from 'vitest';
import { planTreeRows } from '../../../src/tui/view-models/plan-tree.js';
import { fixturePlan } from '../fixtures/services.js';

const NOW = 2_000_000_000;
const text = (row: { cells: { text: string }[] }): string => row.cells.map((c) => c.text).join('');

describe('plan tree view-model', () => {
  it('draws plan, phase and steps as a tree with statuses, strategy and elapsed times', () => {
    const rows = planTreeRows(fixturePlan(NOW), { now: NOW });
    expect(rows.map(text)).toEqual([
      '▾ plan deploy  ▶ IN_PROGRESS  serial  5m00s',
      '  └─ phase rollout  ▶ IN_PROGRESS  serial  5m00s',
      '      ├─ web-0  ✔ COMPLETE  1m00s  replaced',
      '      ├─ web-1  ▶ STARTING  1m35s  launching',
      '      └─ web-2  · PENDING',
    ]);
  });

  it('makes every plan element a selectable target for plan controls', () => {
    const rows = planTreeRows(fixturePlan(NOW), { now: NOW });
    expect(rows.map((r) => r.target)).toEqual([
      { type: 'plan', serviceId: 'east-mem/web', planName: 'deploy' },
      { type: 'plan', serviceId: 'east-mem/web', planName: 'deploy', phase: 'rollout' },
      { type: 'plan', serviceId: 'east-mem/web', planName: 'deploy', phase: 'rollout', step: 'web-0' },
      { type: 'plan', serviceId: 'east-mem/web', planName: 'deploy', phase: 'rollout', step: 'web-1' },
      { type: 'plan', serviceId: 'east-mem/web', planName: 'deploy', phase: 'rollout', step: 'web-2' },
    ]);
  });

  it('shows a paused plan and its errors in words, not only colour', () => {
    const rows = planTreeRows(fixturePlan(NOW, { interrupted: true, status: 'WAITING', errors: ['step web-1 failed twice'] }), { now: NOW });
    expect(text(rows[0]!)).toBe('▾ plan deploy  ‖ WAITING  serial  5m00s  ‖ PAUSED  errors: step web-1 failed twice');
  });
});
