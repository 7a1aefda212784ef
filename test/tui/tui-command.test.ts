import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/core/fake-clock.js';
import { registerTuiCommand, type TuiRuntime } from '../../src/cli/tui-command.js';
import { buildWorld } from './fixtures/world.js';
import { HeadlessTerminal } from './support/headless-terminal.js';

function program(): Command {
  return new Command('opsdeck').exitOverride();
}

describe('opsdeck tui command', () => {
  it('remote mode connects to the daemon instead of opening the embedded core, and says clearly when it cannot', async () => {
    let opened = false;
    const p = program();
    registerTuiCommand(p, async () => {
      opened = true;
      throw new Error('not reached');
    });
    await expect(p.parseAsync(['tui', '--connect', 'http://127.0.0.1:1', '--token', 'tok-0123456789'], { from: 'user' })).rejects.toMatchObject({
      code: 'BACKEND_UNREACHABLE',
    });
    expect(opened).toBe(false);
  });

  it('remote mode without a token asks for one', async () => {
    const p = program();
    registerTuiCommand(p, async () => {
      throw new Error('not reached');
    });
    await expect(p.parseAsync(['tui', '--connect', 'http://127.0.0.1:1'], { from: 'user' })).rejects.toMatchObject({ code: 'INPUT_INVALID', message: expect.stringContaining('--token') });
  });

  it('opens the runtime read-only when asked, runs the dashboard until q, then closes the runtime', async () => {
    const clock = new FakeClock('2026-03-01T12:00:00Z');
    const world = buildWorld(clock);
    const term = new HeadlessTerminal();
    const asked: { readOnly: boolean }[] = [];
    let closed = false;
    const p = program();
    registerTuiCommand(
      p,
      async (opts): Promise<TuiRuntime> => {
        asked.push(opts);
        return { store: world.store, clock, close: async () => void (closed = true) };
      },
      { screen: { input: term.input, output: term.output, terminal: 'xterm-256color' } },
    );
    const run = p.parseAsync(['tui', '--read-only'], { from: 'user' });
    await clock.advance(200);
    await term.waitFor('services (6)');
    expect(term.text()).toContain('[READ-ONLY]');
    expect(closed).toBe(false);
    await term.press('q');
    await run;
    expect(asked).toEqual([{ readOnly: true }]);
    expect(closed).toBe(true);
    world.stop();
    term.dispose();
  });
});
