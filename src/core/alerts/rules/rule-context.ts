/**
 * What every built-in rule may read: the time, thresholds, SLAs, the state
 * view and restart counts. Rules are pure functions of this context.
 */
import type { ClusterStateView } from '../../state/cluster-state.js';
import type { AlertsConfig } from '../config.js';
import type { RestartTracker } from '../restart-tracker.js';
import type { AlertCondition } from '../alert.js';
import { fingerprintOf } from '../fingerprint.js';

/** Inputs for rule evaluation. */
export interface RuleContext {
  now: number;
  config: AlertsConfig;
  view: ClusterStateView;
  restarts: RestartTracker;
}

/** Builds a condition, deriving the fingerprint from kind and labels. */
export function condition(input: Omit<AlertCondition, 'fingerprint'>): AlertCondition {
  return { ...input, fingerprint: fingerprintOf(input.kind, input.labels) };
}

/** Exact name / global id match, or a /regex/ in slashes. */
export function nameMatches(pattern: string, values: readonly string[]): boolean {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    const re = new RegExp(pattern.slice(1, -1));
    return values.some((v) => re.test(v));
  }
  return values.includes(pattern);
}
