/**
 * Upgrades and configuration changes on the simulated DC/OS cluster through
 * the guarded command engine and the Mesos backend: the SDK update plan
 * (served as deploy) completes on a healthy version, stops in ERROR on a
 * version whose readiness check fails and rolls back to all-healthy, a canary
 * waits for continue, bad input changes nothing, and a Marathon image change
 * runs as a deployment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmitResult } from '../../../src/core/commands/index.js';
import { engineOverBackend, type EngineOverBackend } from '../../core/commands/support/engine-over-backend.js';
import { serviceNamed, startHarness, type Harness } from './sim-harness.js';

let h: Harness;
let ops: EngineOverBackend;

beforeAll(async () => {
  h = await startHarness({ sim: { seed: 11, tickMs: 40, stepDurationMs: 150, heartbeatIntervalMs: 200 }, backend: { heartbeatIntervalMs: 200 } });
  ops = engineOverBackend(h.backend, h.store, { operators: { ana: ['analytics'], pat: ['prod'] }, verifyTimeoutMs: 20_000 });
  await h.until((s) => serviceNamed(s, 'kafka')?.health.status === 'HEALTHY' && serviceNamed(s, 'cassandra')?.health.status === 'HEALTHY', 'kafka and cassandra healthy', 15_000);
}, 30_000);

afterAll(async () => {
  ops?.close();
  await h?.stop();
});

const executed = (result: SubmitResult): Extract<SubmitResult, { status: 'executed' }> => {
  if (result.status !== 'executed') throw new Error(`expected executed, got ${result.status}: ${JSON.stringify("error" in result ? result.error : result).slice(0, 500)}`);
  return result;
};
const denied = (result: SubmitResult): Extract<SubmitResult, { status: 'denied' }> => {
  if (result.status !== 'denied') throw new Error(`expected denied, got ${JSON.stringify(result).slice(0, 500)}`);
  return result;
};
const kafkaTarget = async (): Promise<Record<string, unknown>> => (await (await fetch(`${h.cluster.urls.sdk['kafka']}/v1/configurations/target`)).json()) as Record<string, unknown>;

describe('SDK service upgrade on the simulated cluster', () => {
  it('previews an upgrade as a diff of versions plus the deploy plan that will run, without changing anything', async () => {
    const before = await kafkaTarget();
    const preview = await ops.engine.previewChange({ kind: 'upgrade', target: 'kafka', args: { version: '2.10.0-3.6.1' }, actor: ops.who('ana'), source: 'cli', idempotencyKey: 'preview-kafka-1' });
    expect(preview.specChange?.diff).toEqual(['~ version: 2.9.0-3.4.0 → 2.10.0-3.6.1']);
    expect(preview.specChange?.planLines[0]).toBe('plan deploy: serial, 3 step(s)');
    expect(preview.changes).toContain('  kafka: 1. kafka-0:[broker]  2. kafka-1:[broker]  3. kafka-2:[broker]');
    expect(preview.specChange?.oldSpecHash).not.toBe(preview.specChange?.newSpecHash);
    expect(await kafkaTarget()).toEqual(before);
  });

  it('an upgrade to a healthy version completes: plan COMPLETE, every task healthy on the new version, spec hashes audited', async () => {
    const result = executed(await ops.run('ana', { kind: 'upgrade', target: 'kafka', args: { version: '2.10.0-3.6.1' } }));
    expect(result.outcome.status, result.outcome.message).toBe('succeeded');
    expect((await kafkaTarget())['packageVersion']).toBe('2.10.0-3.6.1');
    const kafka = serviceNamed(h.store, 'kafka');
    expect(kafka).toMatchObject({ version: '2.10.0-3.6.1', health: { status: 'HEALTHY' }, running: 3, healthy: 3 });
    const executing = ops.engine.audit.entries().filter((e) => e.event === 'command.executing' && e.correlationId === result.commandId);
    expect(executing[0]?.details).toMatchObject({ oldSpecHash: result.preview.specChange?.oldSpecHash, newSpecHash: result.preview.specChange?.newSpecHash });
  }, 30_000);

  it('an upgrade to a version whose readiness check fails stops in ERROR and offers rollback; rollback restores the old spec, all healthy', async () => {
    const result = executed(await ops.run('ana', { kind: 'upgrade', target: 'kafka', args: { version: '2.10.1-3.6.2' } }));
    expect(result.outcome.status).toBe('failed');
    expect(result.outcome.message).toMatch(/deploy plan of kafka stopped \(ERROR\).*readiness check of kafka-0-broker failed/);
    expect(result.outcome.suggestion).toMatch(/opsdeck rollback kafka/);
    const plan = h.store.plansOf('dcos/kafka').find((p) => p.name === 'deploy');
    expect(plan?.status).toBe('ERROR');
    expect(plan?.phases[0]?.steps.map((s) => s.status)).toEqual(['ERROR', 'PENDING', 'PENDING']);

    const rolled = executed(await ops.run('ana', { kind: 'rollback', target: 'kafka' }));
    expect(rolled.outcome.status, rolled.outcome.message).toBe('succeeded');
    expect((await kafkaTarget())['packageVersion']).toBe('2.10.0-3.6.1');
    await h.until((s) => {
      const k = serviceNamed(s, 'kafka');
      return k?.version === '2.10.0-3.6.1' && k.health.status === 'HEALTHY' && k.healthy === 3 && s.plansOf('dcos/kafka').find((p) => p.name === 'deploy')?.status === 'COMPLETE';
    }, 'kafka back on 2.10.0-3.6.1, all healthy');
  }, 40_000);
});

describe('canary and continue', () => {
  it('a canary config change runs the first step, then the plan waits until plan continue', async () => {
    const result = executed(await ops.run('pat', { kind: 'config-set', target: 'cassandra', args: { set: { MAX_HEAP: '4G', mem: '6144' }, strategy: 'canary' } }));
    expect(result.preview.specChange?.diff).toEqual(['~ mem: 4096 MB → 6144 MB', '+ env MAX_HEAP: 4G']);
    expect(result.outcome).toMatchObject({ status: 'succeeded', suggestion: expect.stringContaining('opsdeck plan continue cassandra') });
    const waiting = h.store.plansOf('dcos/cassandra').find((p) => p.name === 'deploy');
    expect(waiting?.status).toBe('WAITING');
    expect(waiting?.phases[0]?.steps.map((s) => s.status)).toEqual(['COMPLETE', 'PENDING', 'PENDING']);
    // Nothing moves while it waits.
    await new Promise((r) => setTimeout(r, 400));
    expect(h.store.plansOf('dcos/cassandra').find((p) => p.name === 'deploy')?.phases[0]?.steps.map((s) => s.status)).toEqual(['COMPLETE', 'PENDING', 'PENDING']);

    const more = denied(await ops.run('pat', { kind: 'upgrade', target: 'cassandra', args: { version: '2.11.0-3.11.10' } }));
    expect(more.error.code).toBe('GUARD_REJECTED');
    expect(more.error.message).toMatch(/plan in progress: deploy \(WAITING\)/);
    // Even forced past the guard, the backend refuses a second rollout while one runs.
    const forced = denied(await ops.run('pat', { kind: 'upgrade', target: 'cassandra', args: { version: '2.11.0-3.11.10' }, force: true }));
    expect(forced.error).toMatchObject({ code: 'CONFLICT', message: 'cassandra already has a deploy plan in progress (WAITING).' });

    const continued = executed(await ops.run('pat', { kind: 'plan-continue', target: 'cassandra' }));
    expect(continued.outcome.status, continued.outcome.message).toBe('succeeded');
    expect(h.store.plansOf('dcos/cassandra').find((p) => p.name === 'deploy')?.status).toBe('COMPLETE');
    expect(serviceNamed(h.store, 'cassandra')?.health.status).toBe('HEALTHY');
  }, 40_000);
});

describe('bad input changes nothing', () => {
  const cases: { name: string; actor: string; command: Record<string, unknown>; code: string; message: RegExp }[] = [
    { name: 'an unknown configuration key', actor: 'ana', command: { kind: 'config-set', target: 'kafka', args: { set: { 'broker.heap': '2G' } } }, code: 'INPUT_INVALID', message: /Unknown configuration key "broker.heap"/ },
    { name: 'an invalid value', actor: 'ana', command: { kind: 'config-set', target: 'kafka', args: { set: { cpus: 'lots' } } }, code: 'INPUT_INVALID', message: /Invalid value for cpus: "lots" is not a number/ },
    { name: 'a version that does not exist', actor: 'ana', command: { kind: 'upgrade', target: 'kafka', args: { version: '9.9.9-9.9.9' } }, code: 'NOT_FOUND', message: /Package version 9.9.9-9.9.9 of kafka does not exist/ },
    { name: 'an image for an SDK service', actor: 'ana', command: { kind: 'upgrade', target: 'kafka', args: { image: 'kafka:3' } }, code: 'INPUT_INVALID', message: /upgraded by package version, not by image/ },
    { name: 'both an image and a version', actor: 'ana', command: { kind: 'upgrade', target: 'kafka', args: { image: 'kafka:3', version: '1' } }, code: 'INPUT_INVALID', message: /exactly one of --image or --version/ },
    { name: 'shrinking an SDK service', actor: 'ana', command: { kind: 'config-set', target: 'kafka', args: { set: { replicas: '2' } } }, code: 'INPUT_INVALID', message: /cannot shrink from 3 to 2/ },
    { name: 'a parallel rollout of a stateful service', actor: 'ana', command: { kind: 'upgrade', target: 'kafka', args: { version: '2.9.0-3.4.0', strategy: 'parallel' } }, code: 'GUARD_REJECTED', message: /this would leave 0, below quorum/ },
    { name: 'a canary on Marathon', actor: 'pat', command: { kind: 'upgrade', target: 'web', args: { image: 'nginx:1.27.0', strategy: 'canary' } }, code: 'UNSUPPORTED', message: /Marathon has no canary/ },
  ];
  it.each(cases)('$name → $code, target config unchanged', async (c) => {
    const before = await kafkaTarget();
    const result = denied(await ops.run(c.actor, c.command));
    expect(result.error.code).toBe(c.code);
    expect(result.error.message).toMatch(c.message);
    expect(await kafkaTarget()).toEqual(before);
  });
});

describe('Marathon app upgrade', () => {
  it('an image change runs as a Marathon deployment and completes healthy on the new image', async () => {
    const result = executed(await ops.run('pat', { kind: 'upgrade', target: 'web', args: { image: 'nginx:1.27.0' } }));
    expect(result.preview.specChange?.diff).toEqual(['~ image: nginx:1.25.3 → nginx:1.27.0', '~ update strategy: minimumHealthCapacity 1, maximumOverCapacity 1 → minimumHealthCapacity 1, maximumOverCapacity 0']);
    expect(result.outcome.status, result.outcome.message).toBe('succeeded');
    expect(serviceNamed(h.store, 'web')).toMatchObject({ version: 'nginx:1.27.0', health: { status: 'HEALTHY' } });
  }, 30_000);
});
