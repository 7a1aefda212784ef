/**
 * The CLI face of upgrades and config changes against the simulated DC/OS
 * cluster: --dry-run prints the spec diff and the plan and changes nothing;
 * a canary stops after its first step and `plan continue` finishes it.
 */
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerLifecycleCommands, type CliIo } from '../../../src/cli/lifecycle-commands.js';
import { serviceNamed, startHarness, type Harness } from '../../backends/mesos/sim-harness.js';
import { engineOverBackend, type EngineOverBackend } from './support/engine-over-backend.js';

let h: Harness;
let ops: EngineOverBackend;

beforeAll(async () => {
  h = await startHarness({ sim: { seed: 5, tickMs: 40, stepDurationMs: 150, heartbeatIntervalMs: 200 }, backend: { heartbeatIntervalMs: 200 } });
  ops = engineOverBackend(h.backend, h.store, { operators: { ana: ['analytics'] }, verifyTimeoutMs: 20_000 });
  await h.until((s) => serviceNamed(s, 'kafka')?.health.status === 'HEALTHY', 'kafka healthy', 15_000);
}, 30_000);

afterAll(async () => {
  ops?.close();
  await h?.stop();
});

async function cli(args: string[]): Promise<{ out: string[]; err: string[]; code: number }> {
  const run = { out: [] as string[], err: [] as string[], code: 0 };
  const io: CliIo = { out: (t) => run.out.push(t), err: (t) => run.err.push(t), isTty: false, prompt: async () => '', setExitCode: (c) => (run.code = c) };
  const program = new Command('opsdeck').exitOverride();
  registerLifecycleCommands(program, async () => ({ engine: ops.engine, store: h.store, actor: ops.who('ana'), close: async () => undefined }), io);
  await program.parseAsync(['node', 'opsdeck', ...args]);
  return run;
}

const targetOf = async (): Promise<Record<string, unknown>> => (await (await fetch(`${h.cluster.urls.sdk['kafka']}/v1/configurations/target`)).json()) as Record<string, unknown>;

describe('opsdeck upgrade / config set / plan continue', () => {
  it('upgrade --dry-run prints the version diff and the plan, and changes nothing', async () => {
    const before = await targetOf();
    const run = await cli(['upgrade', 'kafka', '--version', '2.10.0-3.6.1', '--dry-run']);
    expect(run.err).toEqual([]);
    expect(run.out).toEqual(expect.arrayContaining(['  diff:    ~ version: 2.9.0-3.4.0 → 2.10.0-3.6.1', '  plan deploy: serial, 3 step(s)', '    kafka: 1. kafka-0:[broker]  2. kafka-1:[broker]  3. kafka-2:[broker]']));
    expect(await targetOf()).toEqual(before);
  });

  it('config set without the typed name asks for it and changes nothing; a bad key is refused with exit code 2', async () => {
    const before = await targetOf();
    const unconfirmed = await cli(['config', 'set', 'kafka', 'BROKER_LOG_RETENTION_HOURS=24']);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.err.join('\n')).toMatch(/Type "kafka"/);
    const bad = await cli(['config', 'set', 'kafka', 'retention=24', '--confirm-name', 'kafka']);
    expect(bad.err.join('\n')).toMatch(/Unknown configuration key "retention"/);
    expect(bad.code).not.toBe(0);
    expect(await targetOf()).toEqual(before);
  });

  it('a canary config set stops after the first step; plan continue rolls out the rest', async () => {
    const canary = await cli(['config', 'set', 'kafka', 'BROKER_LOG_RETENTION_HOURS=24', '--strategy', 'canary', '--confirm-name', 'kafka']);
    expect(canary.err).toEqual([]);
    expect(canary.out[0]).toMatch(/^succeeded: .*canary of kafka: the first step is done; the deploy plan waits for continue/);
    expect(canary.out[1]).toBe('next: Check the canary, then: opsdeck plan continue kafka');
    expect(h.store.plansOf('dcos/kafka').find((p) => p.name === 'deploy')?.status).toBe('WAITING');
    const go = await cli(['plan', 'continue', 'kafka', '--yes', '--confirm-name', 'kafka']);
    expect(go.err).toEqual([]);
    expect(go.out[0]).toMatch(/^succeeded: the deploy plan of kafka continues; kafka runs the new spec/);
    expect(((await targetOf())['env'] as Record<string, string>)['BROKER_LOG_RETENTION_HOURS']).toBe('24');
  }, 30_000);
});
