/**
 * A real ws client for daemon tests: connects with a bearer header, records
 * every message (raw text too, for leak checks) and waits for messages
 * event-driven with a deadline.
 */
import WebSocket from 'ws';
import type { ServerMessage } from '../../../../src/daemon/ws/protocol.js';

/** Why a connection attempt failed (HTTP status of the refused upgrade). */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upgrade refused with ${status}: ${body}`);
  }
}

type Waiter = { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void };

/** A connected test client. */
export class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly raw: string[] = [];
  private consumed = 0;
  private waiters: Waiter[] = [];
  closeInfo: { code: number; reason: string } | undefined;
  private readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      const message = JSON.parse(text) as ServerMessage;
      this.messages.push(message);
      for (const w of [...this.waiters]) {
        if (w.match(message)) {
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(message);
        }
      }
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
      }),
    );
  }

  /** Connects to `<base>/ws` with `Authorization: Bearer <token>` (or no header when token is undefined). */
  static connect(baseUrl: string, token: string | undefined, options: { path?: string } = {}): Promise<TestClient> {
    const url = baseUrl.replace(/^http/, 'ws') + (options.path ?? '/ws');
    const socket = new WebSocket(url, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });
    return new Promise((resolve, reject) => {
      // Record messages from the very first frame: the client is built before 'open'.
      const client = new TestClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => reject(new UpgradeRefused(res.statusCode ?? 0, body)));
      });
      socket.once('error', reject);
    });
  }

  /** Sends a message (objects are JSON-encoded; strings and buffers go as they are). */
  send(message: unknown, options: { binary?: boolean } = {}): void {
    if (typeof message === 'string' || Buffer.isBuffer(message)) this.socket.send(message, { binary: options.binary ?? false });
    else this.socket.send(JSON.stringify(message));
  }

  /** Resolves with the first message (received so far or later) matching `match`, or rejects after `timeoutMs`. */
  waitFor<T extends ServerMessage = ServerMessage>(match: (m: ServerMessage) => boolean, timeoutMs = 5000, what = 'a message'): Promise<T> {
    const seen = this.messages.find(match);
    if (seen !== undefined) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Waits for the next message of `type` after those already taken with `next`. */
  async next<K extends ServerMessage['type']>(type: K, timeoutMs = 5000): Promise<Extract<ServerMessage, { type: K }>> {
    const start = this.consumed;
    const index = this.messages.findIndex((m, i) => i >= start && m.type === type);
    if (index >= 0) {
      this.consumed = index + 1;
      return this.messages[index] as Extract<ServerMessage, { type: K }>;
    }
    const message = await this.waitFor((m) => m.type === type && this.messages.indexOf(m) >= start, timeoutMs, `a "${type}" message`);
    this.consumed = this.messages.indexOf(message) + 1;
    return message as Extract<ServerMessage, { type: K }>;
  }

  /** Sends a ping and waits for its pong: proves the connection still works and all earlier replies arrived. */
  async roundTrip(id = `ping-${Math.random().toString(36).slice(2)}`): Promise<void> {
    this.send({ v: 1, type: 'ping', id });
    await this.waitFor((m) => m.type === 'pong' && m.id === id, 5000, `pong ${id}`);
  }

  /** Closes and waits for the close handshake. */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await this.closed;
  }

  /** Resolves when the server closes the connection. */
  whenClosed(): Promise<{ code: number; reason: string }> {
    return this.closed;
  }
}
