/**
 * The SDK's aggregate-status rules, rule by rule, as PlanUtils.getAggregateStatus
 * applies them (first match wins).
 */
import { describe, expect, it } from 'vitest';
import { aggregateStatus, rollUpPlan, type PlanStatus, type PlanStrategy } from '../../../src/core/model/plan.js';

const kids = (...statuses: PlanStatus[]): { status: PlanStatus }[] => statuses.map((status) => ({ status }));

describe('aggregateStatus', () => {
  const cases: [string, PlanStatus[], PlanStrategy, { interrupted?: boolean; errors?: string[] }, PlanStatus][] = [
    ['errors on the parent → ERROR', ['COMPLETE'], 'serial', { errors: ['bad'] }, 'ERROR'],
    ['any child ERROR → ERROR', ['COMPLETE', 'ERROR', 'PENDING'], 'serial', {}, 'ERROR'],
    ['all COMPLETE → COMPLETE', ['COMPLETE', 'COMPLETE'], 'serial', {}, 'COMPLETE'],
    ['interrupted parent → WAITING', ['COMPLETE', 'PENDING'], 'serial', { interrupted: true }, 'WAITING'],
    ['all DELAYED → DELAYED', ['DELAYED', 'DELAYED'], 'parallel', {}, 'DELAYED'],
    ['any child PREPARED → IN_PROGRESS', ['PENDING', 'PREPARED'], 'parallel', {}, 'IN_PROGRESS'],
    ['candidate WAITING → WAITING', ['WAITING', 'PENDING'], 'serial', {}, 'WAITING'],
    ['candidate IN_PROGRESS → IN_PROGRESS', ['IN_PROGRESS', 'PENDING'], 'serial', {}, 'IN_PROGRESS'],
    ['some COMPLETE and a candidate PENDING → IN_PROGRESS', ['COMPLETE', 'PENDING'], 'serial', {}, 'IN_PROGRESS'],
    ['nothing started → PENDING', ['PENDING', 'PENDING'], 'serial', {}, 'PENDING'],
    ['serial: a WAITING child behind the first is not a candidate', ['PENDING', 'WAITING'], 'serial', {}, 'PENDING'],
    ['parallel: every incomplete child is a candidate', ['PENDING', 'WAITING'], 'parallel', {}, 'WAITING'],
    ['candidate STARTING → STARTING', ['STARTING', 'PENDING'], 'serial', {}, 'STARTING'],
    ['candidate STARTED → STARTED', ['STARTED'], 'serial', {}, 'STARTED'],
  ];
  for (const [title, statuses, strategy, extra, expected] of cases) {
    it(title, () => {
      expect(aggregateStatus({ children: kids(...statuses), strategy, ...extra })).toBe(expected);
    });
  }

  it('rolls a plan up from its steps: journal complete, name in progress → plan IN_PROGRESS', () => {
    const plan = rollUpPlan({
      name: 'deploy',
      strategy: 'serial',
      status: 'PENDING',
      errors: [],
      updatedAt: 0,
      phases: [
        { id: 'j', name: 'journal', strategy: 'parallel', status: 'PENDING', steps: [{ id: '1', name: 'journal-0:[node]', status: 'COMPLETE', message: '' }] },
        { id: 'n', name: 'name', strategy: 'serial', status: 'PENDING', steps: [{ id: '2', name: 'name-0:[format]', status: 'STARTING', message: '' }, { id: '3', name: 'name-0:[node]', status: 'PENDING', message: '' }] },
      ],
    });
    expect(plan.phases.map((p) => p.status)).toEqual(['COMPLETE', 'STARTING']);
    expect(plan.status).toBe('IN_PROGRESS');
  });
});
