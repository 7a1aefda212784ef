/**
 * `POST /webhooks/alertmanager`: checks the bearer token in constant time
 * (401), bounds the body (413), and hands the payload to the AlertService,
 * answering 400 with the reason when it is malformed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { isOpsdeckError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { DaemonMetrics } from '../metrics/daemon-metrics.js';
import type { AlertService } from '../ports.js';
import { bearerToken, secretsEqual } from '../token-directory.js';
import { readBody, sendJson } from './http-io.js';

/** What the webhook handler needs. */
export interface AlertmanagerWebhookDeps {
  /** The expected bearer token (read from the configured environment variable), or undefined when not configured. */
  token: string | undefined;
  alerts: AlertService | undefined;
  maxBytes: number;
  metrics: DaemonMetrics;
  logger: Logger;
  intakeOpen: () => boolean;
}

const INPUT_CODES = new Set(['INPUT_INVALID', 'UNSUPPORTED']);

/** Handles one webhook request. */
export async function handleAlertmanagerWebhook(request: IncomingMessage, response: ServerResponse, deps: AlertmanagerWebhookDeps): Promise<void> {
  const record = (result: Parameters<DaemonMetrics['webhookRequest']>[0]['result']): void => deps.metrics.webhookRequest({ source: 'alertmanager', result });
  if (deps.token === undefined || deps.alerts === undefined) {
    record('unavailable');
    request.resume();
    sendJson(response, 503, { error: 'The Alertmanager webhook is not configured on this daemon.' });
    return;
  }
  const presented = bearerToken(request.headers.authorization);
  if (presented === undefined || !secretsEqual(presented, deps.token)) {
    record('unauthorized');
    request.resume();
    deps.logger.log('warn', 'alertmanager webhook refused: bad or missing token', { remote: request.socket.remoteAddress });
    sendJson(response, 401, { error: 'A valid bearer token is required.' }, { 'WWW-Authenticate': 'Bearer realm="opsdeck"' });
    return;
  }
  if (!deps.intakeOpen()) {
    record('unavailable');
    request.resume();
    sendJson(response, 503, { error: 'The daemon is shutting down; Alertmanager will retry.' }, { 'Retry-After': '5' });
    return;
  }
  const body = await readBody(request, deps.maxBytes);
  if (!body.ok) {
    record('too-large');
    sendJson(response, 413, { error: `The body is larger than ${deps.maxBytes} bytes.` }, { Connection: 'close' });
    return;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.text);
  } catch {
    record('invalid');
    sendJson(response, 400, { error: 'The body is not valid JSON.' });
    return;
  }
  try {
    const result = await deps.alerts.ingestAlertmanager(payload);
    record('accepted');
    sendJson(response, 200, { status: 'ok', ...result });
  } catch (error) {
    if (isOpsdeckError(error) && INPUT_CODES.has(error.code)) {
      record('invalid');
      sendJson(response, 400, { error: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) });
      return;
    }
    const correlationId = randomUUID();
    record('error');
    deps.logger.log('error', 'alertmanager webhook failed', { correlationId, error });
    // 500 makes Alertmanager retry, which is what we want for a transient storage failure.
    sendJson(response, 500, { error: 'The alerts could not be stored.', correlationId });
  }
}
