/**
 * The remote dashboard's link to the daemon's ws API: dials with the bearer
 * token in the header, validates every server message, keeps the link
 * honest with pings (a silent daemon is treated as gone), reconnects with
 * capped exponential backoff on the injected clock (each new connection
 * starts with a fresh `snapshot`), and correlates replies to requests by id.
 */
import WebSocket from 'ws';
import type { Clock } from '../core/clock.js';
import { ERROR_CODES, opsError, OpsdeckError, toOpsdeckError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ClientMessage, ServerMessage } from '../daemon/ws/protocol.js';
import { lostConnectionError, refusedUpgradeError, requestLostError, unreachableError } from './connection-errors.js';
import { daemonEndpoint, type DaemonEndpoint } from './daemon-url.js';
import { parseServerMessage } from './server-message-schema.js';

/** The `hello` the daemon greets with: who we act as and which tenants we see. */
export type HelloMessage = Extract<ServerMessage, { type: 'hello' }>;

/** Where the link is; `down` carries the reason and when the next attempt happens (undefined: none). */
export type LinkStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'live'; hello: HelloMessage }
  | { state: 'down'; error: OpsdeckError; retryInMs: number | undefined }
  | { state: 'closed' };

/** Options of a connection. */
export interface DaemonConnectionOptions {
  /** Daemon address as typed after --connect. */
  url: string;
  token: string;
  clock: Clock;
  logger: Logger;
  /** Reconnect backoff: doubles from initialMs up to maxMs (defaults 500 ms, 15 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** How often the client pings the daemon (default 10 s). */
  pingIntervalMs?: number;
  /** Silence after which the daemon counts as gone (default 30 s). */
  deadAfterMs?: number;
  /** Handshake deadline per attempt (default 10 s, wall time inside the ws library). */
  connectTimeoutMs?: number;
}

/** A request message without the envelope fields the connection adds. */
export type OutgoingRequest = ClientMessage extends infer M ? (M extends { id?: string } ? Omit<M, 'v' | 'id'> : never) : never;

interface Pending {
  accept: (reply: ServerMessage) => boolean;
  reject: (error: OpsdeckError) => void;
}

/** One logical connection to the daemon, surviving reconnects. */
export class DaemonConnection {
  readonly endpoint: DaemonEndpoint;
  private readonly messageListeners = new Set<(message: ServerMessage) => void>();
  private readonly statusListeners = new Set<(status: LinkStatus) => void>();
  private readonly pending = new Map<string, Pending>();
  private readonly stop = new AbortController();
  private socket: WebSocket | undefined;
  private current: LinkStatus = { state: 'connecting', attempt: 0 };
  private nextId = 1;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: DaemonConnectionOptions) {
    this.endpoint = daemonEndpoint(options.url);
  }

  /** The link's current state. */
  get status(): LinkStatus {
    return this.current;
  }

  /** Receives every validated server message (snapshot, diff, resync, alert…); returns the unsubscribe function. */
  onMessage(listener: (message: ServerMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** Receives every link state change; returns the unsubscribe function. */
  onStatus(listener: (status: LinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Connects and resolves once the first snapshot was delivered; rejects with
   * the first attempt's error (UNAUTHENTICATED, BACKEND_UNREACHABLE…) without
   * retrying, so a typo fails fast. After that, drops are retried forever.
   */
  open(): Promise<HelloMessage> {
    if (this.loop !== undefined) throw opsError('INTERNAL', 'DaemonConnection.open() was called twice.');
    return new Promise<HelloMessage>((resolve, reject) => {
      this.loop = this.run(resolve, reject);
    });
  }

  /** Sends a request with a fresh id; resolves when `accept` says a reply completes it, rejects on an `error` reply or a drop. */
  request(message: OutgoingRequest, options: { signal?: AbortSignal; accept: (reply: ServerMessage) => boolean }): Promise<void> {
    const id = `req-${this.nextId++}`;
    return new Promise<void>((resolve, reject) => {
      if (options.signal?.aborted) return reject(opsError('ABORTED', 'The operation was cancelled.'));
      const finish = (): void => {
        this.pending.delete(id);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        finish();
        reject(opsError('ABORTED', 'Stopped waiting for the daemon (the request itself may still run there).'));
      };
      this.pending.set(id, {
        accept: (reply) => {
          if (reply.type === 'error') {
            finish();
            reject(new OpsdeckError(toCode(reply.error.code), reply.error.message, { retryable: reply.error.retryable, ...(reply.error.hint === undefined ? {} : { hint: reply.error.hint }) }));
            return true;
          }
          const done = options.accept(reply);
          if (done) {
            finish();
            resolve();
          }
          return done;
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        this.send({ ...message, id } as ClientMessage);
      } catch (error) {
        finish();
        reject(toOpsdeckError(error));
      }
    });
  }

  /** Sends one message now; UNAVAILABLE while the link is not live. */
  send(message: ClientMessage | Omit<ClientMessage, 'v'>): void {
    const socket = this.socket;
    if (this.current.state !== 'live' || socket === undefined || socket.readyState !== WebSocket.OPEN) {
      throw opsError('UNAVAILABLE', `Not connected to the opsdeck daemon at ${this.endpoint.display}.`, {
        retryable: true,
        hint: 'opsdeck is reconnecting; try again once the header shows the daemon live.',
      });
    }
    socket.send(JSON.stringify({ v: 1, ...message }));
  }

  /** Closes the link for good and stops reconnecting. */
  async close(): Promise<void> {
    this.stop.abort();
    this.socket?.close(1000, 'client closing');
    await this.loop;
  }

  private async run(resolveFirst: (hello: HelloMessage) => void, rejectFirst: (error: OpsdeckError) => void): Promise<void> {
    const initialMs = this.options.backoff?.initialMs ?? 500;
    const maxMs = this.options.backoff?.maxMs ?? 15_000;
    let opened = false;
    let failures = 0;
    for (let attempt = 1; !this.stop.signal.aborted; attempt++) {
      this.setStatus({ state: 'connecting', attempt });
      const ended = await this.session((hello) => {
        opened = true;
        failures = 0;
        this.setStatus({ state: 'live', hello });
        resolveFirst(hello);
      });
      this.socket = undefined;
      for (const request of [...this.pending.values()]) request.reject(requestLostError(this.endpoint.display));
      if (this.stop.signal.aborted) break;
      if (!opened) {
        this.setStatus({ state: 'down', error: ended.error, retryInMs: undefined });
        rejectFirst(ended.error);
        return;
      }
      const retry = ended.error.code !== 'UNAUTHENTICATED';
      const delay = Math.min(maxMs, initialMs * 2 ** failures);
      failures++;
      this.setStatus({ state: 'down', error: ended.error, retryInMs: retry ? delay : undefined });
      this.options.logger.log('warn', 'daemon link down', { daemon: this.endpoint.display, code: ended.error.code, error: ended.error.message, retryInMs: retry ? delay : undefined });
      if (!retry) return;
      try {
        await this.options.clock.sleep(delay, this.stop.signal);
      } catch {
        break;
      }
    }
    if (!opened) rejectFirst(opsError('ABORTED', 'The connection to the daemon was closed before it was established.'));
    this.setStatus({ state: 'closed' });
  }

  /** One socket's life; resolves with why it ended. `live` is called after the first snapshot was delivered. */
  private session(live: (hello: HelloMessage) => void): Promise<{ error: OpsdeckError }> {
    const { clock, token, logger } = this.options;
    const display = this.endpoint.display;
    const socket = new WebSocket(this.endpoint.wsUrl, {
      headers: { Authorization: `Bearer ${token}` },
      handshakeTimeout: this.options.connectTimeoutMs ?? 10_000,
    });
    this.socket = socket;
    return new Promise((resolve) => {
      let error: OpsdeckError | undefined;
      let hello: HelloMessage | undefined;
      let snapshotSeen = false;
      let goodbye = false;
      let lastHeard = clock.now();
      let stopPings = (): void => undefined;
      const heard = (): void => {
        lastHeard = clock.now();
      };
      socket.on('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8').slice(0, 2000)));
        response.on('end', () => {
          error = refusedUpgradeError(display, response.statusCode ?? 0, body, token);
          socket.terminate();
        });
        response.on('error', () => socket.terminate());
      });
      socket.on('error', (cause) => {
        error ??= hello === undefined ? unreachableError(display, cause, token) : lostConnectionError(display, {});
      });
      socket.on('open', () => {
        heard();
        const pingEvery = this.options.pingIntervalMs ?? 10_000;
        const deadAfter = this.options.deadAfterMs ?? 30_000;
        stopPings = clock.every(pingEvery, () => {
          const silentMs = clock.now() - lastHeard;
          if (silentMs > deadAfter) {
            error = lostConnectionError(display, { silentMs });
            socket.terminate();
          } else if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ v: 1, type: 'ping' }));
        });
      });
      socket.on('ping', heard);
      socket.on('pong', heard);
      socket.on('message', (data, isBinary) => {
        heard();
        const parsed = isBinary ? ({ ok: false, reason: 'The daemon sent a binary frame.' } as const) : parseServerMessage(data.toString());
        if (!parsed.ok) {
          logger.log('warn', 'ignored an invalid message from the daemon', { daemon: display, reason: parsed.reason });
          return;
        }
        const message = parsed.message;
        if (message.type === 'hello') hello = message;
        if (message.type === 'goodbye') goodbye = true;
        this.dispatch(message);
        if (message.type === 'snapshot' && !snapshotSeen && hello !== undefined) {
          snapshotSeen = true;
          live(hello);
        }
      });
      socket.on('close', (code) => {
        stopPings();
        resolve({ error: error ?? (hello === undefined ? unreachableError(display, { code: `closed ${code}` }, token) : lostConnectionError(display, { code, goodbye })) });
      });
    });
  }

  private dispatch(message: ServerMessage): void {
    const id = 'id' in message ? message.id : undefined;
    if (id !== undefined && (message.type === 'command-update' || message.type === 'result' || message.type === 'alerts' || message.type === 'error' || message.type === 'pong')) {
      const request = this.pending.get(id);
      if (request !== undefined) {
        request.accept(message);
        return;
      }
    }
    if (message.type === 'error') {
      this.options.logger.log('warn', 'the daemon rejected a message', { daemon: this.endpoint.display, code: message.error.code, error: message.error.message });
    }
    for (const listener of this.messageListeners) listener(message);
  }

  private setStatus(status: LinkStatus): void {
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

const ERROR_CODE_SET: ReadonlySet<string> = new Set(ERROR_CODES);

/** Our error codes pass through; an unknown one (a newer daemon) becomes BACKEND_ERROR. */
function toCode(code: string): OpsdeckError['code'] {
  return (ERROR_CODE_SET as ReadonlySet<string>).has(code) ? (code as OpsdeckError['code']) : 'BACKEND_ERROR';
}
