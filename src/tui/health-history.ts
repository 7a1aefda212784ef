/**
 * Remembers each service's recent health changes from the store's diffs, so
 * the detail view can draw a health-history sparkline without a database.
 */
import type { HealthStatus } from '../core/model/health.js';
import type { StateDiff } from '../core/state/cluster-state.js';

/** One observed health state and when it was first seen. */
export interface HealthSample {
  at: number;
  status: HealthStatus;
}

/** Bounded per-service history of health transitions. */
export class HealthHistory {
  private readonly samples = new Map<string, HealthSample[]>();

  constructor(private readonly limit = 60) {}

  /** Folds a diff in: records a sample when a service's health changed. */
  record(diff: Pick<StateDiff, 'services'>, at: number): void {
    for (const s of diff.services.upserted) {
      const list = this.samples.get(s.id);
      const status = s.health.status;
      if (list === undefined) {
        this.samples.set(s.id, [{ at, status }]);
        continue;
      }
      if (list[list.length - 1]?.status === status) continue;
      list.push({ at, status });
      if (list.length > this.limit) list.splice(0, list.length - this.limit);
    }
    for (const id of diff.services.removed) this.samples.delete(id);
  }

  /** The samples for a service, oldest first. */
  of(serviceId: string): readonly HealthSample[] {
    return this.samples.get(serviceId) ?? [];
  }
}

const LEVEL: Record<HealthStatus, string> = { HEALTHY: '█', DEGRADED: '▅', UNHEALTHY: '▁', STALE: '░', UNKNOWN: '·' };

/**
 * A time-bucketed sparkline of health over the last `windowMs`: one character
 * per bucket, the worst state seen in it; tall bars are healthy, low bars are down.
 */
export function healthSparkline(samples: readonly HealthSample[], options: { now: number; windowMs: number; width: number }): string {
  if (samples.length === 0) return '';
  const { now, windowMs, width } = options;
  const start = now - windowMs;
  const bucketMs = windowMs / width;
  let out = '';
  let idx = 0;
  let current: HealthStatus | undefined;
  while (idx < samples.length && samples[idx]!.at <= start) current = samples[idx++]!.status;
  for (let b = 0; b < width; b++) {
    const end = start + (b + 1) * bucketMs;
    let worst = current;
    while (idx < samples.length && samples[idx]!.at <= end) {
      current = samples[idx++]!.status;
      if (worst === undefined || rank(current) > rank(worst)) worst = current;
    }
    out += worst === undefined ? ' ' : LEVEL[worst];
  }
  return out;
}

function rank(status: HealthStatus): number {
  return { HEALTHY: 0, UNKNOWN: 1, STALE: 2, DEGRADED: 3, UNHEALTHY: 4 }[status];
}
