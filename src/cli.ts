/**
 * The `opsdeck` entry point: builds the program with real I/O, runs it, and
 * turns every failure into one clear message and an exit code (0 ok, 1 user
 * error, 2 unreachable backend).
 */
import { CommanderError } from 'commander';
import { userInfo } from 'node:os';
import { jsonLogger, type LogLevel } from './core/logger.js';
import { openCliRuntime } from './cli/open-runtime.js';
import { presentError } from './cli/present-error.js';
import { buildProgram } from './cli/program.js';

const level = (['debug', 'info', 'warn', 'error'] as const).find((l) => l === process.env.OPSDECK_LOG) ?? 'error';
const logger = jsonLogger({ write: (line) => process.stderr.write(`${line}\n`), level: level as LogLevel });

const { program, exitCode } = buildProgram({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  osUser: userInfo().username,
  openRuntime: (options) => openCliRuntime(options, { env: process.env, logger }),
  interrupted: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
});

try {
  await program.parseAsync(process.argv);
  // Commands report their exit code either through the program or directly on process.exitCode.
  process.exitCode = Math.max(Number(process.exitCode ?? 0), exitCode());
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 1;
  } else {
    const presented = presentError(error);
    if (presented.log !== undefined) logger.log('error', 'unexpected error', presented.log);
    process.stderr.write(`${presented.text}\n`);
    process.exitCode = presented.exitCode;
  }
}
