/**
 * The ws API on the daemon's HTTP server: authenticates the upgrade on `/ws`
 * with a bearer token (header only — tokens in URLs end up in logs), greets
 * with `hello` and the tenant-scoped `snapshot`, streams scoped diffs, and
 * answers malformed or oversized messages with an error while keeping the
 * connection open.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Clock } from '../../core/clock.js';
import { opsError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { StateStore } from '../../core/state/store.js';
import type { DaemonLimits } from '../daemon-config.js';
import type { DaemonMetrics } from '../metrics/daemon-metrics.js';
import { scopeSees, type AlertService, type CommandService, type Principal, type TenantScope, type TokenDirectory } from '../ports.js';
import type { InflightRegistry } from '../shutdown.js';
import { bearerToken } from '../token-directory.js';
import { ClientChannel } from './client-channel.js';
import { ClientSession } from './client-session.js';
import { DiffFanout } from './diff-fanout.js';
import { parseClientMessage } from './protocol.js';
import { buildTenantSnapshot } from './tenant-snapshot.js';

/** What the ws API needs. */
export interface WsApiDeps {
  store: StateStore;
  clock: Clock;
  logger: Logger;
  tokens: TokenDirectory;
  commands?: CommandService;
  alerts?: AlertService;
  metrics: DaemonMetrics;
  limits: DaemonLimits;
  inflight: InflightRegistry;
  /** Aborts when the daemon gives up on in-flight work. */
  signal: AbortSignal;
}

/** Control over the attached ws API. */
export interface WsApi {
  /** Connected clients. */
  readonly clientCount: number;
  /** Refuses new connections and new actions; reads keep working until close. */
  stopIntake(): void;
  /** Says goodbye to every client and closes them. */
  close(): Promise<void>;
}

/** The ws path on the daemon's HTTP server. */
export const WS_PATH = '/ws';

function refuse(socket: Duplex, status: number, reason: string, extraHeaders: Record<string, string> = {}): void {
  const body = JSON.stringify({ error: reason });
  const headers = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...extraHeaders };
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${head}\r\n\r\n${body}`);
}

/** Attaches the ws API to `server`'s upgrade requests on WS_PATH. */
export function attachWsApi(server: Server, deps: WsApiDeps): WsApi {
  const logger = deps.logger.child({ component: 'ws' });
  const wss = new WebSocketServer({ noServer: true, maxPayload: Math.max(deps.limits.maxFrameBytes, deps.limits.maxMessageBytes), clientTracking: false });
  const fanout = new DiffFanout(deps.store);
  const channels = new Map<WebSocket, ClientChannel>();
  const scopes = new Map<WebSocket, TenantScope>();
  const alive = new WeakMap<WebSocket, boolean>();
  let intakeOpen = true;
  // Half-open TCP connections would otherwise hold a client's buffers forever.
  const stopHeartbeat = deps.clock.every(deps.limits.heartbeatMs, () => {
    for (const ws of channels.keys()) {
      if (alive.get(ws) === false) {
        logger.log('warn', 'ws client missed a heartbeat; disconnecting');
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  });
  // Live alerts go only to clients whose scope sees the alert's tenant.
  const stopAlerts = deps.alerts?.subscribe?.((alert) => {
    for (const [ws, scope] of scopes) if (scopeSees(scope, alert.tenant)) channels.get(ws)?.send({ v: 1, type: 'alert', alert });
  });
  deps.metrics.observeWsBuffers(() => [...channels.values()].reduce((sum, c) => sum + c.bufferedBytes, 0));

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://daemon');
    if (url.pathname !== WS_PATH) return refuse(socket, 404, `No ws endpoint at this path; use ${WS_PATH}.`);
    if (!intakeOpen) return refuse(socket, 503, 'The daemon is shutting down.');
    if (url.searchParams.has('token') || url.searchParams.has('access_token')) {
      deps.metrics.wsMessageRejected('unauthenticated');
      return refuse(socket, 400, 'Tokens are not accepted in the URL (they end up in logs); send "Authorization: Bearer <token>".');
    }
    const token = bearerToken(request.headers.authorization);
    const principal = token === undefined ? undefined : deps.tokens.authenticate(token);
    if (principal === undefined) {
      deps.metrics.wsMessageRejected('unauthenticated');
      logger.log('warn', 'ws connection refused: bad or missing token', { remote: request.socket.remoteAddress });
      return refuse(socket, 401, 'A valid bearer token is required.', { 'WWW-Authenticate': 'Bearer realm="opsdeck"' });
    }
    if (channels.size >= deps.limits.maxClients) return refuse(socket, 503, 'Too many ws clients are connected.');
    wss.handleUpgrade(request, socket, head, (ws) => connect(ws, principal, request));
  };

  const connect = (ws: WebSocket, principal: Principal, request: IncomingMessage): void => {
    const log = logger.child({ tokenId: principal.tokenId, actor: principal.actor.id, remote: request.socket.remoteAddress });
    const snapshot = (): ReturnType<typeof buildTenantSnapshot> => buildTenantSnapshot(deps.store, principal.scope);
    const channel = new ClientChannel(ws, {
      bufferBytes: deps.limits.clientBufferBytes,
      hardLimitBytes: deps.limits.clientHardLimitBytes,
      metrics: deps.metrics,
      logger: log,
      snapshot,
    });
    const session = new ClientSession({
      state: deps.store,
      principal,
      channel,
      ...(deps.commands === undefined ? {} : { commands: deps.commands }),
      ...(deps.alerts === undefined ? {} : { alerts: deps.alerts }),
      inflight: deps.inflight,
      intakeOpen: () => intakeOpen,
      metrics: deps.metrics,
      logger: log,
      clock: deps.clock,
      limits: deps.limits,
      signal: deps.signal,
    });
    channels.set(ws, channel);
    scopes.set(ws, principal.scope);
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    deps.metrics.wsClientConnected();
    log.log('info', 'ws client connected');
    const scope = principal.scope;
    channel.send({
      v: 1,
      type: 'hello',
      server: 'opsdeck',
      actor: { id: principal.actor.id, name: principal.actor.name },
      tenants: scope.all ? '*' : [...scope.tenants].sort(),
      limits: { maxMessageBytes: deps.limits.maxMessageBytes },
    });
    channel.send({ v: 1, type: 'snapshot', ...snapshot() });
    const leave = fanout.join(scope, channel);

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        deps.metrics.wsMessageRejected('schema');
        channel.send({ v: 1, type: 'error', error: opsError('INPUT_INVALID', 'Binary messages are not supported; send JSON text.').toJSON() });
        return;
      }
      const text = rawText(data);
      if (Buffer.byteLength(text) > deps.limits.maxMessageBytes) {
        deps.metrics.wsMessageRejected('too-large');
        const error = opsError('INPUT_INVALID', `The message is ${Buffer.byteLength(text)} bytes; the limit is ${deps.limits.maxMessageBytes}.`, { hint: 'Send smaller messages.' });
        channel.send({ v: 1, type: 'error', error: error.toJSON() });
        return;
      }
      const parsed = parseClientMessage(text);
      if (!parsed.ok) {
        deps.metrics.wsMessageRejected(parsed.reason.startsWith('The message is not valid JSON') ? 'bad-json' : 'schema');
        channel.send({ v: 1, type: 'error', ...(parsed.id === undefined ? {} : { id: parsed.id }), error: opsError('INPUT_INVALID', parsed.reason, { hint: 'See the v1 message schema.' }).toJSON() });
        return;
      }
      session.handle(parsed.message);
    });
    ws.on('error', (error: Error & { code?: string }) => {
      // Past the frame limit ws stops reading and closes with 1009 (memory protection); below it we answer with an error.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') deps.metrics.wsMessageRejected('too-large');
      log.log('warn', 'ws client error', { error: error.message, code: error.code });
    });
    ws.on('close', (code) => {
      channel.close();
      leave();
      channels.delete(ws);
      scopes.delete(ws);
      deps.metrics.wsClientDisconnected();
      log.log('info', 'ws client disconnected', { code });
    });
  };

  server.on('upgrade', onUpgrade);
  return {
    get clientCount() {
      return channels.size;
    },
    stopIntake() {
      intakeOpen = false;
    },
    async close() {
      intakeOpen = false;
      stopHeartbeat();
      stopAlerts?.();
      server.off('upgrade', onUpgrade);
      fanout.close();
      const closed = new AbortController();
      const closing = [...channels.keys()].map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            ws.once('close', () => resolve());
            channels.get(ws)?.send({ v: 1, type: 'goodbye', reason: 'shutting-down' });
            ws.close(1001, 'server shutting down');
            // A client that does not answer the close handshake is cut off after a grace period.
            deps.clock.sleep(2000, closed.signal).then(
              () => ws.terminate(),
              () => undefined,
            );
          }),
      );
      await Promise.all(closing);
      closed.abort();
      wss.close();
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
