/**
 * Turns what the Kubernetes client throws (ApiException, watch errors with a
 * statusCode, fetch failures) into OpsdeckErrors with a hint an on-call
 * engineer can follow; never a token in the text.
 */
import { opsError, type OpsdeckError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';

/** What was being done when the error happened, for the message and hint. */
export interface KubeErrorContext {
  /** e.g. "scale deployment default/web". */
  action: string;
  /** The RBAC verb and resource involved, e.g. `patch` and `deployments/scale`. */
  verb?: string;
  resource?: string;
  namespace?: string;
  /** Kubeconfig context (or "in-cluster") whose credentials were used. */
  context: string;
  server: string;
}

/** The HTTP status of a client error, if it carries one. */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const record = error as { code?: unknown; statusCode?: unknown };
  if (typeof record.statusCode === 'number') return record.statusCode;
  if (typeof record.code === 'number') return record.code;
  return undefined;
}

/** The apiserver's own Status message from an ApiException body, if any. */
function serverMessage(error: unknown): string | undefined {
  const body = (error as { body?: unknown }).body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps a client error to an OpsdeckError with a hint. */
export function kubeError(error: unknown, context: KubeErrorContext, secrets: readonly string[] = []): OpsdeckError {
  const status = statusCodeOf(error);
  const clean = (text: string): string => redact(text, secrets);
  const said = serverMessage(error);
  const detail = said === undefined ? '' : `: ${clean(said)}`;
  const can = context.verb !== undefined && context.resource !== undefined ? `kubectl auth can-i ${context.verb} ${context.resource}${context.namespace ? ` -n ${context.namespace}` : ''} --context ${context.context}` : undefined;
  switch (status) {
    case 401:
      return opsError('UNAUTHENTICATED', `The Kubernetes API server ${context.server} refused the credentials of context "${context.context}" (401 Unauthorized) while trying to ${context.action}.`, {
        cause: error,
        hint: 'The token or client certificate has expired or been revoked: refresh the credentials in the kubeconfig (e.g. re-run your provider\'s get-credentials or `kubectl login`), then retry.',
      });
    case 403:
      return opsError('FORBIDDEN', `Kubernetes RBAC does not allow context "${context.context}" to ${context.action}${detail}.`, {
        cause: error,
        hint: `Ask a cluster admin for a Role granting "${context.verb ?? 'this verb'}" on "${context.resource ?? 'this resource'}"${context.namespace ? ` in namespace ${context.namespace}` : ''}${can ? `; check with \`${can}\`` : ''}.`,
      });
    case 404:
      return opsError('NOT_FOUND', `Cannot ${context.action}: it does not exist on ${context.server}${detail}.`, { cause: error, hint: 'It may have been deleted or renamed; refresh the view and pick it again.' });
    case 409:
      return opsError('CONFLICT', `Cannot ${context.action}: the object changed meanwhile${detail}.`, { cause: error, retryable: true, hint: 'Retry; opsdeck re-reads the latest version.' });
    case 410:
      return opsError('CONFLICT', `Cannot ${context.action}: the list or watch position expired${detail}.`, { cause: error, retryable: true, hint: 'Retry; opsdeck relists.' });
    case 422:
    case 400:
      return opsError('INPUT_INVALID', `The API server rejected the request to ${context.action}${detail}.`, { cause: error, hint: 'Check the value you asked for.' });
    case 429:
      return opsError('RATE_LIMITED', `The API server is throttling requests (429) while trying to ${context.action}.`, { cause: error, retryable: true, hint: 'Wait a moment and retry.' });
    default:
      break;
  }
  if (status !== undefined && status >= 500) {
    return opsError('BACKEND_ERROR', `The API server failed (${status}) while trying to ${context.action}${detail}.`, { cause: error, retryable: true, hint: 'The control plane may be overloaded or restarting; retry shortly.' });
  }
  const code = networkCode(error);
  if (code !== undefined || (error instanceof TypeError && /fetch failed/i.test(error.message))) {
    return opsError('BACKEND_UNREACHABLE', `The Kubernetes API server ${context.server} is unreachable${code ? ` (${code})` : ''} while trying to ${context.action}.`, {
      cause: error,
      retryable: true,
      hint: `Check the network / VPN and that context "${context.context}" points at a live cluster (kubectl --context ${context.context} get --raw /readyz).`,
    });
  }
  if (status !== undefined) {
    return opsError('BACKEND_ERROR', `The API server answered ${status} while trying to ${context.action}${detail}.`, { cause: error, hint: 'See the opsdeck log for the full response.' });
  }
  return opsError('BACKEND_ERROR', `Failed to ${context.action}: ${clean(error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error))}.`, { cause: error, hint: 'See the opsdeck log for details.' });
}
