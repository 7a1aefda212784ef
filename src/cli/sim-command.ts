/**
 * `opsdeck sim [--port N] [--seed S] [--chaos]`: runs the simulated DC/OS
 * cluster on its own and prints its URLs, so a Mesos backend (or curl) can be
 * pointed at it like at a real cluster. Runs until SIGINT / SIGTERM.
 */
import type { Command } from 'commander';
import { opsError } from '../core/errors.js';
import { startSimulatedCluster, type SimulatedCluster } from '../backends/sim/simulated-cluster.js';

/** Side effects of the command, injectable for tests. */
export interface SimCommandIo {
  stdout: (text: string) => void;
  /** Resolves when the person interrupts the process. */
  interrupted: () => Promise<void>;
}

interface SimFlags {
  port?: string;
  seed?: string;
  chaos?: boolean | string;
  heartbeat?: string;
}

const defaultIo: SimCommandIo = {
  stdout: (text) => void process.stdout.write(text),
  interrupted: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
};

function integer(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw opsError('INPUT_INVALID', `--${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}

/** The text `opsdeck sim` prints once the cluster listens. */
export function describeSimulator(cluster: SimulatedCluster, options: { chaos: string }): string {
  const sdk = Object.entries(cluster.urls.sdk).map(([name, url]) => `  sdk ${name.padEnd(10)} ${url}\n`).join('');
  return (
    `Simulated DC/OS cluster listening (chaos: ${options.chaos}).\n` +
    `  mesos          ${cluster.urls.mesos}   (POST /api/v1)\n` +
    `  marathon       ${cluster.urls.marathon}   (/v2/apps, /v2/deployments, /v2/events)\n` +
    sdk +
    `Config section for opsdeck:\n` +
    `  - kind: mesos\n    id: sim\n    mesosUrl: ${cluster.urls.mesos}\n    marathonUrl: ${cluster.urls.marathon}\n    sdk:\n` +
    Object.entries(cluster.urls.sdk).map(([name, url]) => `      ${name}: ${url}\n`).join('') +
    `Press Ctrl-C to stop.\n`
  );
}

/** Adds `opsdeck sim` to the program. */
export function registerSimCommand(program: Command, io: SimCommandIo = defaultIo): Command {
  return program
    .command('sim')
    .description('Run the simulated DC/OS cluster (Mesos operator API, Marathon, SDK schedulers) on 127.0.0.1 and print its URLs.')
    .option('--port <n>', 'port to listen on (default: a free port)')
    .option('--seed <s>', 'seed for ids, placement and chaos (default 1)')
    .option('--chaos [mode]', 'inject faults now and then: gentle (default) or rough')
    .option('--heartbeat <ms>', 'Mesos heartbeat interval in ms (default 15000)')
    .action(async (flags: SimFlags) => {
      const port = integer(flags.port, 'port', 0, 65_535);
      const seed = integer(flags.seed, 'seed', 0, 2 ** 31 - 1);
      const heartbeatIntervalMs = integer(flags.heartbeat, 'heartbeat', 10, 600_000);
      const chaos = flags.chaos === undefined || flags.chaos === false ? 'off' : flags.chaos === true ? 'gentle' : flags.chaos;
      if (chaos !== 'off' && chaos !== 'gentle' && chaos !== 'rough') throw opsError('INPUT_INVALID', `--chaos must be gentle or rough, got "${chaos}".`);
      const cluster = await startSimulatedCluster({
        chaos,
        ...(port === undefined ? {} : { port }),
        ...(seed === undefined ? {} : { seed }),
        ...(heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs }),
      });
      io.stdout(describeSimulator(cluster, { chaos }));
      try {
        await io.interrupted();
      } finally {
        await cluster.close();
        io.stdout('Simulated cluster stopped.\n');
      }
    });
}
