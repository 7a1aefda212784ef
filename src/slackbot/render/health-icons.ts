/**
 * The emoji each health state wears in Slack, next to the word, so pages and
 * status replies read the same (and without colour).
 */
import type { HealthStatus } from '../../core/model/health.js';

/** One Slack emoji per health state. */
export const HEALTH_ICON: Record<HealthStatus, string> = {
  HEALTHY: ':white_check_mark:',
  DEGRADED: ':warning:',
  UNHEALTHY: ':x:',
  STALE: ':grey_question:',
  UNKNOWN: ':grey_question:',
};
