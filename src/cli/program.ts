/**
 * Builds the `opsdeck` command tree (commander) with its global options; every
 * area registers its own commands here. Pure wiring: all effects go through CliIo.
 */
import { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { registerLifecycleCommands } from './lifecycle-commands.js';
import { openAlerts, openDashboard, openLifecycle } from './open-faces.js';
import { registerReadCommands } from './read-commands.js';
import { registerSimCommand } from './sim-command.js';
import { registerDemoCommand, registerTuiCommand, type TuiRuntime } from './tui-command.js';
import { registerAlertCommands } from './alert-commands.js';
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
