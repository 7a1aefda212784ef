/**
 * Turns what a person types after `--connect` (`http://host:7433`,
 * `ws://host:7433/ws`, `host:7433`) into the ws endpoint, and a form of it
 * that is safe to show (no credentials, no query).
 */
import { opsError } from '../core/errors.js';
import { WS_PATH } from '../daemon/ws/ws-api.js';

/** The ws endpoint to dial and its display form. */
export interface DaemonEndpoint {
  wsUrl: string;
  display: string;
}

/** Normalises a daemon address; INPUT_INVALID when it cannot be one, or when it carries credentials. */
export function daemonEndpoint(input: string): DaemonEndpoint {
  const raw = /^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim()) ? input.trim() : `http://${input.trim()}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw opsError('INPUT_INVALID', 'The --connect address is not a valid URL.', { hint: 'Use the daemon address, e.g. --connect http://127.0.0.1:7433.' });
  }
  const scheme = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' }[url.protocol];
  if (scheme === undefined) {
    throw opsError('INPUT_INVALID', `The --connect address uses "${url.protocol}", which is not http(s) or ws(s).`, { hint: 'Use e.g. --connect http://127.0.0.1:7433.' });
  }
  if (url.username !== '' || url.password !== '' || url.search !== '') {
    throw opsError('INPUT_INVALID', 'The --connect address must not carry credentials or a query (they end up in logs).', {
      hint: 'Pass the token with --token (or the environment variable the CLI reads) instead.',
    });
  }
  url.protocol = scheme;
  url.hash = '';
  if (url.pathname === '' || url.pathname === '/') url.pathname = WS_PATH;
  return { wsUrl: url.toString(), display: url.toString() };
}
