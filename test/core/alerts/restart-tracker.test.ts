/**
 * Restart counting: a task that was already running when alerting started
 * must have its first crash counted (it used to be skipped as "first sight").
 */
import { describe, expect, it } from 'vitest';
import { RestartTracker } from '../../../src/core/alerts/restart-tracker.js';
import type { Task } from '../../../src/core/model/task.js';

const task = (state: Task['state'], restarts = 0): Task => ({ id: 'b/t1', nativeId: 't1', backend: 'b', service: 'b/web', host: 'h', state, restarts, updatedAt: 0 });

describe('RestartTracker', () => {
  it('counts the first crash of a task seeded at start', () => {
    const tracker = new RestartTracker();
    tracker.seed([task('RUNNING')]);
    expect([...tracker.observe({ upserted: [task('FAILED')], removed: [] }, 1000)]).toEqual(['b/web']);
    expect(tracker.count('b/web', 1000)).toBe(1);
  });

  it('does not count a task it sees for the first time, without a seed (no history to compare)', () => {
    const tracker = new RestartTracker();
    expect([...tracker.observe({ upserted: [task('FAILED')], removed: [] }, 1000)]).toEqual([]);
  });

  it('counts restart-counter increases', () => {
    const tracker = new RestartTracker();
    tracker.seed([task('RUNNING', 2)]);
    tracker.observe({ upserted: [task('RUNNING', 5)], removed: [] }, 1000);
    expect(tracker.count('b/web', 1000)).toBe(3);
  });
});
