/**
 * Sorts a failed Slack call into what the outbox should do about it: wait the
 * server's Retry-After, back off and retry, or give up because retrying cannot help.
 */

/** What a failed call means for delivery. */
export type SlackFailure =
  | { kind: 'rate-limited'; retryAfterMs: number; message: string }
  | { kind: 'retryable'; message: string }
  | { kind: 'permanent'; message: string };

/** Platform error codes (`ok: false`) that a later retry can fix. */
const RETRYABLE_PLATFORM_ERRORS = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'timeout']);

/** An error thrown by our own Slack calls (response_url posts) carrying an HTTP status. */
export class SlackHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly retryAfterSeconds: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'SlackHttpError';
  }
}

function field(error: object, name: string): unknown {
  return (error as Record<string, unknown>)[name];
}

/** Classifies errors from @slack/web-api, our response_url poster, and the network. */
export function classifySlackFailure(error: unknown): SlackFailure {
  if (typeof error !== 'object' || error === null) return { kind: 'retryable', message: String(error) };
  const message = error instanceof Error ? error.message : 'Slack call failed';
  const code = field(error, 'code');
  if (code === 'slack_webapi_rate_limited_error') {
    const seconds = Number(field(error, 'retryAfter'));
    return { kind: 'rate-limited', retryAfterMs: Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000, message };
  }
  if (error instanceof SlackHttpError) {
    if (error.statusCode === 429) return { kind: 'rate-limited', retryAfterMs: (error.retryAfterSeconds ?? 1) * 1000, message };
    return error.statusCode >= 500 || error.statusCode === 408 ? { kind: 'retryable', message } : { kind: 'permanent', message };
  }
  if (code === 'slack_webapi_http_error') {
    const status = Number(field(error, 'statusCode'));
    return status >= 500 || status === 408 ? { kind: 'retryable', message } : { kind: 'permanent', message };
  }
  if (code === 'slack_webapi_platform_error') {
    const data = field(error, 'data');
    const platform = typeof data === 'object' && data !== null ? String((data as Record<string, unknown>)['error']) : '';
    return RETRYABLE_PLATFORM_ERRORS.has(platform) ? { kind: 'retryable', message: platform } : { kind: 'permanent', message: platform || message };
  }
  // slack_webapi_request_error, fetch failures, sockets reset: the network, worth retrying.
  return { kind: 'retryable', message };
}
