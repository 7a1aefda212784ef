/**
 * A real daemon server on 127.0.0.1 (ephemeral port) over a real StateStore
 * fed by MemoryBackends, with tokens for two tenants and an admin; tests add
 * their own CommandService / AlertService doubles.
 */
import { systemClock as systemDeadlineClock } from '../../../../src/core/clock.js';
import { FakeClock } from '../../../../src/core/fake-clock.js';
import { silentLogger, type Logger } from '../../../../src/core/logger.js';
import { runBackend } from '../../../../src/core/backend/run-backend.js';
import { StateStore, waitForState } from '../../../../src/core/state/index.js';
import { MemoryBackend } from '../../../../src/backends/memory/memory-backend.js';
import { daemonConfigSchema, type DaemonConfig } from '../../../../src/daemon/daemon-config.js';
import { startDaemonServer, type DaemonServer } from '../../../../src/daemon/http/daemon-server.js';
import { createDaemonMetrics, type DaemonMetrics } from '../../../../src/daemon/metrics/daemon-metrics.js';
import type { AlertService, CommandService } from '../../../../src/daemon/ports.js';
import { createTokenDirectory, hashToken } from '../../../../src/daemon/token-directory.js';

/** Plain tokens the fixture's config holds hashes of. */
export const TOKENS = { alice: 'tok-alice-team-a-0123456789', bob: 'tok-bob-team-b-0123456789', root: 'tok-root-all-0123456789' } as const;

/** The fixture's daemon config section (as YAML would give it, before defaults). */
export function fixtureConfig(overrides: Record<string, unknown> = {}): DaemonConfig {
  return daemonConfigSchema.parse({
    listen: { host: '127.0.0.1', port: 0 },
    tokens: [
      { id: 'alice-laptop', sha256: hashToken(TOKENS.alice), actor: { id: 'alice', name: 'Alice' }, tenants: ['team-a'] },
      { id: 'bob-laptop', sha256: hashToken(TOKENS.bob), actor: { id: 'bob', name: 'Bob' }, tenants: ['team-b'] },
      { id: 'ops-root', sha256: hashToken(TOKENS.root), actor: { id: 'root' }, tenants: ['*'] },
    ],
    ...overrides,
  });
}

/** Options for startFixture. */
export interface FixtureOptions {
  /** Builds the command service from the fixture's store and backends (e.g. an EngineDouble). */
  commands?: (parts: { store: StateStore; backends: ReadonlyMap<string, MemoryBackend> }) => CommandService;
  alerts?: AlertService;
  config?: DaemonConfig;
  env?: Record<string, string>;
  logger?: Logger;
  /** Services per tenant per backend. */
  perTenant?: number;
}

/** The running fixture. */
export interface Fixture {
  clock: FakeClock;
  store: StateStore;
  b1: MemoryBackend;
  b2: MemoryBackend;
  server: DaemonServer;
  metrics: DaemonMetrics;
  /** Waits until the store reflects `predicate` (event-driven, 5 s deadline). */
  until(predicate: () => boolean, what?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Two backends (clusters c1, c2). On b1: `alpha-NN` (team-a) and `beta-NN`
 * (team-b) plus a `web` in each tenant; on b2 only team-b (`gamma-NN`), so
 * cluster c2's hosts are team-b's alone.
 */
export async function startFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const clock = new FakeClock();
  const store = new StateStore({ clock });
  const b1 = new MemoryBackend({ id: 'b1', cluster: 'c1', clock });
  const b2 = new MemoryBackend({ id: 'b2', cluster: 'c2', clock });
  const n = options.perTenant ?? 20;
  for (let i = 0; i < n; i++) {
    const nn = String(i).padStart(2, '0');
    b1.putService({ name: `alpha-${nn}`, tenant: 'team-a', replicas: 2, version: 'v1' });
    b1.putService({ name: `beta-${nn}`, tenant: 'team-b', replicas: 2, version: 'v1' });
    b2.putService({ name: `gamma-${nn}`, tenant: 'team-b', replicas: 1, version: 'v1' });
  }
  b1.putService({ name: 'web', tenant: 'team-a', replicas: 2, version: 'v1' });
  b2.putService({ name: 'web', tenant: 'team-b', replicas: 2, version: 'v1' });
  for (const b of [b1, b2]) store.registerBackend({ id: b.id, kind: b.kind, cluster: b.cluster, freshnessBoundMs: b.freshnessBoundMs });
  const stop = new AbortController();
  const pumps = [b1, b2].map((b) => runBackend(b, store, { clock, signal: stop.signal }));
  await waitForState(store, (s) => s.backends().every((b) => b.synced), { clock, timeoutMs: 5000 });
  for (const [backend, cluster] of [['b1', 'c1'], ['b2', 'c2']] as const) {
    for (let h = 0; h < 2; h++) {
      store.apply(backend, {
        type: 'host-upserted',
        at: clock.now(),
        host: { nativeId: `${cluster}-node-${h}`, hostname: `${cluster}-node-${h}.internal`, active: true, total: { cpus: 8, memMb: 16384, diskMb: 100_000 }, allocated: { cpus: 1, memMb: 1024, diskMb: 0 }, updatedAt: clock.now() },
      });
    }
  }
  store.flush();
  const metrics = createDaemonMetrics();
  const server = await startDaemonServer({
    store,
    clock,
    logger: options.logger ?? silentLogger,
    config: options.config ?? fixtureConfig(),
    tokens: createTokenDirectory((options.config ?? fixtureConfig()).tokens),
    metrics,
    env: options.env ?? {},
    ...(options.commands === undefined ? {} : { commands: options.commands({ store, backends: new Map([['b1', b1], ['b2', b2]]) }) }),
    ...(options.alerts === undefined ? {} : { alerts: options.alerts }),
  });
  return {
    clock,
    store,
    b1,
    b2,
    server,
    metrics,
    async until(predicate, what) {
      // Deadlines of waits on the real server run on wall time (the behaviour itself never depends on it).
      await waitForState(store, () => predicate(), { clock: systemDeadlineClock, timeoutMs: 5000, ...(what === undefined ? {} : { description: what }) });
    },
    async stop() {
      await server.close();
      stop.abort();
      await Promise.allSettled(pumps);
    },
  };
}
