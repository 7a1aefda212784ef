/**
 * `opsdeck serve`, the long-running daemon, composed in one place: the
 * runtime (backends, store, engine, alerting), the pager running here, the ws
 * API and HTTP endpoints, the Slack bot when configured, and an orderly
 * shutdown that stops intake, finishes in-flight work and closes storage.
 */
import type { Clock } from '../core/clock.js';
import { LogNotifier } from '../core/alerts/index.js';
import type { Logger } from '../core/logger.js';
import { remoteAlertService } from './adapters/remote-alert-service.js';
import { remoteCommandService } from './adapters/remote-command-service.js';
import type { BackendKindEntry } from './backend-registry.js';
import type { LoadedConfig } from './config/load-config.js';
import { countingNotifier } from './counting-notifier.js';
import { delegatingNotifier, type DelegatingNotifier } from './delegating-notifier.js';
import { startDaemonServer, type DaemonServer } from './http/daemon-server.js';
import { createDaemonMetrics, type DaemonMetrics } from './metrics/daemon-metrics.js';
import { startRuntime, type Runtime } from './runtime.js';
import { drainStep, type ShutdownStep } from './shutdown.js';
import { createTokenDirectory } from './token-directory.js';

/** What serve needs besides the config. */
export interface ServeDeps {
  clock: Clock;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  kinds: readonly BackendKindEntry[];
  /** Hook for the Slack bot (or another notifier) once alerting exists; returns a stop function. */
  attachNotifier?: (parts: { runtime: Runtime; pages: DelegatingNotifier; metrics: DaemonMetrics }) => Promise<() => Promise<void>>;
}

/** A running daemon. */
export interface RunningDaemon {
  runtime: Runtime;
  server: DaemonServer;
  metrics: DaemonMetrics;
  /** The shutdown steps, in order, for installShutdown. */
  shutdownSteps(): ShutdownStep[];
}

/** Starts everything the config describes and begins paging. */
export async function serve(config: LoadedConfig, deps: ServeDeps): Promise<RunningDaemon> {
  const metrics = createDaemonMetrics();
  const pages = delegatingNotifier(countingNotifier(new LogNotifier({ logger: deps.logger }), metrics, 'log'));
  const runtime = await startRuntime(config, { clock: deps.clock, env: deps.env, logger: deps.logger, kinds: deps.kinds, notifier: pages });
  let stopNotifier: () => Promise<void> = async () => undefined;
  try {
    const { engine } = runtime.commands();
    const alerting = runtime.alerting();
    alerting.start();
    if (deps.attachNotifier !== undefined) stopNotifier = await deps.attachNotifier({ runtime, pages, metrics });
    const server = await startDaemonServer({
      store: runtime.store,
      clock: deps.clock,
      logger: deps.logger,
      config: config.daemon,
      tokens: createTokenDirectory(config.daemon.tokens),
      commands: remoteCommandService(engine),
      alerts: remoteAlertService(alerting),
      metrics,
      env: deps.env,
    });
    return {
      runtime,
      server,
      metrics,
      shutdownSteps: () => [
        { name: 'stop intake', run: () => server.stopIntake() },
        drainStep(server.inflight, deps.logger),
        { name: 'close daemon server', run: (signal) => server.close({ signal }) },
        { name: 'stop notifier', run: () => stopNotifier() },
        { name: 'stop backends, pager and storage', run: () => runtime.close() },
      ],
    };
  } catch (error) {
    await stopNotifier();
    await runtime.close();
    throw error;
  }
}
