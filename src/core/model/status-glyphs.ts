/**
 * One glyph per health and plan status, so every text face (CLI, dashboard)
 * reads the same without colour: monochrome terminals, logs, colour blindness.
 */
import type { HealthStatus } from './health.js';
import type { PlanStatus } from './plan.js';

/** The glyph shown before a health word. */
export const HEALTH_GLYPH: Record<HealthStatus, string> = {
  HEALTHY: '✔',
  DEGRADED: '▲',
  UNHEALTHY: '✖',
  STALE: '◌',
  UNKNOWN: '?',
};

/** The glyph shown before a plan, phase or step status. */
export const PLAN_GLYPH: Record<PlanStatus, string> = {
  COMPLETE: '✔',
  IN_PROGRESS: '▶',
  STARTING: '▶',
  STARTED: '▶',
  PREPARED: '▷',
  PENDING: '·',
  WAITING: '‖',
  DELAYED: '◔',
  ERROR: '✖',
};
