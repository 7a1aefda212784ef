/**
 * The backend's HTTP client for the master, Marathon and SDK schedulers: adds
 * the ACS token, enforces timeouts on the injected clock, and turns every
 * failure (refused, 401, 5xx, malformed or cut-off JSON) into an OpsdeckError
 * with a clear message that never contains the token.
 */
import type { Clock } from '../../core/clock.js';
import { opsError, isOpsdeckError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';

/** Which component answered (used in messages). */
export type DcosComponent = 'Mesos master' | 'Marathon' | `SDK scheduler ${string}`;

/** A parsed answer: status, body (JSON or text) and headers. */
export interface DcosResponse {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

/** Options for one request. */
export interface DcosRequest {
  component: DcosComponent;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Answers with these statuses are returned instead of thrown. */
  accept?: readonly number[];
}

/** HTTP access to one DC/OS cluster. */
export class DcosHttp {
  readonly #token: string | undefined;
  private readonly options: { clock: Clock; timeoutMs: number };

  constructor(options: { clock: Clock; token: string | undefined; timeoutMs: number }) {
    this.#token = options.token;
    this.options = { clock: options.clock, timeoutMs: options.timeoutMs };
  }

  /** Headers every request carries (the token as DC/OS expects it). */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.#token === undefined ? {} : { Authorization: `token=${this.#token}` }), ...extra };
  }

  /** Secrets to scrub from any text. */
  get secrets(): string[] {
    return this.#token === undefined ? [] : [this.#token];
  }

  /** Sends a request and parses the answer; throws OpsdeckError on transport, auth, 5xx and malformed bodies. */
  async request(req: DcosRequest): Promise<DcosResponse> {
    const timeout = new AbortController();
    const signals = [timeout.signal, ...(req.signal ? [req.signal] : [])];
    const combined = AbortSignal.any(signals);
    this.options.clock.sleep(this.options.timeoutMs, combined).then(
      () => timeout.abort(),
      () => undefined,
    );
    const what = `${req.method} ${pathOf(req.url)}`;
    try {
      let response: Response;
      try {
        response = await fetch(req.url, {
          method: req.method,
          headers: this.headers({ Accept: 'application/json', ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }) }),
          ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
          signal: combined,
        });
      } catch (error) {
        throw this.transportError(req, what, error, timeout.signal.aborted);
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        if (req.signal?.aborted) throw opsError('ABORTED', 'The operation was cancelled.');
        throw opsError('BACKEND_PROTOCOL', `${req.component} cut off its answer to ${what} before it was complete.`, {
          hint: 'The connection dropped mid-answer; opsdeck retries. If it keeps happening, check proxies between opsdeck and the cluster.',
          retryable: true,
          cause: error,
        });
      }
      this.checkStatus(req, what, response.status, text);
      return { status: response.status, body: parseBody(req, what, response, text), text, headers: response.headers };
    } finally {
      timeout.abort();
    }
  }

  private checkStatus(req: DcosRequest, what: string, status: number, text: string): void {
    if (req.accept?.includes(status) || (status >= 200 && status < 300)) return;
    const detail = redact(summarise(text), this.secrets);
    if (status === 401) throw opsError('UNAUTHENTICATED', `${req.component} refused ${what}: 401 Unauthorized.`, { hint: 'Set the DC/OS ACS token in the environment variable named by tokenEnv, and check it has not expired.' });
    if (status === 403) throw opsError('FORBIDDEN', `${req.component} refused ${what}: 403 Forbidden.`, { hint: 'The token lacks the DC/OS permission for this call.' });
    if (status === 404) throw opsError('NOT_FOUND', `${req.component} answered ${what} with 404: ${detail}`, { details: { status } });
    if (status === 400 || status === 422) throw opsError('INPUT_INVALID', `${req.component} rejected ${what} with ${status}: ${detail}`, { details: { status } });
    if (status === 409) throw opsError('CONFLICT', `${req.component} refused ${what} with 409: ${detail}`, { retryable: true, details: { status } });
    if (status >= 500) throw opsError('BACKEND_ERROR', `${req.component} failed ${what} with ${status}: ${detail}`, { retryable: true, hint: 'The orchestrator had an internal error; retry shortly.', details: { status } });
    throw opsError('BACKEND_ERROR', `${req.component} rejected ${what} with ${status}: ${detail}`, { details: { status } });
  }

  private transportError(req: DcosRequest, what: string, error: unknown, timedOut: boolean): Error {
    if (isOpsdeckError(error)) return error;
    if (req.signal?.aborted) return opsError('ABORTED', 'The operation was cancelled.');
    if (timedOut) {
      return opsError('TIMEOUT', `${req.component} did not answer ${what} within ${this.options.timeoutMs} ms.`, { retryable: true, hint: 'The cluster is slow or overloaded; opsdeck retries.' });
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    const code = error instanceof Error && error.cause instanceof Error ? (error.cause as { code?: unknown }).code : undefined;
    if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') {
      return opsError('BACKEND_PROTOCOL', `${req.component} cut off its answer to ${what} before it was complete (${redact(cause, this.secrets)}).`, {
        hint: 'The connection dropped mid-answer; opsdeck retries. If it keeps happening, check proxies between opsdeck and the cluster.',
        retryable: true,
        cause: error,
      });
    }
    return opsError('BACKEND_UNREACHABLE', `Cannot reach ${req.component} at ${originOf(req.url)}: ${redact(cause, this.secrets)}.`, {
      retryable: true,
      hint: 'Check the URL in the backend config and that the cluster is up.',
      cause: error,
    });
  }
}

function parseBody(req: DcosRequest, what: string, response: Response, text: string): unknown {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return text.length === 0 ? undefined : (JSON.parse(text) as unknown);
  } catch (error) {
    throw opsError('BACKEND_PROTOCOL', `${req.component} answered ${what} with malformed JSON (${(error as Error).message}).`, {
      hint: 'Check that the URL points at the right component (not a proxy error page); opsdeck retries.',
      retryable: true,
    });
  }
}

function summarise(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // plain text body
  }
  return text.trim().slice(0, 200) || '(empty body)';
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname;
  } catch {
    return url;
  }
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/(api\/v1|v2\/.*|v1\/.*)$/, '')}`;
  } catch {
    return url;
  }
}
