/**
 * Starts the real dashboard on the MemoryBackend world inside a headless
 * terminal with a fake clock, for screen tests.
 */
import { FakeClock } from '../../../src/core/fake-clock.js';
import { runDashboard, type Dashboard, type DashboardOptions } from '../../../src/tui/run-dashboard.js';
import { buildWorld, type World } from '../fixtures/world.js';
import { HeadlessTerminal } from './headless-terminal.js';

/** Everything a screen test touches. */
export interface Harness {
  clock: FakeClock;
  world: World;
  term: HeadlessTerminal;
  dashboard: Dashboard;
  exited: () => boolean;
  /** Advances fake time (lets events flow and coalesced redraws happen) and waits for the terminal. */
  tick(ms?: number): Promise<void>;
  stop(): void;
}

/** Options: extra dashboard options, and whether the world starts pumping right away. */
export async function startHarness(options: Partial<Omit<DashboardOptions, 'store' | 'clock' | 'screen'>> & { startWorld?: boolean; cols?: number; rows?: number } = {}): Promise<Harness> {
  const clock = new FakeClock('2026-03-01T12:00:00Z');
  const world = buildWorld(clock, { start: options.startWorld !== false });
  const term = new HeadlessTerminal({ cols: options.cols ?? 120, rows: options.rows ?? 36 });
  let exited = false;
  const { startWorld: _s, cols: _c, rows: _r, ...dashboardOptions } = options;
  const dashboard = runDashboard({
    ...dashboardOptions,
    store: world.store,
    clock,
    screen: { input: term.input, output: term.output, terminal: 'xterm-256color' },
    onExit: () => {
      exited = true;
    },
  });
  const tick = async (ms = 200): Promise<void> => {
    await clock.advance(ms);
    await term.settle();
  };
  await tick();
  return {
    clock,
    world,
    term,
    dashboard,
    exited: () => exited,
    tick,
    stop: () => {
      dashboard.close();
      world.stop();
      term.dispose();
    },
  };
}
