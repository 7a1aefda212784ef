/**
 * How health reads on screen: a colour AND a glyph plus the word, so the
 * dashboard is legible without colour (monochrome terminals, colour blindness).
 */
import type { HealthStatus } from '../core/model/health.js';
import type { PlanStatus } from '../core/model/plan.js';
import type { CellColor } from './list-model.js';

const HEALTH: Record<HealthStatus, { glyph: string; color: CellColor }> = {
  HEALTHY: { glyph: '✔', color: 'green' },
  DEGRADED: { glyph: '▲', color: 'yellow' },
  UNHEALTHY: { glyph: '✖', color: 'red' },
  STALE: { glyph: '◌', color: 'grey' },
  UNKNOWN: { glyph: '?', color: 'white' },
};

/** Glyph and colour for a health status. */
export function healthStyle(status: HealthStatus): { glyph: string; color: CellColor } {
  return HEALTH[status];
}

const PLAN: Record<PlanStatus, { glyph: string; color: CellColor }> = {
  COMPLETE: { glyph: '✔', color: 'green' },
  IN_PROGRESS: { glyph: '▶', color: 'cyan' },
  STARTING: { glyph: '▶', color: 'cyan' },
  STARTED: { glyph: '▶', color: 'cyan' },
  PREPARED: { glyph: '▷', color: 'cyan' },
  PENDING: { glyph: '·', color: 'white' },
  WAITING: { glyph: '‖', color: 'yellow' },
  DELAYED: { glyph: '◔', color: 'yellow' },
  ERROR: { glyph: '✖', color: 'red' },
};

/** Glyph and colour for a plan, phase or step status. */
export function planStatusStyle(status: PlanStatus): { glyph: string; color: CellColor } {
  return PLAN[status];
}

/** The marker shown next to protected targets (explained in the help and the legend). */
export const PROTECTED_MARK = '‡';
