/**
 * The outbound side of one ws client, bounded: diffs are sent only while the
 * socket's buffer is under the per-client limit; past it they are dropped
 * and, once the client has drained what it was sent, one `resync` snapshot
 * replaces everything it missed. Replies are never dropped, but a client
 * whose buffer passes the hard limit is disconnected, so memory never grows
 * without bound.
 */
import type { WebSocket } from 'ws';
import type { Logger } from '../../core/logger.js';
import type { DaemonMetrics } from '../metrics/daemon-metrics.js';
import type { ServerMessage } from './protocol.js';
import type { TenantSnapshot } from './tenant-snapshot.js';

/** Limits and collaborators of a channel. */
export interface ClientChannelOptions {
  bufferBytes: number;
  hardLimitBytes: number;
  metrics: DaemonMetrics;
  logger: Logger;
  /** Builds the client's current snapshot (for resyncs). */
  snapshot: () => TenantSnapshot;
}

/** Bounded sender for one connected client. */
export class ClientChannel {
  private behind = false;
  private dropped = 0;
  private writesInFlight = 0;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: ClientChannelOptions,
  ) {}

  /** Bytes waiting in this client's socket buffers. */
  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  /** True while diffs are being dropped until the next resync. */
  get isBehind(): boolean {
    return this.behind;
  }

  /** Sends a pre-serialised diff, or drops it when the client is behind. */
  sendDiff(text: string): void {
    if (this.closed) return;
    if (this.behind || this.socket.bufferedAmount + text.length > this.options.bufferBytes) {
      if (!this.behind) this.options.logger.log('warn', 'ws client is slow; dropping diffs until it catches up', { bufferedBytes: this.socket.bufferedAmount });
      this.behind = true;
      this.dropped++;
      this.options.metrics.wsDiffsDropped(1);
      if (this.writesInFlight === 0) this.resync('slow-consumer');
      return;
    }
    this.write(text);
  }

  /** Sends a message that must arrive (snapshot, replies, errors). */
  send(message: ServerMessage): void {
    if (this.closed) return;
    this.write(JSON.stringify(message));
  }

  /** Sends a fresh snapshot as `resync` and resumes diffs. */
  resync(reason: 'slow-consumer' | 'requested'): void {
    const dropped = this.dropped;
    this.behind = false;
    this.dropped = 0;
    this.options.metrics.wsResyncSent();
    this.send({ v: 1, type: 'resync', reason, dropped, snapshot: this.options.snapshot() });
  }

  /** Stops sending (the socket is closing). */
  close(): void {
    this.closed = true;
  }

  private write(text: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount + text.length > this.options.hardLimitBytes) {
      this.options.logger.log('warn', 'ws client exceeded the hard buffer limit; disconnecting', { bufferedBytes: this.socket.bufferedAmount });
      this.closed = true;
      this.socket.terminate();
      return;
    }
    this.writesInFlight++;
    this.socket.send(text, () => this.written());
  }

  private written(): void {
    this.writesInFlight--;
    // Caught up: everything handed to the socket has reached the kernel, so the missed diffs can be replaced now.
    if (this.behind && !this.closed && this.writesInFlight === 0 && this.socket.bufferedAmount <= this.options.bufferBytes / 2) this.resync('slow-consumer');
  }
}
