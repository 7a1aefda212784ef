/**
 * Marathon's `GET /v2/events` server-sent event stream: requires
 * `Accept: text/event-stream` (405 otherwise), starts with
 * `event_stream_attached`, honours repeated `event_type=` filters, and goes
 * silent while the event stream is stalled.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../core/clock.js';
import type { MarathonEvent, MarathonScheduler } from './marathon-scheduler.js';
import { encodeSseFrame } from './sse-encoder.js';

interface Listener {
  res: ServerResponse;
  filter: Set<string>;
}

/** Every open /v2/events stream. */
export class MarathonEventStream {
  private readonly listeners = new Set<Listener>();
  private stalled = false;

  constructor(
    scheduler: MarathonScheduler,
    private readonly clock: Clock,
  ) {
    scheduler.onEvent((event) => this.broadcast(event));
  }

  /** Answers one /v2/events request. */
  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      res.writeHead(405, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: 'HTTP 405 Method Not Allowed: Accept: text/event-stream is required' }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    const listener: Listener = { res, filter: new Set(query.getAll('event_type')) };
    this.listeners.add(listener);
    res.on('close', () => this.listeners.delete(listener));
    const attached = { remoteAddress: req.socket.remoteAddress ?? '127.0.0.1', eventType: 'event_stream_attached', timestamp: new Date(this.clock.now()).toISOString() };
    res.write(encodeSseFrame('event_stream_attached', attached));
  }

  /** Stops sending events until resume(). */
  stall(): void {
    this.stalled = true;
  }

  resume(): void {
    this.stalled = false;
  }

  /** Ends every stream. */
  closeAll(): void {
    for (const listener of this.listeners) listener.res.destroy();
    this.listeners.clear();
  }

  private broadcast(event: MarathonEvent): void {
    if (this.stalled) return;
    for (const listener of this.listeners) {
      if (listener.filter.size > 0 && !listener.filter.has(event.eventType)) continue;
      listener.res.write(encodeSseFrame(event.eventType, event.payload));
    }
  }
}
