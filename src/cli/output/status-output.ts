/**
 * Renders the overall status for the CLI: each backend's connection and data
 * age, service counts by health, and the services that need attention.
 */
import { evaluateComposition, type Composition, type CompositionStatus } from '../../core/model/composition.js';
import { healthSeverity, type HealthStatus } from '../../core/model/health.js';
import { HEALTH_GLYPH } from '../../core/model/status-glyphs.js';
import type { ClusterStateView, BackendStatus } from '../../core/state/cluster-state.js';
import { renderServicesTable, serviceToJson, sortServices, type ServiceJson } from './services-output.js';
import { formatAge } from '../../core/time/duration.js';
import { textTable } from './text-table.js';

/** The stable JSON form of `opsdeck status --json`. */
export interface StatusJson {
  backends: { id: string; kind: string; cluster: string; connection: string; synced: boolean; lastEventAgeMs?: number; error?: { code: string; message: string; hint?: string } }[];
  counts: Record<HealthStatus, number>;
  compositions: CompositionStatus[];
  services: ServiceJson[];
}

/** What the status views need besides the state. */
export interface StatusOptions {
  tenant?: string;
  compositions?: readonly Composition[];
}

function backendJson(b: BackendStatus, now: number): StatusJson['backends'][number] {
  return {
    id: b.id,
    kind: b.kind,
    cluster: b.cluster,
    connection: b.connection,
    synced: b.synced,
    ...(b.lastEventAt === undefined ? {} : { lastEventAgeMs: now - b.lastEventAt }),
    ...(b.error === undefined ? {} : { error: b.error }),
  };
}

/** Builds the JSON status: every backend, counts by health, every visible service. */
export function statusJson(state: ClusterStateView, now: number, options: StatusOptions = {}): StatusJson {
  const services = sortServices(options.tenant === undefined ? state.services() : state.servicesOfTenant(options.tenant));
  const counts: Record<HealthStatus, number> = { HEALTHY: 0, DEGRADED: 0, UNHEALTHY: 0, STALE: 0, UNKNOWN: 0 };
  for (const s of services) counts[s.health.status]++;
  const compositions = (options.compositions ?? [])
    .filter((c) => options.tenant === undefined || c.tenant === options.tenant)
    .map((c) => evaluateComposition(c, services));
  return { backends: state.backends().map((b) => backendJson(b, now)), counts, compositions, services: services.map(serviceToJson) };
}

/** The human status: backends table, health counts, and the services that are not healthy. */
export function renderStatus(state: ClusterStateView, now: number, options: StatusOptions = {}): string[] {
  const json = statusJson(state, now, options);
  const backendRows = state.backends().map((b) => [
    b.id,
    b.kind,
    b.cluster,
    b.connection === 'live' ? 'live' : b.connection === 'stale' ? `STALE ${b.staleSince === undefined ? '' : formatAge(now - b.staleSince)}`.trim() : 'connecting',
    b.lastEventAt === undefined ? '-' : formatAge(now - b.lastEventAt),
    b.error?.message ?? '',
  ]);
  const lines = [...textTable(['BACKEND', 'KIND', 'CLUSTER', 'STATE', 'DATA AGE', 'NOTE'], backendRows), ''];
  const c = json.counts;
  lines.push(`Services: ${json.services.length}  healthy ${c.HEALTHY}  degraded ${c.DEGRADED}  unhealthy ${c.UNHEALTHY}  stale ${c.STALE}  unknown ${c.UNKNOWN}`);
  for (const c of json.compositions) {
    lines.push(`Composition ${c.name}: ${HEALTH_GLYPH[c.health.status]} ${c.health.status} (${c.health.reason})`);
  }
  const attention = sortServices(state.services())
    .filter((s) => s.health.status !== 'HEALTHY')
    .sort((a, b) => healthSeverity(b.health.status) - healthSeverity(a.health.status));
  if (attention.length > 0) lines.push('', 'Needs attention:', ...renderServicesTable(attention, now));
  return lines;
}
