/**
 * The errors a remote dashboard shows when the daemon cannot be used: each
 * says what happened at which address (never the token) and what to do.
 */
import { opsError, type OpsdeckError } from '../core/errors.js';
import { redact } from '../core/redact.js';

/** The refused upgrade as an error: 401 → UNAUTHENTICATED, 503 → UNAVAILABLE, others by status. */
export function refusedUpgradeError(display: string, status: number, body: string, token: string): OpsdeckError {
  const said = serverReason(body, token);
  if (status === 401 || status === 403) {
    return opsError('UNAUTHENTICATED', `The opsdeck daemon at ${display} refused the token (HTTP ${status}).`, {
      hint: "Check --token: it must match one of the daemon's configured tokens (daemon.tokens, stored there as a SHA-256 hash). Ask the daemon's operator for a token for your tenants.",
    });
  }
  if (status === 503) {
    return opsError('UNAVAILABLE', `The opsdeck daemon at ${display} is not accepting connections${said === '' ? '' : `: ${said}`}`, {
      retryable: true,
      hint: 'It may be shutting down or at its client limit; opsdeck retries on its own.',
    });
  }
  if (status === 404) {
    return opsError('BACKEND_PROTOCOL', `There is no opsdeck ws API at ${display} (HTTP 404).`, {
      hint: 'Point --connect at the daemon itself, e.g. http://host:7433 (the /ws path is added for you).',
    });
  }
  return opsError('BACKEND_ERROR', `The opsdeck daemon at ${display} refused the connection (HTTP ${status})${said === '' ? '.' : `: ${said}`}`, {
    hint: 'Check the daemon log for the reason.',
  });
}

/** A socket-level failure before the handshake completed (refused, DNS, TLS, timeout). */
export function unreachableError(display: string, cause: unknown, token: string): OpsdeckError {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const detail = typeof code === 'string' ? code : cause instanceof Error ? redact(cause.message, [token]) : 'unknown error';
  return opsError('BACKEND_UNREACHABLE', `Cannot reach the opsdeck daemon at ${display} (${detail}).`, {
    retryable: true,
    hint: 'Check that `opsdeck serve` is running there and that the address and port are right.',
  });
}

/** The connection ended after it had worked. */
export function lostConnectionError(display: string, how: { code?: number; goodbye?: boolean; silentMs?: number }): OpsdeckError {
  if (how.goodbye === true) {
    return opsError('BACKEND_UNREACHABLE', `The opsdeck daemon at ${display} shut down.`, { retryable: true, hint: 'opsdeck reconnects when it is back; the values shown are the last known ones.' });
  }
  if (how.silentMs !== undefined) {
    return opsError('BACKEND_UNREACHABLE', `The opsdeck daemon at ${display} stopped answering (${Math.round(how.silentMs / 1000)}s without a reply).`, {
      retryable: true,
      hint: 'The network or the daemon may be stuck; opsdeck reconnects and keeps the last known values meanwhile.',
    });
  }
  return opsError('BACKEND_UNREACHABLE', `Lost the connection to the opsdeck daemon at ${display}${how.code === undefined ? '' : ` (close code ${how.code})`}.`, {
    retryable: true,
    hint: 'opsdeck reconnects on its own; the values shown are the last known ones.',
  });
}

/** A request whose connection dropped before its answer arrived. */
export function requestLostError(display: string): OpsdeckError {
  return opsError('BACKEND_UNREACHABLE', `The connection to the opsdeck daemon at ${display} dropped before the answer arrived.`, {
    retryable: true,
    hint: 'The request may or may not have run: check the service, then send it again (a command keeps its idempotency key, so it runs at most once).',
  });
}

function serverReason(body: string, token: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return redact(parsed.error, [token]).slice(0, 300);
  } catch {
    // Not JSON: fall through to nothing (raw bodies may be HTML from a proxy).
  }
  return '';
}
