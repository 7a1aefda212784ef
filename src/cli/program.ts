/**
 * Builds the `opsdeck` command tree (commander) with its global options; every
 * area registers its own commands here. Pure wiring: all effects go through CliIo.
 */
import { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { registerLifecycleCommands, resolveCliActor, type LifecycleContext } from './lifecycle-commands.js';
import { openOptions, registerReadCommands } from './read-commands.js';
import { registerSimCommand } from './sim-command.js';
import { registerDemoCommand, registerTuiCommand, type TuiRuntime } from './tui-command.js';
import { tuiActionGateway } from '../daemon/adapters/tui-action-gateway.js';
import { tuiAuditSource } from '../daemon/adapters/tui-audit-source.js';
import { tuiAlertsSource, tuiOnCallSource } from '../daemon/adapters/tui-alert-sources.js';
import { registerAlertCommands, type AlertCliContext } from './alert-commands.js';
import { registerServeCommand } from './serve-command.js';

/** The program plus the exit code its last action asked for. */
export interface BuiltProgram {
  program: Command;
  exitCode: () => number;
}

/** Creates the CLI program bound to `io`. */
export function buildProgram(io: CliIo): BuiltProgram {
  let exitCode = 0;
  const program = new Command('opsdeck')
    .description('Operator console: live health, deployment plans, alerts and guarded actions across Mesos/DC/OS, Kubernetes and Docker.')
    .option('-c, --config <path>', 'config file (default: $OPSDECK_CONFIG or ./opsdeck.yaml)')
    .option('--demo', 'run against the embedded simulated DC/OS cluster instead of a config')
    .option('--timeout <seconds>', 'how long to wait for the first full sync of every backend', '20')
    .showHelpAfterError('(run `opsdeck --help` for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerReadCommands(program, io, (code) => {
    exitCode = code;
  });
  registerLifecycleCommands(program, () => openLifecycle(program, io));
  registerSimCommand(program);
  const openTui = (flags: { readOnly: boolean }): Promise<TuiRuntime> => openDashboard(program, io, flags);
  registerTuiCommand(program, openTui);
  registerAlertCommands(program, () => openAlerts(program, io));
  registerServeCommand(program, io);
  registerDemoCommand(program, openTui);
  return { program, exitCode: () => exitCode };
}

/** Opens the core for a lifecycle command: first sync, then the engine, acting as the mapped OS user. */
async function openLifecycle(program: Command, io: CliIo): Promise<LifecycleContext> {
  const options = openOptions(program);
  const runtime = await io.openRuntime(options);
  try {
    await runtime.waitForFirstSync({ timeoutMs: options.timeoutMs });
    const { engine, access } = runtime.commands();
    const actor = resolveCliActor(access, io.osUser);
    return { engine, store: runtime.store, actor, close: () => runtime.close() };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/**
 * Opens the core for the dashboard without waiting for the first sync (the
 * dashboard shows its own loading state). Actions are offered only when the
 * OS user maps to an actor and the dashboard is not read-only.
 */
async function openDashboard(program: Command, io: CliIo, flags: { readOnly: boolean }): Promise<TuiRuntime> {
  const options = openOptions(program);
  const runtime = await io.openRuntime(options);
  try {
    const { engine, access, audit } = runtime.commands();
    const known = access.identify('os', io.osUser);
    const actor = known === undefined || flags.readOnly ? undefined : { ...known, source: 'tui' as const };
    const alerting = runtime.alerting();
    // The demo is its own cluster: this process pages. With a config, the daemon pages and the dashboard reads.
    if (options.demo) alerting.start();
    return {
      store: runtime.store,
      clock: runtime.clock,
      audit: tuiAuditSource(audit),
      alerts: tuiAlertsSource(alerting, actor),
      oncall: tuiOnCallSource(alerting),
      ...(actor === undefined ? {} : { actions: tuiActionGateway(engine, runtime.store, actor) }),
      close: () => runtime.close(),
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/** Opens alerting for the alert commands, acting as the mapped OS user (no pager runs in the CLI process). */
async function openAlerts(program: Command, io: CliIo): Promise<AlertCliContext> {
  const runtime = await io.openRuntime(openOptions(program));
  try {
    const { access } = runtime.commands();
    const actor = resolveCliActor(access, io.osUser);
    return { alerting: runtime.alerting(), actor, close: () => runtime.close() };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
