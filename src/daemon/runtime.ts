/**
 * The embedded runtime: builds the store and every configured backend, pumps
 * their events, drives freshness, and can wait for the first full sync. The
 * CLI, the dashboard and the daemon all start from here.
 */
import type { Clock } from '../core/clock.js';
import { opsError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Backend } from '../core/backend/port.js';
import { runBackend } from '../core/backend/run-backend.js';
import { StateStore, startFreshnessTimer, waitForState, type ClusterStateView } from '../core/state/index.js';
import { openDatabase, type SqliteDatabase } from '../core/storage/sqlite-database.js';
import type { BackendKindEntry, BuiltBackend } from './backend-registry.js';
import { buildCommandWiring, type CommandWiring } from './command-wiring.js';
import { buildAlerting } from './alerting-wiring.js';
import { LogNotifier, type Alerting, type Notifier } from '../core/alerts/index.js';
import type { LoadedConfig } from './config/load-config.js';

/** What the runtime needs from its caller. */
export interface RuntimeDeps {
  clock: Clock;
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  kinds: readonly BackendKindEntry[];
  /** Where pages go; defaults to a notifier that writes them to the log. */
  notifier?: Notifier;
}

/** A running core: store plus backends. */
export interface Runtime {
  config: LoadedConfig;
  clock: Clock;
  store: StateStore;
  backends: ReadonlyMap<string, Backend>;
  logger: Logger;
  /** Secrets held by backends (for redaction). */
  secrets: string[];
  /** The SQLite database at the configured path, opened on first use. */
  database(): SqliteDatabase;
  /** The guarded command engine (with access gate and audit log), built on first use. */
  commands(): CommandWiring;
  /** Alerting (rules, silences, on-call, pager) on the same database, built on first use and not started. */
  alerting(): Alerting;
  /** Resolves once every backend has synced or gone stale; throws TIMEOUT naming the ones still connecting. */
  waitForFirstSync(options: { timeoutMs: number }): Promise<void>;
  close(): Promise<void>;
}

/** Builds and starts everything the config names. */
export async function startRuntime(config: LoadedConfig, deps: RuntimeDeps): Promise<Runtime> {
  const store = new StateStore({ clock: deps.clock, defaultTenant: config.defaultTenant });
  const built: BuiltBackend[] = [];
  const stop = new AbortController();
  try {
    for (const section of config.backends) {
      const entry = deps.kinds.find((k) => k.kind === section.kind);
      if (entry === undefined) throw opsError('CONFIG_INVALID', `Unknown backend kind "${section.kind}".`);
      const one = await entry.build(section.config, { clock: deps.clock, env: deps.env, logger: deps.logger.child({ backend: section.id }) });
      built.push(one);
      store.registerBackend(one.backend);
    }
  } catch (error) {
    await Promise.allSettled(built.map((b) => b.close?.()));
    throw error;
  }
  const secrets = built.flatMap((b) => b.secrets ?? []);
  const stopFreshness = startFreshnessTimer(store, deps.clock);
  const pumps = built.map((b) =>
    runBackend(b.backend, store, {
      clock: deps.clock,
      signal: stop.signal,
      secrets,
      onError: (message) => deps.logger.log('warn', 'backend watch failed', { backend: b.backend.id, error: message }),
    }),
  );
  const backends = new Map(built.map((b) => [b.backend.id, b.backend]));
  let db: SqliteDatabase | undefined;
  let commands: CommandWiring | undefined;
  let alerting: Alerting | undefined;
  const database = (): SqliteDatabase => (db ??= openDatabase(config.storage.path));
  const commandWiring = (): CommandWiring =>
    (commands ??= buildCommandWiring({ config, store, backends, db: database(), clock: deps.clock, logger: deps.logger }));

  return {
    config,
    clock: deps.clock,
    store,
    backends,
    logger: deps.logger,
    secrets,
    database,
    commands: commandWiring,
    alerting() {
      if (alerting === undefined) {
        const { engine, access, audit } = commandWiring();
        alerting = buildAlerting({
          config,
          store,
          db: database(),
          clock: deps.clock,
          logger: deps.logger,
          notifier: deps.notifier ?? new LogNotifier({ logger: deps.logger }),
          access,
          audit,
          engine,
        });
      }
      return alerting;
    },
    async waitForFirstSync({ timeoutMs }) {
      const settled = (s: ClusterStateView): boolean => s.backends().every((b) => b.synced || b.connection === 'stale');
      try {
        await waitForState(store, (s) => settled(s), { clock: deps.clock, timeoutMs, description: 'the first sync' });
      } catch (error) {
        const waiting = store.backends().filter((b) => !b.synced && b.connection !== 'stale').map((b) => b.id);
        throw opsError('BACKEND_UNREACHABLE', `No full state yet from ${waiting.join(', ')} after ${Math.round(timeoutMs / 1000)}s.`, {
          cause: error,
          retryable: true,
          hint: 'Check that the orchestrator is reachable from here and that the URLs in the config are right.',
        });
      }
    },
    async close() {
      stop.abort();
      stopFreshness();
      await Promise.allSettled(pumps);
      await Promise.allSettled(built.map((b) => b.close?.()));
      await alerting?.stop();
      commands?.stop();
      db?.close();
    },
  };
}
