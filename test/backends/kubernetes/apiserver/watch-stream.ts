/**
 * Serves one watch request like the apiserver's watch cache: 200 and a
 * chunked stream of newline-delimited events; a too-old resourceVersion gets
 * the in-stream ERROR Status with code 410 and the stream ends.
 */
import type { ServerResponse } from 'node:http';
import { failure } from './api-status.js';
import { apiVersionOf, RESOURCES, type KubeObject, type ResourceName, type ResourceStore } from './resource-store.js';

/** What a watch selects. */
export interface WatchRequest {
  resource: ResourceName;
  namespace?: string;
  resourceVersion: string;
  matches: (object: KubeObject) => boolean;
  timeoutSeconds?: number;
  bookmarks: boolean;
  bookmarkIntervalMs: number;
}

/** An open watch the server can end or cut. */
export interface OpenWatch {
  /** Ends the stream cleanly (as a server-side timeout does). */
  end(): void;
  /** Sends an in-stream ERROR Status, then ends. */
  fail(code: number, reason: string, message: string): void;
  /** Cuts the TCP connection without a clean end. */
  destroy(): void;
}

/** Starts streaming; returns a handle, or undefined if the watch was answered and closed at once. */
export function serveWatch(store: ResourceStore, request: WatchRequest, res: ServerResponse, onClose: () => void): OpenWatch {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  const send = (type: string, object: unknown): void => {
    if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: () => void = () => undefined;
  const cleanup = (): void => {
    unsubscribe();
    timers.forEach((t) => clearTimeout(t));
    onClose();
  };
  const handle: OpenWatch = {
    end: () => {
      cleanup();
      if (!res.writableEnded) res.end();
    },
    fail: (code, reason, message) => {
      send('ERROR', failure(code, reason, message));
      handle.end();
    },
    destroy: () => {
      cleanup();
      res.socket?.destroy();
    },
  };
  res.on('close', cleanup);

  const inScope = (o: KubeObject): boolean => (request.namespace === undefined || o.metadata.namespace === request.namespace) && request.matches(o);
  const rvText = request.resourceVersion;
  if (rvText !== '' && rvText !== '0') {
    const rv = Number(rvText);
    if (!Number.isFinite(rv) || store.isExpired(rv)) {
      handle.fail(410, 'Expired', `too old resource version: ${rvText} (${store.resourceVersion})`);
      return handle;
    }
    for (const change of store.changesSince(rv, request.resource)) if (inScope(change.object)) send(change.type, change.object);
  } else {
    for (const object of store.list(request.resource, request.namespace)) if (request.matches(object)) send('ADDED', object);
  }
  unsubscribe = store.subscribe((change) => {
    if (change.resource === request.resource && inScope(change.object)) send(change.type, change.object);
  });
  if (request.timeoutSeconds !== undefined && request.timeoutSeconds > 0) timers.push(setTimeout(() => handle.end(), request.timeoutSeconds * 1000));
  if (request.bookmarks) {
    const bookmark = (): void => {
      send('BOOKMARK', { kind: RESOURCES[request.resource].kind, apiVersion: apiVersionOf(request.resource), metadata: { resourceVersion: String(store.resourceVersion) } });
      timers.push(setTimeout(bookmark, request.bookmarkIntervalMs).unref());
    };
    timers.push(setTimeout(bookmark, request.bookmarkIntervalMs).unref());
  }
  return handle;
}
