/**
 * The Socket Mode half of the Slack peer: a `ws` server that says hello, sends
 * envelopes (slash_commands / interactive / events_api), collects the app's
 * acks, pings, asks for a refresh, or drops the socket outright.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** An envelope as Slack sends it over the socket. */
export interface Envelope {
  envelope_id: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  accepts_response_payload: boolean;
  payload: Record<string, unknown>;
  retry_attempt?: number;
  retry_reason?: string;
}

/** An ack the app sent back. */
export interface EnvelopeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** Milliseconds between sending the envelope and receiving the ack. */
  latencyMs: number;
}

/** Socket Mode server for one app. */
export class SocketModeServer {
  readonly acks: EnvelopeAck[] = [];
  /** How many times a client connected (reconnects count). */
  connections = 0;
  private wss: WebSocketServer | undefined;
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, { sentAt: number; resolve: (ack: EnvelopeAck) => void }>();
  private connectionWaiters: Array<{ count: number; resolve: () => void }> = [];
  private pingTimer: NodeJS.Timeout | undefined;

  async start(): Promise<void> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.wss = wss;
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    wss.on('connection', (socket) => this.onConnection(socket));
    this.pingTimer = setInterval(() => {
      for (const socket of this.sockets) socket.ping();
    }, 10_000);
    this.pingTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pingTimer);
    for (const socket of this.sockets) socket.terminate();
    const wss = this.wss;
    if (wss !== undefined) await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  /** The URL apps.connections.open hands out. */
  get url(): string {
    return `ws://127.0.0.1:${(this.wss?.address() as AddressInfo).port}/link/?ticket=${randomUUID()}&app_id=A0PEER`;
  }

  /** Open sockets right now. */
  openSockets(): number {
    return [...this.sockets].filter((s) => s.readyState === s.OPEN).length;
  }

  /** Resolves once `count` connections (in total, reconnects included) said hello. */
  waitForConnections(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.connections >= count && this.openSockets() > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Socket Mode: ${count} connections not reached (have ${this.connections})`)), timeoutMs);
      this.connectionWaiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Sends an envelope to the connected app; resolves with its ack. */
  send(envelope: Envelope, timeoutMs = 5000): Promise<EnvelopeAck> {
    const socket = [...this.sockets].find((s) => s.readyState === s.OPEN);
    if (socket === undefined) return Promise.reject(new Error('Socket Mode: no app connected'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelope.envelope_id);
        reject(new Error(`Socket Mode: envelope ${envelope.envelope_id} not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(envelope.envelope_id, {
        sentAt: performance.now(),
        resolve: (ack) => {
          clearTimeout(timer);
          resolve(ack);
        },
      });
      socket.send(JSON.stringify(envelope));
    });
  }

  /** Asks the app to reconnect, as Slack does before recycling a connection. */
  requestRefresh(): void {
    for (const socket of this.sockets) socket.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'peer' } }));
  }

  /** Drops every socket without a close handshake (a network cut). */
  dropAll(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  private onConnection(socket: WebSocket): void {
    this.sockets.add(socket);
    this.connections += 1;
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    socket.on('message', (data) => {
      let message: { envelope_id?: string; payload?: Record<string, unknown> };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return;
      }
      if (typeof message.envelope_id !== 'string') return;
      const waiter = this.waiting.get(message.envelope_id);
      const ack: EnvelopeAck = {
        envelope_id: message.envelope_id,
        ...(message.payload === undefined ? {} : { payload: message.payload }),
        latencyMs: waiter === undefined ? Number.NaN : performance.now() - waiter.sentAt,
      };
      this.acks.push(ack);
      if (waiter !== undefined) {
        this.waiting.delete(message.envelope_id);
        waiter.resolve(ack);
      }
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.size, debug_info: { host: 'peer', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0PEER' } }));
    const ready = this.connectionWaiters.filter((w) => this.connections >= w.count);
    this.connectionWaiters = this.connectionWaiters.filter((w) => this.connections < w.count);
    // Let the client process hello before waiters proceed.
    setImmediate(() => ready.forEach((w) => w.resolve()));
  }
}
