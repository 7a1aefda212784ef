/**
 * `opsdeck tui --connect URL --token T`: connects to a running daemon and
 * hands the dashboard a mirrored store plus remote action and alert ports,
 * in the shape of the CLI's TuiRuntime, so the dashboard runs unchanged.
 */
import type { Clock } from '../core/clock.js';
import { isOpsdeckError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ActionGateway, AlertsSource } from '../tui/ports.js';
import { DaemonConnection, type DaemonConnectionOptions, type HelloMessage } from './daemon-connection.js';
import { remoteActionGateway } from './remote-action-gateway.js';
import { remoteAlertsSource } from './remote-alerts-source.js';
import { RemoteStateMirror } from './remote-state-mirror.js';

/** What openRemoteDashboard needs; `link` tunes timing (tests shorten backoff and pings). */
export interface OpenRemoteDashboardOptions {
  url: string;
  token: string;
  clock: Clock;
  logger: Logger;
  link?: Pick<DaemonConnectionOptions, 'backoff' | 'pingIntervalMs' | 'deadAfterMs' | 'connectTimeoutMs'>;
}

/** A connected remote dashboard runtime (a TuiRuntime plus who we are and the link). */
export interface RemoteDashboard {
  store: RemoteStateMirror;
  clock: Clock;
  actions: ActionGateway;
  /** Absent when the daemon runs no alerting (the view then says "not configured"). */
  alerts?: AlertsSource;
  /** The daemon's greeting: the token's actor and tenants. */
  hello: HelloMessage;
  connection: DaemonConnection;
  close(): Promise<void>;
}

/** Connects (failing fast with UNAUTHENTICATED / BACKEND_UNREACHABLE / INPUT_INVALID) and wires the mirror and ports. */
export async function openRemoteDashboard(options: OpenRemoteDashboardOptions): Promise<RemoteDashboard> {
  const { clock, logger } = options;
  const connection = new DaemonConnection({ url: options.url, token: options.token, clock, logger: logger.child({ component: 'remote' }), ...options.link });
  const store = new RemoteStateMirror({ clock });
  connection.onMessage((message) => {
    if (message.type === 'snapshot') store.applySnapshot(message);
    else if (message.type === 'resync') store.applySnapshot(message.snapshot);
    else if (message.type === 'diff' && !store.applyDiff(message).complete) requestResync(connection, logger);
    else if (message.type === 'pong') store.markHeard();
  });
  connection.onStatus((status) => {
    if (status.state === 'down') {
      const { code, message, hint } = status.error;
      store.markDisconnected({ code, message, ...(hint === undefined ? {} : { hint }) });
    }
  });
  let hello: HelloMessage;
  try {
    hello = await connection.open();
  } catch (error) {
    await connection.close();
    throw error;
  }
  const alerts = remoteAlertsSource(connection);
  const alertingRuns = await probeAlerting(alerts, clock);
  logger.log('info', 'connected to the opsdeck daemon', { daemon: connection.endpoint.display, actor: hello.actor.id, tenants: hello.tenants });
  return {
    store,
    clock,
    actions: remoteActionGateway({ connection, state: store }),
    ...(alertingRuns ? { alerts } : {}),
    hello,
    connection,
    close: () => connection.close(),
  };
}

/** Asks the daemon for a full snapshot after a diff the mirror could not place (best effort: a reconnect also brings one). */
function requestResync(connection: DaemonConnection, logger: Logger): void {
  logger.log('warn', 'a diff named a backend the daemon never listed; asking for a resync', { daemon: connection.endpoint.display });
  try {
    connection.send({ type: 'resync' });
  } catch {
    // Not connected: the next connection starts with a fresh snapshot anyway.
  }
}

/** How long opening waits for the alerting probe before assuming alerting exists. */
const PROBE_TIMEOUT_MS = 5000;

/** False only when the daemon says it runs no alerting; any other answer (or none in time) keeps the view, which shows its own errors. */
async function probeAlerting(alerts: AlertsSource, clock: Clock): Promise<boolean> {
  const stop = new AbortController();
  const timeout = clock.sleep(PROBE_TIMEOUT_MS, stop.signal).then(
    () => stop.abort(),
    () => undefined,
  );
  try {
    await alerts.listOpen({ signal: stop.signal });
    return true;
  } catch (error) {
    return !(isOpsdeckError(error) && error.code === 'UNSUPPORTED');
  } finally {
    stop.abort();
    await timeout;
  }
}
