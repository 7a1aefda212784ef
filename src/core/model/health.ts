/**
 * Health as every face shows it. STALE is its own state: data we can no longer
 * vouch for is never presented as healthy and never as down.
 */

/** The five health states, ordered from best to worst for roll-ups (STALE and UNKNOWN are not "worse", they are "unknowable"). */
export type HealthStatus = 'HEALTHY' | 'DEGRADED' | 'UNHEALTHY' | 'STALE' | 'UNKNOWN';

/** Health with the reason a person needs to act on it. */
export interface Health {
  status: HealthStatus;
  /** Short human reason, e.g. "2/3 tasks healthy" or "CrashLoopBackOff". */
  reason: string;
  /** When the status last changed (epoch ms), if known. */
  since?: number;
}

const SEVERITY: Record<HealthStatus, number> = { HEALTHY: 0, UNKNOWN: 1, STALE: 2, DEGRADED: 3, UNHEALTHY: 4 };

/** Orders health states for roll-ups: higher is worse. */
export function healthSeverity(status: HealthStatus): number {
  return SEVERITY[status];
}

/** The worst of several health states (HEALTHY when the list is empty). */
export function worstHealth(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'HEALTHY';
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

/** Instance counts a backend reports for a service. */
export interface InstanceCounts {
  desired: number;
  running: number;
  healthy: number;
}

/**
 * The default health judgement from instance counts, used by backends that have
 * no richer signal: all desired healthy → HEALTHY, none healthy → UNHEALTHY, else DEGRADED.
 */
export function healthFromCounts(counts: InstanceCounts): Health {
  const { desired, running, healthy } = counts;
  if (desired === 0) return { status: 'HEALTHY', reason: running === 0 ? 'scaled to zero' : `${running} running, 0 desired` };
  if (healthy >= desired) return { status: 'HEALTHY', reason: `${healthy}/${desired} healthy` };
  if (healthy === 0) {
    return { status: 'UNHEALTHY', reason: running === 0 ? `0/${desired} running` : `0/${desired} healthy (${running} running)` };
  }
  return { status: 'DEGRADED', reason: `${healthy}/${desired} healthy` };
}
