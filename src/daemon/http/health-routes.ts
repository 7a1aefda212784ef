/**
 * Liveness and readiness: `/healthz` answers while the process serves
 * requests; `/readyz` only once every backend has delivered its first full
 * snapshot or has been marked STALE (and not while shutting down), naming the
 * backends still connecting otherwise.
 */
import type { ServerResponse } from 'node:http';
import type { ClusterStateView } from '../../core/state/cluster-state.js';
import { sendJson } from './http-io.js';

/** Answers `/healthz`. */
export function handleHealthz(response: ServerResponse): void {
  sendJson(response, 200, { status: 'ok' });
}

/** Backends that have neither synced nor gone stale yet. */
export function backendsStillConnecting(state: ClusterStateView): string[] {
  return state
    .backends()
    .filter((b) => !b.synced && b.connection !== 'stale')
    .map((b) => b.id)
    .sort();
}

/** Answers `/readyz`. */
export function handleReadyz(response: ServerResponse, state: ClusterStateView, options: { shuttingDown: boolean }): void {
  if (options.shuttingDown) {
    sendJson(response, 503, { status: 'shutting-down' });
    return;
  }
  const connecting = backendsStillConnecting(state);
  if (connecting.length > 0) sendJson(response, 503, { status: 'not-ready', connecting });
  else sendJson(response, 200, { status: 'ready' });
}
