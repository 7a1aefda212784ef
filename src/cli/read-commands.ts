/**
 * The read-only CLI commands: `status`, `services`, `tasks` and `plan show`, each with
 * `--json` for scripts. They open the embedded core, wait for the first full
 * sync, print, and exit (or keep printing with `--watch`).
 */
import type { Command } from 'commander';
import { opsError } from '../core/errors.js';
import type { Runtime } from '../daemon/runtime.js';
import type { CliIo, OpenOptions } from './cli-io.js';
import { findService } from './find-service.js';
import { EXIT } from './present-error.js';
import { planToJson, renderPlanTree } from './output/plan-output.js';
import { renderServicesTable, serviceToJson, sortServices } from './output/services-output.js';
import { renderStatus, statusJson } from './output/status-output.js';
import { renderTasksTable, taskToJson } from './output/tasks-output.js';

/** Global options every core-opening command reads from the root program. */
export function openOptions(command: Command): OpenOptions {
  const opts = command.optsWithGlobals<{ config?: string; demo?: boolean; timeout?: string }>();
  const seconds = Number(opts.timeout ?? '20');
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw opsError('INPUT_INVALID', `--timeout must be a positive number of seconds, got "${opts.timeout}".`);
  }
  return { ...(opts.config === undefined ? {} : { configPath: opts.config }), demo: opts.demo === true, timeoutMs: seconds * 1000 };
}

async function withRuntime(io: CliIo, command: Command, run: (runtime: Runtime) => Promise<number>): Promise<number> {
  const options = openOptions(command);
  const runtime = await io.openRuntime(options);
  try {
    await runtime.waitForFirstSync({ timeoutMs: options.timeoutMs });
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}

function anyStale(runtime: Runtime): boolean {
  return runtime.store.backends().some((b) => b.connection === 'stale');
}

/** Registers `status`, `services`, `tasks` and `plan show`; actions set `process.exitCode` through `setExit`. */
export function registerReadCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('status')
    .description('show backends, their data age, and services that need attention')
    .option('--json', 'print machine-readable JSON')
    .option('--watch', 'keep printing as the state changes (Ctrl-C to stop)')
    .action(async (opts: { json?: boolean; watch?: boolean }, command: Command) => {
      setExit(
        await withRuntime(io, command, async (runtime) => {
          const print = (): void => {
            const now = runtime.clock.now();
            if (opts.json === true) io.stdout(`${JSON.stringify(statusJson(runtime.store, now, { compositions: runtime.config.compositions }), null, opts.watch ? 0 : 2)}\n`);
            else io.stdout(`${opts.watch ? '\x1b[2J\x1b[H' : ''}${renderStatus(runtime.store, now, { compositions: runtime.config.compositions }).join('\n')}\n`);
          };
          print();
          if (opts.watch === true) {
            let last = 0;
            const unsubscribe = runtime.store.subscribe(() => {
              const now = runtime.clock.now();
              if (now - last >= 1000) {
                last = now;
                print();
              }
            });
            await io.interrupted();
            unsubscribe();
          }
          return anyStale(runtime) ? EXIT.unreachable : EXIT.ok;
        }),
      );
    });

  program
    .command('services')
    .description('list services across every backend')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--json', 'print machine-readable JSON')
    .action(async (opts: { tenant?: string; json?: boolean }, command: Command) => {
      setExit(
        await withRuntime(io, command, async (runtime) => {
          const services = sortServices(opts.tenant === undefined ? runtime.store.services() : runtime.store.servicesOfTenant(opts.tenant));
          if (opts.json === true) io.stdout(`${JSON.stringify(services.map(serviceToJson), null, 2)}\n`);
          else io.stdout(`${renderServicesTable(services, runtime.clock.now()).join('\n')}\n`);
          return anyStale(runtime) ? EXIT.unreachable : EXIT.ok;
        }),
      );
    });

  program
    .command('tasks <service>')
    .description("list a service's tasks (the ids kill-task takes)")
    .option('--json', 'print machine-readable JSON')
    .action(async (serviceRef: string, opts: { json?: boolean }, command: Command) => {
      setExit(
        await withRuntime(io, command, async (runtime) => {
          const service = findService(runtime.store, serviceRef);
          const tasks = runtime.store.tasksOf(service.id);
          if (opts.json === true) io.stdout(`${JSON.stringify(tasks.map(taskToJson), null, 2)}\n`);
          else io.stdout(`${renderTasksTable(tasks, runtime.clock.now()).join('\n')}\n`);
          return anyStale(runtime) ? EXIT.unreachable : EXIT.ok;
        }),
      );
    });

  const plan = program.commands.find((c) => c.name() === 'plan') ?? program.command('plan').description('show and control deployment plans');
  plan
    .command('show <service>')
    .description("show a service's plans as phase / step trees")
    .option('--plan <name>', 'only this plan (deploy, update, recovery…)')
    .option('--json', 'print machine-readable JSON')
    .action(async (serviceRef: string, opts: { plan?: string; json?: boolean }, command: Command) => {
      setExit(
        await withRuntime(io, command, async (runtime) => {
          const service = findService(runtime.store, serviceRef);
          const plans = runtime.store.plansOf(service.id).filter((p) => opts.plan === undefined || p.name === opts.plan).sort((a, b) => a.name.localeCompare(b.name));
          if (opts.plan !== undefined && plans.length === 0) {
            const names = runtime.store.plansOf(service.id).map((p) => p.name);
            throw opsError('NOT_FOUND', `${service.name} has no plan "${opts.plan}".`, { hint: names.length > 0 ? `Its plans: ${names.join(', ')}.` : 'It has no plans.' });
          }
          if (opts.json === true) io.stdout(`${JSON.stringify(plans.map(planToJson), null, 2)}\n`);
          else if (plans.length === 0) io.stdout(`${service.name} has no plans.\n`);
          else io.stdout(`${plans.map((p) => renderPlanTree(p, runtime.clock.now()).join('\n')).join('\n\n')}\n`);
          return EXIT.ok;
        }),
      );
    });
}
