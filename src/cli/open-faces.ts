/**
 * How each CLI face opens the embedded core: the runtime from the global
 * options, then the parts that face needs (engine, alerting, dashboard
 * ports), acting as the OS user the access config maps. A failure while
 * building closes the runtime again.
 */
import type { Command } from 'commander';
import { tuiActionGateway } from '../daemon/adapters/tui-action-gateway.js';
import { tuiAlertsSource, tuiOnCallSource } from '../daemon/adapters/tui-alert-sources.js';
import { tuiAuditSource } from '../daemon/adapters/tui-audit-source.js';
import type { Runtime } from '../daemon/runtime.js';
import type { AlertCliContext } from './alert-commands.js';
import type { CliIo, OpenOptions } from './cli-io.js';
import { resolveCliActor, type LifecycleContext } from './lifecycle-commands.js';
import { openOptions } from './read-commands.js';
import type { TuiRuntime } from './tui-command.js';

async function openFor<T>(program: Command, io: CliIo, build: (runtime: Runtime, options: OpenOptions) => Promise<T> | T): Promise<T> {
  const options = openOptions(program);
  const runtime = await io.openRuntime(options);
  try {
    return await build(runtime, options);
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/** Opens the core for a lifecycle command: first sync, then the engine, acting as the mapped OS user. */
export function openLifecycle(program: Command, io: CliIo): Promise<LifecycleContext> {
  return openFor(program, io, async (runtime, options) => {
    await runtime.waitForFirstSync({ timeoutMs: options.timeoutMs });
    const { engine, access } = runtime.commands();
    return { engine, store: runtime.store, actor: resolveCliActor(access, io.osUser), close: () => runtime.close() };
  });
}

/**
 * Opens the core for the dashboard without waiting for the first sync (the
 * dashboard shows its own loading state). Actions are offered only when the
 * OS user maps to an actor and the dashboard is not read-only.
 */
export function openDashboard(program: Command, io: CliIo, flags: { readOnly: boolean }): Promise<TuiRuntime> {
  return openFor(program, io, (runtime, options) => {
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
  });
}

/** Opens alerting for the alert commands, acting as the mapped OS user (no pager runs in the CLI process). */
export function openAlerts(program: Command, io: CliIo): Promise<AlertCliContext> {
  return openFor(program, io, (runtime) => {
    const actor = resolveCliActor(runtime.commands().access, io.osUser);
    return { alerting: runtime.alerting(), actor, close: () => runtime.close() };
  });
}
