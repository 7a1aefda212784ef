/**
 * `opsdeck sim` starts the simulated cluster, prints URLs that answer real
 * operator API calls, and shuts the cluster down when interrupted; bad flags
 * are refused with a coded error.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerSimCommand } from '../../../src/cli/sim-command.js';
import { isOpsdeckError } from '../../../src/core/errors.js';

describe('opsdeck sim', () => {
  it('prints working URLs and a config section, and stops on interrupt', async () => {
    let output = '';
    let interrupt: () => void = () => undefined;
    let printed: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (printed = resolve));
    const program = new Command().exitOverride();
    registerSimCommand(program, {
      stdout: (text) => {
        output += text;
        if (text.includes('Press Ctrl-C')) printed();
      },
      interrupted: () => new Promise<void>((resolve) => (interrupt = resolve)),
    });
    const run = program.parseAsync(['node', 'opsdeck', 'sim', '--seed', '3', '--chaos']);
    await ready;
    expect(output).toContain('chaos: gentle');
    const mesos = /mesos\s+(http:\/\/127\.0\.0\.1:\d+\/mesos)/.exec(output)?.[1];
    expect(mesos).toBeDefined();
    const res = await fetch(`${mesos}/api/v1`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"type":"GET_HEALTH"}' });
    expect(await res.json()).toEqual({ type: 'GET_HEALTH', get_health: { healthy: true } });
    expect(output).toMatch(/sdk\s+hdfs\s+http:\/\/127\.0\.0\.1:\d+\/service\/hdfs/);
    expect(output).toContain('kind: mesos');
    interrupt();
    await run;
    expect(output).toContain('Simulated cluster stopped.');
    await expect(fetch(`${mesos}/api/v1`, { method: 'POST' })).rejects.toThrow();
  });

  it('refuses an invalid port with INPUT_INVALID', async () => {
    const program = new Command().exitOverride();
    registerSimCommand(program, { stdout: () => undefined, interrupted: async () => undefined });
    const error = await program.parseAsync(['node', 'opsdeck', 'sim', '--port', '99999']).then(() => undefined, (e: unknown) => e);
    expect(isOpsdeckError(error) && error.code).toBe('INPUT_INVALID');
  });
});
