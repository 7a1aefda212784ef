/**
 * Swarm updates as plans on a real dockerd: an update whose new tasks fail
 * their health check pauses, shows as an `update` plan in ERROR with Swarm's
 * message, offers rollback / resume, and rollback through opsdeck restores
 * the previous image (checked through the Docker API).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRollbackCapable, isUpdateResumable } from '../../../src/core/backend/index.js';
import { TEST_IMAGE, TEST_IMAGE_V2 } from '../../support/dockerd.js';
import { createSwarmService, freshKey, pollDocker, rawDocker, sharedDockerHost, watchBackend, type WatchedBackend } from '../../support/docker-test-kit.js';

interface Inspected {
  Version: { Index: number };
  Spec: { TaskTemplate: { ContainerSpec: { Image: string; Healthcheck: { Test: string[] } } } };
  UpdateStatus?: { State?: string; Message?: string; StartedAt?: string };
}

describe('docker backend: Swarm update and rollback plans', () => {
  let watched: WatchedBackend;
  const docker = () => rawDocker(sharedDockerHost());
  const inspect = async (): Promise<Inspected> => (await docker().getService('ur-api').inspect()) as Inspected;

  beforeAll(async () => {
    await createSwarmService(docker(), { name: 'ur-api', replicas: 2 });
    watched = watchBackend(sharedDockerHost());
    await watched.waitFor(() => watched.byName('ur-api')?.health.status === 'HEALTHY', 'ur-api healthy');
  });

  afterAll(async () => {
    watched?.stop();
    await docker().getService('ur-api').remove().catch(() => undefined);
  });

  it('shows an update whose health check fails as an update plan in ERROR, paused, with Swarm\'s message', async () => {
    const current = await inspect();
    const spec = structuredClone(current.Spec) as Inspected['Spec'] & Record<string, unknown>;
    spec.TaskTemplate.ContainerSpec.Image = TEST_IMAGE_V2;
    spec.TaskTemplate.ContainerSpec.Healthcheck.Test = ['CMD-SHELL', 'echo "v2 probe: backend unreachable"; exit 1'];
    await docker().getService('ur-api').update({ _query: { version: current.Version.Index }, _body: spec } as never);
    const plan = await watched.waitFor((s) => {
      const service = watched.byName('ur-api');
      return service === undefined ? undefined : s.plansOf(service.id).find((p) => p.name === 'update' && p.status === 'ERROR');
    }, 'ur-api update plan in ERROR');
    expect((await inspect()).UpdateStatus?.State).toBe('paused');
    expect(plan.errors.join(' ')).toMatch(/update paused/);
    expect(plan.interrupted).toBe(true);
    expect(plan.phases[0]?.steps).toHaveLength(2);
    expect(plan.phases[0]?.steps.some((step) => step.status !== 'COMPLETE')).toBe(true);
    const service = watched.byName('ur-api');
    expect(service?.actions).toEqual(expect.arrayContaining(['rollback', 'update-resume']));
    expect(service?.health.reason).toMatch(/paused/);
    expect(watched.store.recentEvents(service?.id ?? '').map((e) => e.reason)).toEqual(expect.arrayContaining(['update-started', 'update-paused']));
  });

  it('rolls back through opsdeck: the previous image runs again, per the Docker API, and the plan is a completed rollback', async () => {
    const backend = watched.backend;
    if (!isRollbackCapable(backend)) throw new Error('docker backend must be RollbackCapable');
    const service = watched.byName('ur-api');
    if (service === undefined) throw new Error('ur-api not in state');
    const receipt = await backend.rollback(service, { idempotencyKey: freshKey('rollback') });
    expect(receipt.message).toContain(`rolling back ur-api to ${TEST_IMAGE}`);
    await pollDocker(async () => (await inspect()).UpdateStatus?.State === 'rollback_completed', { timeoutMs: 25_000, description: 'ur-api rollback_completed' });
    expect((await inspect()).Spec.TaskTemplate.ContainerSpec.Image).toBe(TEST_IMAGE);
    await watched.waitFor((s) => {
      const found = watched.byName('ur-api');
      if (found === undefined || found.version !== TEST_IMAGE || found.health.status !== 'HEALTHY') return false;
      const plans = s.plansOf(found.id);
      return plans.some((p) => p.name === 'rollback' && p.status === 'COMPLETE') && !plans.some((p) => p.name === 'update');
    }, 'ur-api rolled back and healthy');
  });

  it('refuses to resume when no update is paused, saying why', async () => {
    const backend = watched.backend;
    if (!isUpdateResumable(backend)) throw new Error('docker backend must be UpdateResumable');
    const service = watched.byName('ur-api');
    if (service === undefined) throw new Error('ur-api not in state');
    const error = await backend.resumeUpdate(service, { idempotencyKey: freshKey('resume') }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('has no paused update (state: rollback_completed)') });
  });

  it('resumes a paused update through opsdeck: Swarm starts the update again', async () => {
    const backend = watched.backend;
    if (!isUpdateResumable(backend)) throw new Error('docker backend must be UpdateResumable');
    const current = await inspect();
    const spec = structuredClone(current.Spec) as Inspected['Spec'] & Record<string, unknown>;
    spec.TaskTemplate.ContainerSpec.Image = TEST_IMAGE_V2;
    spec.TaskTemplate.ContainerSpec.Healthcheck.Test = ['CMD-SHELL', 'exit 1'];
    await docker().getService('ur-api').update({ _query: { version: current.Version.Index }, _body: spec } as never);
    await watched.waitFor(() => watched.byName('ur-api')?.actions.includes('update-resume'), 'ur-api update paused again');
    const pausedAt = (await inspect()).UpdateStatus?.StartedAt;
    const service = watched.byName('ur-api');
    if (service === undefined) throw new Error('ur-api not in state');
    const receipt = await backend.resumeUpdate(service, { idempotencyKey: freshKey('resume-paused') });
    expect(receipt.message).toBe('resumed the update of ur-api');
    await pollDocker(async () => {
      const status = (await inspect()).UpdateStatus;
      return status?.StartedAt !== pausedAt && status?.State !== undefined;
    }, { timeoutMs: 10_000, description: 'ur-api update restarted by Swarm' });
  });
});
