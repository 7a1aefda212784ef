/**
 * Renders services for the CLI: an aligned table for people and a stable
 * JSON shape (the model's field names) for scripts.
 */
import type { Service } from '../../core/model/service.js';
import { HEALTH_GLYPH } from '../../core/model/status-glyphs.js';
import { formatAge } from '../../core/time/duration.js';
import { textTable, truncate } from './text-table.js';

/** The stable JSON form of a service for `--json` output. */
export interface ServiceJson {
  id: string;
  backend: string;
  cluster: string;
  tenant: string;
  name: string;
  kind: string;
  desired: number;
  running: number;
  healthy: number;
  health: { status: string; reason: string; since?: number };
  labels: Record<string, string>;
  updatedAt: number;
  version?: string;
  staleSince?: number;
}

/** Picks the documented fields in a fixed order, so JSON output stays stable across versions. */
export function serviceToJson(s: Service): ServiceJson {
  return {
    id: s.id,
    backend: s.backend,
    cluster: s.cluster,
    tenant: s.tenant,
    name: s.name,
    kind: s.kind,
    desired: s.desired,
    running: s.running,
    healthy: s.healthy,
    health: { status: s.health.status, reason: s.health.reason, ...(s.health.since === undefined ? {} : { since: s.health.since }) },
    labels: s.labels,
    updatedAt: s.updatedAt,
    ...(s.version === undefined ? {} : { version: s.version }),
    ...(s.staleSince === undefined ? {} : { staleSince: s.staleSince }),
  };
}

/** Orders services by cluster, tenant, then name, so output is deterministic. */
export function sortServices(services: Iterable<Service>): Service[] {
  return [...services].sort((a, b) => a.cluster.localeCompare(b.cluster) || a.tenant.localeCompare(b.tenant) || a.name.localeCompare(b.name));
}

/** The services table people read: health glyph + word, ready counts, and the reason. */
export function renderServicesTable(services: readonly Service[], now: number): string[] {
  if (services.length === 0) return ['No services.'];
  const rows = services.map((s) => [
    s.cluster,
    s.tenant,
    s.name,
    s.kind,
    `${HEALTH_GLYPH[s.health.status]} ${s.health.status}${s.staleSince === undefined ? '' : ` ${formatAge(now - s.staleSince)}`}`,
    `${s.healthy}/${s.desired}`,
    truncate(s.health.reason, 80),
  ]);
  return textTable(['CLUSTER', 'TENANT', 'NAME', 'KIND', 'HEALTH', 'READY', 'REASON'], rows);
}
