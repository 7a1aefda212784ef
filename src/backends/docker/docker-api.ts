/**
 * The Engine API calls opsdeck makes, typed, pinned to API v1.41, each with a
 * deadline and mapped errors. One place knows the paths; the rest of the
 * backend speaks in typed objects.
 */
import Docker from 'dockerode';
import type { IncomingMessage } from 'node:http';
import { opsError } from '../../core/errors.js';
import { apiTooOld, toDockerError } from './docker-errors.js';
import type { DockerEndpoint } from './docker-endpoint.js';
import type { ContainerSummary, EngineInfo, SwarmNode, SwarmService, SwarmServiceSpec, SwarmTask } from './docker-types.js';

/** The API version opsdeck speaks; older daemons are refused with a clear error. */
export const DOCKER_API_VERSION = '1.41';

/** Filters in the Engine's `map[string][]string` form. */
export type DockerFilters = Record<string, string[]>;

interface DialOptions {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  doing: string;
  signal?: AbortSignal;
  stream?: boolean;
}

interface Modem {
  dial(options: Record<string, unknown>, callback: (error: unknown, data: unknown) => void): void;
}

/** Typed access to one Engine. */
export class DockerApi {
  readonly endpoint: DockerEndpoint;
  private readonly modem: Modem;
  private readonly timeoutMs: number;

  constructor(endpoint: DockerEndpoint, options: { requestTimeoutMs: number }) {
    this.endpoint = endpoint;
    this.timeoutMs = options.requestTimeoutMs;
    const docker = new Docker({
      ...(endpoint.socketPath === undefined ? {} : { socketPath: endpoint.socketPath }),
      ...(endpoint.host === undefined ? {} : { host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol }),
      version: `v${DOCKER_API_VERSION}`,
    });
    this.modem = docker.modem as unknown as Modem;
  }

  /** Checks the daemon answers and speaks API 1.41+; throws what to fix otherwise. */
  async checkVersion(signal?: AbortSignal): Promise<{ apiVersion: string; version: string }> {
    const info = await this.dial<{ ApiVersion?: string; Version?: string }>({ method: 'GET', path: '/version', doing: 'checking the Engine version', ...withSignal(signal) });
    const apiVersion = info.ApiVersion ?? '0';
    if (compareVersions(apiVersion, DOCKER_API_VERSION) < 0) throw apiTooOld(this.endpoint.display, apiVersion);
    return { apiVersion, version: info.Version ?? 'unknown' };
  }

  /** `GET /_ping`, used as the liveness heartbeat. */
  async ping(signal?: AbortSignal): Promise<void> {
    await this.dial<unknown>({ method: 'GET', path: '/_ping', doing: 'pinging the Engine', ...withSignal(signal) });
  }

  info(signal?: AbortSignal): Promise<EngineInfo> {
    return this.dial({ method: 'GET', path: '/info', doing: 'reading Engine info', ...withSignal(signal) });
  }

  listServices(filters?: DockerFilters, signal?: AbortSignal): Promise<SwarmService[]> {
    return this.dial({ method: 'GET', path: '/services', query: { status: true, ...filterQuery(filters) }, doing: 'listing Swarm services', ...withSignal(signal) });
  }

  inspectService(idOrName: string, signal?: AbortSignal): Promise<SwarmService> {
    return this.dial({ method: 'GET', path: `/services/${encodeURIComponent(idOrName)}`, doing: `inspecting Swarm service ${idOrName}`, ...withSignal(signal) });
  }

  listTasks(filters?: DockerFilters, signal?: AbortSignal): Promise<SwarmTask[]> {
    return this.dial({ method: 'GET', path: '/tasks', query: filterQuery(filters), doing: 'listing Swarm tasks', ...withSignal(signal) });
  }

  inspectTask(id: string, signal?: AbortSignal): Promise<SwarmTask> {
    return this.dial({ method: 'GET', path: `/tasks/${encodeURIComponent(id)}`, doing: `inspecting Swarm task ${id}`, ...withSignal(signal) });
  }

  listNodes(signal?: AbortSignal): Promise<SwarmNode[]> {
    return this.dial({ method: 'GET', path: '/nodes', doing: 'listing Swarm nodes', ...withSignal(signal) });
  }

  listContainers(filters?: DockerFilters, signal?: AbortSignal): Promise<ContainerSummary[]> {
    return this.dial({ method: 'GET', path: '/containers/json', query: { all: true, ...filterQuery(filters) }, doing: 'listing containers', ...withSignal(signal) });
  }

  inspectContainer(id: string, signal?: AbortSignal): Promise<{ RestartCount?: number; State?: { Health?: { Status?: string; Log?: { Output?: string; ExitCode?: number }[] } } }> {
    return this.dial({ method: 'GET', path: `/containers/${encodeURIComponent(id)}/json`, doing: `inspecting container ${id.slice(0, 12)}`, ...withSignal(signal) });
  }

  /** `GET /images/{name}/json`: whether the Engine has an image (NOT_FOUND when it does not). */
  inspectImage(name: string, signal?: AbortSignal): Promise<{ Id?: string; RepoTags?: string[] }> {
    return this.dial({ method: 'GET', path: `/images/${encodeURIComponent(name)}/json`, doing: `inspecting image ${name}`, ...withSignal(signal) });
  }

  /** `POST /services/{id}/update` with the full spec at `version`; `rollback: true` restores PreviousSpec. */
  async updateService(id: string, spec: SwarmServiceSpec, options: { version: number; rollback?: boolean; signal?: AbortSignal }): Promise<{ Warnings?: string[] | null }> {
    return this.dial({
      method: 'POST',
      path: `/services/${encodeURIComponent(id)}/update`,
      query: { version: options.version, ...(options.rollback ? { rollback: 'previous' } : {}) },
      body: spec,
      doing: options.rollback ? `rolling back Swarm service ${id}` : `updating Swarm service ${id}`,
      ...withSignal(options.signal),
    });
  }

  /** Container lifecycle call; resolves `already` when the daemon answers 304 (already in that state). */
  async containerAction(id: string, action: 'start' | 'stop' | 'restart' | 'kill', options: { signal?: AbortSignal; killSignal?: string } = {}): Promise<{ already: boolean }> {
    try {
      await this.dial({
        method: 'POST',
        path: `/containers/${encodeURIComponent(id)}/${action}`,
        query: action === 'kill' ? { signal: options.killSignal ?? 'KILL' } : {},
        body: {},
        doing: `${action === 'kill' ? 'killing' : action === 'stop' ? 'stopping' : `${action}ing`} container ${id.slice(0, 12)}`,
        ...withSignal(options.signal),
      });
      return { already: false };
    } catch (error) {
      if ((error as { details?: { status?: number } }).details?.status === 304) return { already: true };
      throw error;
    }
  }

  /** Opens `GET /events` (no deadline: it is a long-lived stream). */
  openEvents(signal: AbortSignal): Promise<IncomingMessage> {
    return this.dial({ method: 'GET', path: '/events', doing: 'opening the event stream', signal, stream: true });
  }

  private dial<T>(options: DialOptions): Promise<T> {
    const signals = [options.signal, options.stream ? undefined : AbortSignal.timeout(this.timeoutMs)].filter((s): s is AbortSignal => s !== undefined);
    const abortSignal = signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    return new Promise<T>((resolve, reject) => {
      this.modem.dial(
        {
          path: `${options.path}?`,
          method: options.method,
          options: { _query: options.query ?? {}, _body: options.body ?? {} },
          isStream: options.stream ?? false,
          abortSignal,
          statusCodes: { 200: true, 201: true, 204: true, 304: 'not modified', 400: 'bad request', 403: 'forbidden', 404: 'not found', 409: 'conflict', 500: 'server error', 503: 'unavailable' },
        },
        (error, data) => {
          if (error === null || error === undefined) {
            resolve(data as T);
            return;
          }
          if ((error as { statusCode?: number }).statusCode === 304) {
            reject(opsError('CONFLICT', 'Already in that state.', { details: { status: 304 } }));
            return;
          }
          const cause = abortSignal?.aborted && options.signal?.aborted !== true ? Object.assign(new Error('timeout'), { name: 'TimeoutError' }) : error;
          reject(toDockerError(cause, { endpoint: this.endpoint.display, doing: options.doing }));
        },
      );
    });
  }
}

function withSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}

function filterQuery(filters: DockerFilters | undefined): Record<string, string> {
  return filters === undefined || Object.keys(filters).length === 0 ? {} : { filters: JSON.stringify(filters) };
}

/** Compares dotted versions numerically (1.41 > 1.9). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
