/**
 * Maps a Kubernetes Warning Event (BackOff, OOMKilling, Failed, FailedCreate…)
 * to an opsdeck service event, once the owning workload is known.
 */
import type { CoreV1Event } from '@kubernetes/client-node';
import type { ServiceEventReport } from '../../core/model/backend-event.js';
import { epochMs } from './kube-fields.js';

/** Reasons shown as errors rather than warnings. */
const ERROR_REASONS = new Set(['OOMKilling', 'OOMKilled', 'Failed', 'FailedCreate', 'FailedMount', 'FailedScheduling', 'Evicted']);

/** A stable identity of one occurrence of an event (its uid/name plus count), for de-duplication. */
export function eventOccurrence(event: CoreV1Event): string {
  return `${event.metadata?.namespace ?? ''}/${event.metadata?.name ?? ''}#${event.count ?? event.series?.count ?? 1}`;
}

/** Maps a Warning event to a service event of `serviceNativeId`; undefined for non-warnings. */
export function warningToServiceEvent(event: CoreV1Event, serviceNativeId: string, now: number): ServiceEventReport | undefined {
  if (event.type !== 'Warning') return undefined;
  const reason = event.reason ?? 'Warning';
  const object = event.involvedObject;
  const subject = object?.kind !== undefined && object.name !== undefined ? `${object.kind.toLowerCase()}/${object.name}: ` : '';
  const count = event.count ?? event.series?.count;
  return {
    serviceNativeId,
    at: epochMs(event.lastTimestamp) ?? epochMs(event.eventTime) ?? epochMs(event.firstTimestamp) ?? now,
    severity: ERROR_REASONS.has(reason) ? 'error' : 'warning',
    reason,
    message: `${subject}${event.message ?? reason}${count !== undefined && count > 1 ? ` (x${count})` : ''}`,
  };
}
