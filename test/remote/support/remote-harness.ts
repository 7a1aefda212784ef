/**
 * Helpers for remote-dashboard tests on a real daemon: event-driven waits on
 * the mirror, a TCP proxy whose cut simulates a dead network (no goodbye),
 * restarting a daemon server on the same port over the same store, and the
 * sorted entity lists used to compare the mirror with the server's view.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { ClusterStateView } from '../../../src/core/state/cluster-state.js';
import { startDaemonServer, type DaemonServer } from '../../../src/daemon/http/daemon-server.js';
import { createDaemonMetrics } from '../../../src/daemon/metrics/daemon-metrics.js';
import { tenantScope } from '../../../src/daemon/ports.js';
import { buildTenantSnapshot } from '../../../src/daemon/ws/tenant-snapshot.js';
import { createTokenDirectory } from '../../../src/daemon/token-directory.js';
import type { DaemonConnection, LinkStatus } from '../../../src/remote/daemon-connection.js';
import type { RemoteStateMirror } from '../../../src/remote/remote-state-mirror.js';
import { fixtureConfig, type Fixture } from '../../daemon/ws/support/daemon-fixture.js';

/** Resolves once `predicate(mirror)` holds (checked now and after every published diff); rejects after `timeoutMs` of wall time. */
export function waitForMirror(mirror: RemoteStateMirror, predicate: (m: RemoteStateMirror) => boolean, what: string, timeoutMs = 5000): Promise<void> {
  if (predicate(mirror)) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const deadline = new AbortController();
    const unsubscribe = mirror.subscribe(() => {
      if (!predicate(mirror)) return;
      unsubscribe();
      deadline.abort();
      resolve();
    });
    systemClock.sleep(timeoutMs, deadline.signal).then(
      () => {
        unsubscribe();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      },
      () => undefined,
    );
  });
}

/** Entities as they look after a trip through JSON (keys holding undefined dropped), so server and mirror compare strictly. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Services, tasks, plans and hosts of a view, sorted by id, in plain-JSON form (for deep equality). */
export function entitiesOf(view: ClusterStateView): { services: unknown[]; tasks: unknown[]; plans: unknown[]; hosts: unknown[] } {
  const services = [...view.services()];
  const byId = <T extends { id: string }>(items: T[]): T[] => [...items].sort((a, b) => a.id.localeCompare(b.id));
  return plain({
    services: byId(services),
    tasks: byId(services.flatMap((s) => view.tasksOf(s.id))),
    plans: byId(services.flatMap((s) => view.plansOf(s.id))),
    hosts: byId([...view.hosts()]),
  });
}

/** What the server says a token with `tenants` may see, in the same sorted form. */
export function serverViewFor(store: ClusterStateView, tenants: string[]): ReturnType<typeof entitiesOf> {
  const snapshot = buildTenantSnapshot(store, tenantScope(tenants));
  const byId = <T extends { id: string }>(items: T[]): T[] => [...items].sort((a, b) => a.id.localeCompare(b.id));
  return plain({ services: byId(snapshot.services), tasks: byId(snapshot.tasks), plans: byId(snapshot.plans), hosts: byId(snapshot.hosts) });
}

/** Resolves at the connection's next status of `state` (register before causing it). */
export function nextStatus(connection: DaemonConnection, state: LinkStatus['state']): Promise<LinkStatus> {
  return new Promise((resolve) => {
    const off = connection.onStatus((status) => {
      if (status.state !== state) return;
      off();
      resolve(status);
    });
  });
}

/** Starts another daemon server over the fixture's store on `port` (a daemon restart that kept its state), optionally with fewer token entries. */
export async function restartDaemon(f: Fixture, port: number, options: { keepTokenIds?: string[] } = {}): Promise<DaemonServer> {
  const base = fixtureConfig({ listen: { host: '127.0.0.1', port } });
  const keep = options.keepTokenIds;
  const config = keep === undefined ? base : { ...base, tokens: base.tokens.filter((t) => keep.includes(t.id)) };
  return startDaemonServer({ store: f.store, clock: f.clock, logger: silentLogger, config, tokens: createTokenDirectory(config.tokens), metrics: createDaemonMetrics(), env: {} });
}

/** A loopback TCP proxy in front of the daemon; `cut` kills every connection at once, as a network failure would. */
export class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly targetPort: number) {}

  /** Base URL of the proxy. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (on the same port as before after a cut). */
  async listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Destroys every connection and stops listening (no close frames, no goodbye). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
