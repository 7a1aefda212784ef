/**
 * `opsdeck tui [--read-only]`: opens the embedded core through the lead's
 * `open` function and runs the terminal dashboard on it until the person quits.
 * Remote mode (`--connect URL --token T`) runs the same dashboard on a
 * mirror of a running daemon's state, through its ws API.
 */
import type { Command } from 'commander';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { opsError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { openRemoteDashboard } from '../remote/index.js';
import { runDashboard, type DashboardScreenOptions, type DashboardStore } from '../tui/run-dashboard.js';
import type { ActionGateway, AlertsSource, AuditSource, OnCallSource } from '../tui/ports.js';

/** What `open` hands the dashboard: the core's state plus optional ports, and how to shut it down. */
export interface TuiRuntime {
  store: DashboardStore;
  clock: Clock;
  actions?: ActionGateway;
  alerts?: AlertsSource;
  oncall?: OnCallSource;
  audit?: AuditSource;
  close(): Promise<void>;
}

/** Opens the embedded core for the dashboard. */
export type OpenTuiRuntime = (options: { readOnly: boolean }) => Promise<TuiRuntime>;

/** Options of the `tui` command as commander parses them. */
interface TuiFlags {
  readOnly?: boolean;
  connect?: string;
  token?: string;
}

/** Runs the dashboard on an opened runtime until the person quits, then closes the runtime. */
export async function runTuiSession(open: OpenTuiRuntime, flags: TuiFlags, deps: { screen?: DashboardScreenOptions } = {}): Promise<void> {
  const readOnly = flags.readOnly === true;
  const runtime = flags.connect !== undefined || flags.token !== undefined ? await openRemote(flags, readOnly) : await open({ readOnly });
  try {
    await new Promise<void>((resolve) => {
      runDashboard({
        store: runtime.store,
        clock: runtime.clock,
        readOnly,
        ...(runtime.actions === undefined ? {} : { actions: runtime.actions }),
        ...(runtime.alerts === undefined ? {} : { alerts: runtime.alerts }),
        ...(runtime.oncall === undefined ? {} : { oncall: runtime.oncall }),
        ...(runtime.audit === undefined ? {} : { audit: runtime.audit }),
        ...(deps.screen === undefined ? {} : { screen: deps.screen }),
        onExit: resolve,
      });
    });
  } finally {
    await runtime.close();
  }
}

/** Connects to a running daemon's ws API; its logs go nowhere near the terminal the dashboard draws on. */
async function openRemote(flags: TuiFlags, readOnly: boolean): Promise<TuiRuntime> {
  if (flags.connect === undefined || flags.token === undefined) {
    throw opsError('INPUT_INVALID', 'Remote mode needs both --connect URL and --token TOKEN.', {
      hint: 'Example: opsdeck tui --connect http://opsdeck.internal:7433 --token "$OPSDECK_TOKEN".',
    });
  }
  const remote = await openRemoteDashboard({ url: flags.connect, token: flags.token, clock: systemClock, logger: silentLogger });
  if (!readOnly) return remote;
  const { actions: _hidden, ...withoutActions } = remote;
  return withoutActions;
}

/** Adds `opsdeck tui` to the program; `screen` is for tests (defaults to the real terminal). */
export function registerTuiCommand(program: Command, open: OpenTuiRuntime, deps: { screen?: DashboardScreenOptions } = {}): Command {
  return program
    .command('tui')
    .description('Live terminal dashboard: every backend in one view, plans, alerts and guarded actions (k9s-style keys; ? for help).')
    .option('--read-only', 'hide and refuse all actions')
    .option('--connect <url>', 'connect to a running opsdeck daemon (its ws API) instead of the embedded core')
    .option('--token <token>', 'API token for --connect')
    .action((flags: TuiFlags) => runTuiSession(open, flags, deps));
}

/** Adds `opsdeck demo`: the dashboard on the embedded simulated DC/OS cluster with gentle chaos. */
export function registerDemoCommand(program: Command, open: OpenTuiRuntime, deps: { screen?: DashboardScreenOptions } = {}): Command {
  return program
    .command('demo')
    .description('Start the embedded simulated DC/OS cluster (with gentle chaos) and the dashboard on it.')
    .option('--read-only', 'hide and refuse all actions')
    .action((flags: TuiFlags) => {
      program.setOptionValue('demo', true);
      return runTuiSession(open, { ...(flags.readOnly === undefined ? {} : { readOnly: flags.readOnly }) }, deps);
    });
}
