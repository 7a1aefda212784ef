/**
 * The update/rollback plan mapping, on Engine-shaped fixtures: each of the
 * six UpdateStatus states gives the plan name and status an operator expects,
 * with one step per slot.
 */
import { describe, expect, it } from 'vitest';
import type { SwarmService, SwarmTask, SwarmUpdateState } from '../../../src/backends/docker/docker-types.js';
import type { MapContext } from '../../../src/backends/docker/map-context.js';
import { mapUpdatePlan, matchesTemplate } from '../../../src/backends/docker/map-update-plan.js';

const context: MapContext = { backendId: 'dk', cluster: 'dk', tenantLabel: 'opsdeck.tenant', defaultTenant: '', nodeNames: new Map(), localHostname: 'vm', now: 1_000 };
const v1 = { ContainerSpec: { Image: 'app:1', Args: ['serve'] } };
const v2 = { ContainerSpec: { Image: 'app:2@sha256:abc123', Args: ['serve'] } };

function service(state: SwarmUpdateState | undefined, template = v2): SwarmService {
  return {
    ID: 'svc1',
    Spec: { Name: 'web', TaskTemplate: template, Mode: { Replicated: { Replicas: 2 } }, UpdateConfig: { Parallelism: 1 } },
    ...(state === undefined ? {} : { UpdateStatus: { State: state, StartedAt: '2026-01-01T00:00:00Z', Message: state.endsWith('paused') ? 'update paused due to failure or early termination of task t9' : 'update in progress' } }),
  };
}

function task(id: string, slot: number, template: typeof v1, state: string, desired = 'running', index = 1): SwarmTask {
  return { ID: id, ServiceID: 'svc1', Slot: slot, Spec: template, DesiredState: desired, Status: { State: state }, Version: { Index: index } };
}

describe('mapUpdatePlan', () => {
  it('reports no plan when Swarm reports no update', () => {
    expect(mapUpdatePlan(service(undefined), [task('a', 1, v1, 'running')], context)).toBeUndefined();
  });

  it('maps "updating" to an update plan: replaced slots COMPLETE, the next PENDING, the plan IN_PROGRESS', () => {
    const plan = mapUpdatePlan(service('updating'), [task('a', 1, v2, 'running', 'running', 5), task('old-a', 1, v1, 'shutdown', 'shutdown', 2), task('b', 2, v1, 'running')], context);
    expect(plan?.name).toBe('update');
    expect(plan?.phases[0]?.steps.map((s) => [s.name, s.status])).toEqual([['web.1', 'COMPLETE'], ['web.2', 'PENDING']]);
    expect(plan?.status).toBe('IN_PROGRESS');
    expect(plan?.phases[0]?.steps[1]?.message).toBe('web.2 waits to be replaced with app:2');
  });

  it('maps "paused" to ERROR with Swarm\'s message and an ERROR step for the slot whose new task failed', () => {
    const plan = mapUpdatePlan(service('paused'), [task('f', 1, v2, 'failed', 'shutdown', 6), task('old', 1, v1, 'running'), task('b', 2, v1, 'running')], context);
    expect(plan?.status).toBe('ERROR');
    expect(plan?.errors).toEqual(['update paused due to failure or early termination of task t9']);
    expect(plan?.interrupted).toBe(true);
    expect(plan?.phases[0]?.steps[0]?.status).toBe('ERROR');
  });

  it('maps "completed" and "rollback_completed" to COMPLETE plans named update and rollback', () => {
    expect(mapUpdatePlan(service('completed'), [task('a', 1, v2, 'running'), task('b', 2, v2, 'running')], context)).toMatchObject({ name: 'update', status: 'COMPLETE' });
    expect(mapUpdatePlan(service('rollback_completed', v1), [task('a', 1, v1, 'running'), task('b', 2, v1, 'running')], context)).toMatchObject({ name: 'rollback', status: 'COMPLETE' });
  });

  it('maps "rollback_started" to an in-progress rollback plan and "rollback_paused" to ERROR', () => {
    const tasks = [task('a', 1, v1, 'starting', 'running', 7), task('b', 2, v2, 'running')];
    const started = mapUpdatePlan(service('rollback_started', v1), tasks, context);
    expect(started).toMatchObject({ name: 'rollback', phases: [{ name: 'roll back tasks' }] });
    expect(started?.phases[0]?.steps.map((s) => s.status)).toEqual(['STARTED', 'PENDING']);
    expect(['IN_PROGRESS', 'STARTED']).toContain(started?.status);
    expect(mapUpdatePlan(service('rollback_paused', v1), tasks, context)?.status).toBe('ERROR');
  });

  it('matches a task to its template regardless of digest pinning and key order, but not across ForceUpdate', () => {
    expect(matchesTemplate({ ContainerSpec: { Args: ['serve'], Image: 'app:2' } }, v2)).toBe(true);
    expect(matchesTemplate(v2, { ...v2, ForceUpdate: 1 })).toBe(false);
    expect(matchesTemplate(v1, v2)).toBe(false);
  });
});
