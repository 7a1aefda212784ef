/**
 * The night policy: for configured alert kinds, try a named remediation
 * (through the guarded command engine) before waking anyone, inside the
 * night hours or always; the page waits for verification and carries what was tried.
 */
import type { AlertsConfig } from '../alerts/config.js';
import { inDailyWindow } from '../time/zoned-time.js';

/** The night-policy entry that applies to an alert kind at `now`, if any. */
export function nightPolicyFor(kind: string, config: AlertsConfig, now: number): AlertsConfig['night']['policies'][number] | undefined {
  const entry = config.night.policies.find((p) => p.kind === kind);
  if (entry === undefined) return undefined;
  if (entry.when === 'always') return entry;
  return inDailyWindow(now, config.night.timeZone, { from: config.night.from, to: config.night.to }) ? entry : undefined;
}
