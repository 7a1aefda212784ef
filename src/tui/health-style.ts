/**
 * How health reads on screen: a colour AND the shared glyph plus the word, so the
 * dashboard is legible without colour (monochrome terminals, colour blindness).
 */
import type { HealthStatus } from '../core/model/health.js';
import type { PlanStatus } from '../core/model/plan.js';
import { HEALTH_GLYPH, PLAN_GLYPH } from '../core/model/status-glyphs.js';
import type { CellColor } from './list-model.js';

const HEALTH_COLOR: Record<HealthStatus, CellColor> = { HEALTHY: 'green', DEGRADED: 'yellow', UNHEALTHY: 'red', STALE: 'grey', UNKNOWN: 'white' };

/** Glyph and colour for a health status. */
export function healthStyle(status: HealthStatus): { glyph: string; color: CellColor } {
  return { glyph: HEALTH_GLYPH[status], color: HEALTH_COLOR[status] };
}

const PLAN_COLOR: Record<PlanStatus, CellColor> = {
  COMPLETE: 'green',
  IN_PROGRESS: 'cyan',
  STARTING: 'cyan',
  STARTED: 'cyan',
  PREPARED: 'cyan',
  PENDING: 'white',
  WAITING: 'yellow',
  DELAYED: 'yellow',
  ERROR: 'red',
};

/** Glyph and colour for a plan, phase or step status. */
export function planStatusStyle(status: PlanStatus): { glyph: string; color: CellColor } {
  return { glyph: PLAN_GLYPH[status], color: PLAN_COLOR[status] };
}

/** The marker shown next to protected targets (explained in the help and the legend). */
export const PROTECTED_MARK = '‡';
