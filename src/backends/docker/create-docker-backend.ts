/**
 * Factory the composition root calls for a `kind: docker` config section:
 * validates it, resolves the Engine endpoint (config, then DOCKER_HOST) and
 * builds the backend.
 */
import type { Backend, BackendDeps } from '../../core/backend/port.js';
import { opsError } from '../../core/errors.js';
import { DockerApi } from './docker-api.js';
import { DockerBackend } from './docker-backend.js';
import { dockerBackendConfigSchema, type DockerBackendConfig } from './docker-config.js';
import { resolveDockerEndpoint } from './docker-endpoint.js';

const DEFAULT_FRESHNESS_MS = 30_000;

/** Builds a Docker backend from its config section. */
export function createDockerBackend(config: DockerBackendConfig, deps: BackendDeps): Backend {
  const parsed = dockerBackendConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw opsError('CONFIG_INVALID', `Docker backend "${String((config as { id?: unknown }).id ?? '?')}": ${parsed.error.issues.map((i) => `${i.path.join('.') || '(section)'}: ${i.message}`).join('; ')}.`, {
      hint: 'Fix the docker section of the config (kind, id, host, tenantLabel…).',
    });
  }
  const c = parsed.data;
  const endpoint = resolveDockerEndpoint(c.host ?? deps.env.DOCKER_HOST);
  const freshnessBoundMs = c.freshnessBoundMs ?? DEFAULT_FRESHNESS_MS;
  const cluster = c.cluster ?? c.id;
  return new DockerBackend({
    id: c.id,
    cluster,
    freshnessBoundMs,
    api: new DockerApi(endpoint, { requestTimeoutMs: c.requestTimeoutMs }),
    watch: {
      world: { backendId: c.id, cluster, tenantLabel: c.tenantLabel, defaultTenant: c.defaultTenant },
      clock: deps.clock,
      logger: deps.logger.child({ backend: c.id }),
      debounceMs: c.debounceMs,
      minBackoffMs: c.minBackoffMs,
      maxBackoffMs: c.maxBackoffMs,
      heartbeatMs: Math.max(100, Math.min(5_000, Math.floor(freshnessBoundMs / 3))),
      settleMs: 500,
      maxTargeted: 64,
    },
  });
}
