/**
 * Alert identity: the same problem always gets the same fingerprint, so
 * repeated evaluations, restarts and duplicate webhooks dedupe to one alert.
 */
import { createHash } from 'node:crypto';

/** A stable hash of the rule kind and the sorted identifying labels. */
export function fingerprintOf(kind: string, labels: Record<string, string>): string {
  const canonical = JSON.stringify([kind, Object.keys(labels).sort().map((k) => [k, labels[k]])]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
