/** The CLI renders engine results as one clear line with the right exit code, prompts on a TTY, and never decides policy itself. */
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerLifecycleCommands, type CliIo } from '../../../src/cli/lifecycle-commands.js';
import { opsError } from '../../../src/core/errors.js';
import { actor, createEngineFixture, type EngineFixture } from './support/engine-fixture.js';

let fx: EngineFixture;
afterEach(() => fx?.close());

interface Run {
  out: string[];
  err: string[];
  code: number;
}

async function cli(args: string[], options: { as?: string; tty?: boolean; answers?: string[]; failOpen?: boolean; program?: Command } = {}): Promise<Run> {
  const run: Run = { out: [], err: [], code: 0 };
  const answers = [...(options.answers ?? [])];
  const io: CliIo = {
    out: (t) => run.out.push(t),
    err: (t) => run.err.push(t),
    isTty: options.tty ?? false,
    prompt: async () => answers.shift() ?? '',
    setExitCode: (c) => (run.code = c),
  };
  const program = options.program ?? new Command('opsdeck');
  program.exitOverride();
  registerLifecycleCommands(
    program,
    async () => {
      if (options.failOpen) throw opsError('BACKEND_UNREACHABLE', 'Cannot reach the opsdeck daemon.', { hint: 'Start it.' });
      return { engine: fx.engine, store: fx.store, actor: actor(options.as ?? 'alice'), close: async () => undefined };
    },
    io,
  );
  await program.parseAsync(['node', 'opsdeck', ...args]);
  return run;
}

describe('lifecycle CLI', () => {
  it('scales with --yes and reports the verified outcome', async () => {
    fx = await createEngineFixture();
    const run = await cli(['scale', 'web', '5', '--yes', '--reason', 'traffic spike']);
    expect(run).toMatchObject({ code: 0, err: [] });
    expect(run.out[0]).toMatch(/^succeeded: scaled web from 3 to 5/);
    expect(fx.engine.audit.entries().find((e) => e.event === 'command.submitted')?.details?.['reason']).toBe('traffic spike');
  });

  it('shows a preview with --dry-run and changes nothing', async () => {
    fx = await createEngineFixture();
    const run = await cli(['scale', 'web', '0', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.out.join('\n')).toMatch(/scale web to 0[\s\S]*desired instances: 3 → 0[\s\S]*3 instance\(s\) will be stopped[\s\S]*confirmation: type-name/);
    expect(fx.backend.truth('web').desired).toBe(3);
  });

  it('without a TTY, asks for --confirm-name for type-the-name commands; with it, acts', async () => {
    fx = await createEngineFixture();
    const refused = await cli(['restart', 'ledger', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.err).toEqual([expect.stringMatching(/^error: Type "ledger" to restart ledger\.\nhint: Pass --confirm-name ledger\.$/)]);
    const wrong = await cli(['restart', 'ledger', '--confirm-name', 'ledgre']);
    expect(wrong.code).toBe(1);
    expect(wrong.err[0]).toMatch(/does not match/);
    const done = await cli(['restart', 'ledger', '--confirm-name', 'ledger']);
    expect(done.code).toBe(0);
  });

  it('on a TTY, prompts for the name and acts on the right answer', async () => {
    fx = await createEngineFixture();
    const run = await cli(['rollback', 'web'], { tty: true, answers: ['web'] });
    expect(run.code).toBe(0);
    expect(run.err.join('\n')).toContain('rollback web');
    expect(fx.backend.truth('web').version).toBe('v1');
  });

  it('exits 1 with one line for user errors and 2 for an unreachable backend', async () => {
    fx = await createEngineFixture();
    for (const args of [['scale', 'web', 'lots'], ['restart', 'indexer', '--yes'], ['plan', 'pause', 'ledger', '--phase', 'nope'], ['kill-task', 'x;reboot', '--yes'], ['scale', 'web', '100000', '--yes'], ['scale', 'web', '-1', '--yes']]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.err, args.join(' ')).toHaveLength(1);
      expect(run.err[0]).toMatch(/^error: .+\nhint: .+/);
    }
    expect((await cli(['restart', 'web', '--yes'], { failOpen: true })).code).toBe(2);
    fx.backend.disconnect();
    const unreachable = await cli(['restart', 'web', '--yes']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.err[0]).toMatch(/unreachable/);
  });

  it('runs the approval flow across two people', async () => {
    fx = await createEngineFixture();
    const asked = await cli(['plan', 'force-complete', 'ledger', '--phase', 'ledger-phase']);
    const requestId = /request (apr-[a-f0-9]{16})/.exec(asked.out.join('\n'))?.[1];
    expect(requestId).toBeDefined();
    expect((await cli(['approve', requestId ?? ''])).err[0]).toMatch(/cannot approve your own request/);
    const approved = await cli(['approve', requestId ?? ''], { as: 'bob' });
    expect(approved.code).toBe(0);
    expect(approved.out[0]).toMatch(/^succeeded/);
  });

  it('verifies the audit log and names the first bad sequence after tampering', async () => {
    fx = await createEngineFixture();
    await cli(['scale', 'web', '4', '--yes']);
    expect((await cli(['audit', '--verify'])).out[0]).toMatch(/^audit log ok: \d+ entries/);
    fx.db.prepare("UPDATE audit_entries SET actor_id = 'mallory' WHERE seq = 3").run();
    const broken = await cli(['audit', '--verify']);
    expect(broken.code).toBe(1);
    expect(broken.err[0]).toMatch(/broken at sequence 3/);
    const listed = await cli(['audit', '--json', '--limit', '2']);
    expect(listed.out).toHaveLength(2);
    expect(JSON.parse(listed.out[1] ?? '{}')).toHaveProperty('hash');
  });

  it('exports a checkpoint and detects truncation against it even when the checkpoint table is wiped', async () => {
    fx = await createEngineFixture();
    await cli(['scale', 'web', '4', '--yes']);
    const exported = await cli(['audit', '--checkpoint']);
    const { writeFileSync } = await import('node:fs');
    const file = `${fx.dbPath}.checkpoint.json`;
    writeFileSync(file, exported.out[0] ?? '');
    fx.db.prepare('DELETE FROM audit_entries WHERE seq > 2').run();
    fx.db.prepare('DELETE FROM audit_checkpoints').run();
    const verified = await cli(['audit', '--verify', '--against', file]);
    expect(verified.code).toBe(1);
    expect(verified.err[0]).toMatch(/broken at sequence 3/);
    writeFileSync(file, '{"seq":"x"}');
    expect((await cli(['audit', '--verify', '--against', file])).err[0]).toMatch(/malformed/);
  });

  it('maps the OS user to the configured actor and refuses unknown users', async () => {
    const { resolveCliActor } = await import('../../../src/cli/lifecycle-commands.js');
    const { accessConfigSchema, createAccessGate } = await import('../../../src/core/access/index.js');
    const { TEST_ACCESS } = await import('./support/engine-fixture.js');
    const gate = createAccessGate(accessConfigSchema.parse(TEST_ACCESS));
    expect(resolveCliActor(gate, 'alice')).toMatchObject({ id: 'alice', source: 'cli' });
    expect(() => resolveCliActor(gate, 'mallory')).toThrow(/not a known opsdeck actor/);
  });

  it('attaches plan subcommands to an existing plan command', async () => {
    fx = await createEngineFixture();
    const program = new Command('opsdeck');
    const plan = program.command('plan');
    plan.command('show <service>').action(() => undefined);
    const run = await cli(['plan', 'pause', 'ledger'], { program });
    expect(run.code).toBe(0);
    expect(program.commands.filter((c) => c.name() === 'plan')).toHaveLength(1);
    expect(plan.commands.map((c) => c.name()).sort()).toEqual(['continue', 'force-complete', 'pause', 'restart', 'resume', 'show']);
  });
});
