/**
 * The honesty rule for health: while a backend is stale, each of its
 * services shows STALE (with the last health it reported, and since when),
 * never the last observed HEALTHY or UNHEALTHY.
 */
import type { Service } from '../model/service.js';
import type { BackendStatus } from './cluster-state.js';

/** The service as people should see it, given its backend's connection. */
export function effectiveHealth(service: Service, backend: Pick<BackendStatus, 'id' | 'connection' | 'staleSince' | 'error'> | undefined, now: number): Service {
  if (backend?.connection === 'stale') {
    const since = backend.staleSince ?? now;
    return {
      ...service,
      staleSince: since,
      health: {
        status: 'STALE',
        reason: `${backend.error?.message ?? `no data from ${backend.id}`} Last known: ${service.observedHealth.status} (${service.observedHealth.reason}).`,
        since,
      },
    };
  }
  const { staleSince: _dropped, ...rest } = service;
  return { ...rest, health: service.observedHealth };
}
