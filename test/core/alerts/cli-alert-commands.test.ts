/**
 * The alert CLI commands against a real alerting stack: list (text and
 * JSON), ack, resolve, silence and oncall, plus errors presented with hints.
 */
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerAlertCommands, renderOnCall, type AlertCliIo } from '../../../src/cli/alert-commands.js';
import { alice, failAll, startHarness, type Harness } from './support/alerting-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function cli(harness: Harness) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const io: AlertCliIo = { out: (t) => out.push(t), err: (t) => err.push(t), setExitCode: (c) => (exitCode = c), now: () => harness.clock.now() };
  const run = async (...args: string[]): Promise<void> => {
    const program = new Command('opsdeck').exitOverride();
    registerAlertCommands(program, () => Promise.resolve({ alerting: harness.alerting, actor: alice, close: () => Promise.resolve() }), io);
    await program.parseAsync(args, { from: 'user' });
  };
  return { out, err, run, exit: () => exitCode };
}

describe('alert CLI', () => {
  it('lists, acknowledges and resolves alerts, and silences by matcher', async () => {
    h = await startHarness({ alerts: { rules: { unhealthyFor: 0, underReplicatedFor: '1d' } } });
    const c = cli(h);
    await c.run('alerts');
    expect(c.out.pop()).toBe('No open alerts.');
    h.backend.putService({ name: 'web', replicas: 2, tenant: 'shop' });
    await h.settle();
    failAll(h.backend, 'web', 2);
    await h.settle();
    await h.clock.advance(1_000);
    await c.run('alerts');
    const table = c.out.pop() ?? '';
    expect(table.split('\n')[0]).toMatch(/^ID\s+SEVERITY\s+STATE\s+AGE\s+KIND\s+SUMMARY$/);
    expect(table).toMatch(/A1\s+critical\s+firing\s+1s\s+service-unhealthy\s+web is UNHEALTHY/);
    await c.run('alerts', '--json');
    expect(JSON.parse(c.out.pop() ?? '[]')).toEqual([expect.objectContaining({ id: 'A1', state: 'firing' })]);
    await c.run('ack', 'a1');
    expect(c.out.pop()).toMatch(/^A1 acknowledged by alice/);
    await c.run('resolve', 'A1');
    expect(c.out.pop()).toMatch(/^A1 resolved by alice/);
    await c.run('resolve', 'A1');
    expect(c.err.pop()).toMatch(/error: Alert A1 is already resolved\.\nhint:/);
    expect(c.exit()).toBe(1);
    await c.run('silence', 'service=mem/web', '--for', '2h', '--comment', 'deploy');
    expect(c.out.pop()).toMatch(/^S-\w+ silences service=mem\/web until 2026-03-02T14:00:01.000Z$/);
    await c.run('silence', 'service=mem/web', '--for', 'soon');
    expect(c.err.pop()).toMatch(/"soon" is not a duration/);
  });

  it('answers who is on call, now and at a given time, per schedule', async () => {
    h = await startHarness({
      oncall: {
        schedules: [{ name: 'ops', timeZone: 'Europe/Berlin', layers: [{ name: 'weekly', users: ['alice', 'bob'], start: '2026-03-02', handoff: '09:00', rotationDays: 7 }] }],
      },
    });
    const c = cli(h);
    await c.run('oncall');
    expect(c.out.pop()).toMatch(/^ops: Alice \(alice, weekly\) until 9 Mar 2026, 09:00 Europe\/Berlin$/);
    await c.run('oncall', '--at', '2026-03-10T12:00:00Z', '--schedule', 'ops', '--json');
    expect(JSON.parse(c.out.pop() ?? '[]')).toEqual([expect.objectContaining({ schedule: 'ops', person: expect.objectContaining({ id: 'bob' }) })]);
    await c.run('oncall', '--schedule', 'nope');
    expect(c.err.pop()).toMatch(/There is no schedule "nope"/);
    expect(renderOnCall([], 0)).toBe('No schedules are configured.');
  });
});
