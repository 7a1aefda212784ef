/**
 * Turns socket and Engine API failures into OpsdeckErrors that say what to fix:
 * a missing socket, a socket we may not open, an Engine too old, a name that
 * does not exist. Nothing here ever echoes credentials (text goes through redact).
 */
import { isOpsdeckError, opsError, type OpsdeckError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';

/** Facts an error message needs: where the daemon is and what we were doing. */
export interface DockerErrorContext {
  /** Human form of the endpoint, e.g. `unix:///run/docker.sock`. */
  endpoint: string;
  /** What opsdeck was doing, e.g. "listing Swarm services". */
  doing: string;
}

interface NodeishError {
  code?: string;
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
  name?: string;
}

/** The daemon's own message from a dockerode error (`{"message": ...}` body), if any. */
export function daemonMessage(error: unknown): string | undefined {
  const e = error as NodeishError;
  const fromJson = e?.json && typeof e.json === 'object' ? e.json.message : undefined;
  if (typeof fromJson === 'string' && fromJson.length > 0) return fromJson.trim();
  if (typeof e?.message === 'string') {
    const match = /\(HTTP code \d+\) [^-]*- (.*)$/s.exec(e.message);
    if (match?.[1] !== undefined && match[1].trim().length > 0) return match[1].trim();
  }
  return undefined;
}

/** HTTP status of a dockerode error, if it got as far as a response. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as NodeishError)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** True when the daemon rejected our API version as too new for it (an Engine older than 1.41). */
export function isVersionRejection(error: unknown): boolean {
  return statusOf(error) === 400 && /client version .* is too new|minimum supported api version|too old/i.test(daemonMessage(error) ?? '');
}

/** An error for an Engine whose API is older than 1.41. */
export function apiTooOld(endpoint: string, actual: string, detail?: string): OpsdeckError {
  return opsError('UNSUPPORTED', `The Docker Engine at ${endpoint} speaks API ${actual}; opsdeck needs 1.41 or newer.`, {
    hint: 'Upgrade the Engine to Docker 20.10 or newer (Debian: apt-get install docker.io from bookworm), or point `host` at a newer daemon.',
    details: { apiVersion: actual, ...(detail === undefined ? {} : { daemon: detail }) },
  });
}

/** Maps anything a Docker call threw to an OpsdeckError naming what to fix. */
export function toDockerError(error: unknown, context: DockerErrorContext): OpsdeckError {
  if (isOpsdeckError(error)) return error;
  const e = error as NodeishError;
  const endpoint = redact(context.endpoint);
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR') {
    return opsError('ABORTED', `Cancelled while ${context.doing}.`, { cause: error });
  }
  if (e?.name === 'TimeoutError') {
    return opsError('TIMEOUT', `The Docker Engine at ${endpoint} did not answer in time while ${context.doing}.`, {
      hint: 'Check that dockerd is responsive (`docker info`), or raise requestTimeoutMs in the docker backend config.',
      retryable: true,
      cause: error,
    });
  }
  switch (e?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return opsError('BACKEND_UNREACHABLE', `No Docker socket at ${endpoint}.`, {
        hint: 'Start dockerd, or set `host` in the docker backend config (or DOCKER_HOST) to the socket dockerd listens on.',
        retryable: true,
        cause: error,
      });
    case 'EACCES':
    case 'EPERM':
      return opsError('FORBIDDEN', `Permission denied opening the Docker socket ${endpoint}.`, {
        hint: 'Run opsdeck as a user in the socket\'s group (usually `docker`: usermod -aG docker <user>), or point `host` at a socket this user may open.',
        cause: error,
      });
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EPIPE':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ENOTFOUND':
      return opsError('BACKEND_UNREACHABLE', `Cannot reach the Docker Engine at ${endpoint} (${e.code}) while ${context.doing}.`, {
        hint: 'Check that dockerd is running and listening there (`docker -H <host> info`); opsdeck keeps retrying.',
        retryable: true,
        cause: error,
      });
    default:
      break;
  }
  const status = statusOf(error);
  const message = redact(daemonMessage(error) ?? (typeof e?.message === 'string' ? e.message : String(error)));
  if (isVersionRejection(error)) return apiTooOld(endpoint, 'older than 1.41', message);
  if (status === 404) {
    return opsError('NOT_FOUND', `Docker says: ${message} (while ${context.doing}).`, {
      hint: 'Check the name with `docker service ls` / `docker ps -a`; it may have been removed.',
      cause: error,
    });
  }
  if (status === 409) return opsError('CONFLICT', `Docker refused: ${message} (while ${context.doing}).`, { cause: error, retryable: true });
  if (status === 503) {
    return opsError('BACKEND_ERROR', `Docker says: ${message} (while ${context.doing}).`, {
      hint: 'Swarm operations need a Swarm manager: run `docker swarm init` or point `host` at a manager node.',
      cause: error,
    });
  }
  if (status !== undefined) {
    return opsError('BACKEND_ERROR', `Docker answered ${status}: ${message} (while ${context.doing}).`, { cause: error, retryable: status >= 500 });
  }
  return opsError('BACKEND_UNREACHABLE', `Lost the Docker Engine at ${endpoint} while ${context.doing}: ${message}.`, {
    hint: 'Check that dockerd is running; opsdeck keeps retrying.',
    retryable: true,
    cause: error,
  });
}
