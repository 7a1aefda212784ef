/**
 * Glyphs for health so it reads without colour (screen readers, monochrome
 * terminals, logs): every face pairs the colour with one of these.
 */
import type { HealthStatus } from '../../core/model/health.js';
import type { PlanStatus } from '../../core/model/plan.js';

/** One glyph per health state. */
export const HEALTH_GLYPH: Record<HealthStatus, string> = {
  HEALTHY: '✔',
  DEGRADED: '◐',
  UNHEALTHY: '✖',
  STALE: '?',
  UNKNOWN: '·',
};

/** One glyph per plan status. */
export const PLAN_GLYPH: Record<PlanStatus, string> = {
  COMPLETE: '✔',
  IN_PROGRESS: '▶',
  STARTING: '▶',
  STARTED: '▶',
  PREPARED: '▶',
  PENDING: '○',
  WAITING: '⏸',
  DELAYED: '⧗',
  ERROR: '✖',
};
