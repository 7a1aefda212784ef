/**
 * One `watch()` of the Kubernetes backend: informers feed the cluster model;
 * nothing is judged until every informer has listed, then one snapshot and
 * incremental events. A relist while live (410) is judged once it is
 * complete, as the differences to what was emitted; an informer error emits
 * `disconnected`, and recovery a fresh snapshot.
 */
import type { KubeConfig, KubernetesObject, CoreV1Event } from '@kubernetes/client-node';
import { AsyncQueue } from '../../core/async-queue.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { BackendEvent } from '../../core/model/backend-event.js';
import { ClusterModel, type Affected } from './cluster-model.js';
import { InformerSupervisor } from './informer-supervisor.js';
import { kubeError } from './kubernetes-errors.js';
import { ReportDiffer } from './report-differ.js';
import { eventOccurrence, warningToServiceEvent } from './warning-event.js';
import type { TenantRule } from './workload-service.js';

/** Everything a watch session needs. */
export interface WatchSessionOptions {
  backendId: string;
  cluster: string;
  kubeConfig: KubeConfig;
  context: string;
  server: string;
  namespaces?: readonly string[];
  tenantFrom?: TenantRule;
  clock: Clock;
  logger: Logger;
  secrets: readonly string[];
  heartbeatMs: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  listPageSize?: number;
}

const SEEN_EVENTS_LIMIT = 5000;

/** Starts a session; the returned queue yields its events until the signal aborts. */
export function startWatchSession(options: WatchSessionOptions, signal: AbortSignal): AsyncQueue<BackendEvent> {
  const { clock } = options;
  const queue = new AsyncQueue<BackendEvent>(signal);
  const model = new ClusterModel();
  const differ = new ReportDiffer(model, {
    backendId: options.backendId,
    cluster: options.cluster,
    clock,
    ...(options.tenantFrom === undefined ? {} : { tenantFrom: options.tenantFrom }),
  });
  const seen = new Set<string>();
  let synced = false;
  let needSnapshot = true;
  /** A relist happened while live: emit the differences once it is done (not a whole new snapshot). */
  let needResync = false;
  let listsInFlight = 0;
  let down = false;
  let downCode = '';

  let pending: Affected | undefined;
  const flush = (): void => {
    const affected = pending;
    pending = undefined;
    if (affected === undefined || quiet() || signal.aborted) return;
    for (const event of differ.changes(affected)) queue.push(event);
  };
  const quiet = (): boolean => !synced || needSnapshot || listsInFlight > 0;
  const maybeSnapshot = (): void => {
    if (listsInFlight > 0 || !supervisor.allUp) return;
    if (needSnapshot) {
      needSnapshot = false;
      needResync = false;
      synced = true;
      down = false;
      queue.push({ type: 'snapshot', at: clock.now(), snapshot: differ.snapshot() });
    } else if (needResync) {
      needResync = false;
      for (const event of differ.resync()) queue.push(event);
    }
  };
  const onWarning = (event: CoreV1Event): void => {
    if (quiet()) return;
    const occurrence = eventOccurrence(event);
    if (seen.has(occurrence)) return;
    const service = model.workloadOfEvent(event);
    const report = service === undefined ? undefined : warningToServiceEvent(event, service, clock.now());
    if (report === undefined) return;
    seen.add(occurrence);
    if (seen.size > SEEN_EVENTS_LIMIT) seen.delete(seen.values().next().value as string);
    queue.push({ type: 'service-event', at: clock.now(), event: report });
  };

  const supervisor: InformerSupervisor = new InformerSupervisor({
    kubeConfig: options.kubeConfig,
    ...(options.namespaces === undefined ? {} : { namespaces: options.namespaces }),
    clock,
    signal,
    ...(options.minBackoffMs === undefined ? {} : { minBackoffMs: options.minBackoffMs }),
    ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
    ...(options.listPageSize === undefined ? {} : { listPageSize: options.listPageSize }),
    events: {
      onChange(resource, change, object: KubernetesObject) {
        if (resource === 'events') {
          if (change === 'upsert') onWarning(object as CoreV1Event);
          return;
        }
        const affected = model.apply(resource, change, object);
        if (quiet()) return;
        // Coalesce: the client delivers a stream chunk's lines synchronously; each touched workload is judged once per chunk.
        if (pending === undefined) {
          pending = { workloads: new Set(), pods: new Set() };
          setImmediate(flush);
        }
        ReportDiffer.merge(pending, affected);
      },
      onListStart() {
        listsInFlight++;
        if (synced && !needSnapshot) needResync = true;
      },
      onListEnd() {
        listsInFlight--;
        maybeSnapshot();
      },
      onInformerError(resource, namespace, error, verb) {
        const err = kubeError(error, { action: `${verb} ${resource}${namespace === undefined ? '' : ` in ${namespace}`}`, verb, resource, ...(namespace === undefined ? {} : { namespace }), context: options.context, server: options.server }, options.secrets);
        options.logger.log('warn', 'kubernetes informer stopped; restarting with backoff', { backend: options.backendId, resource, namespace, code: err.code, error: err.message });
        needSnapshot = true;
        // Report the first failure, and again whenever the cause changes (unreachable → 401 tells a person what to fix).
        if (down && downCode === err.code) return;
        down = true;
        downCode = err.code;
        queue.push({ type: 'disconnected', at: clock.now(), error: { code: err.code, message: err.message, ...(err.hint === undefined ? {} : { hint: err.hint }) } });
      },
      onAllUp() {
        maybeSnapshot();
      },
    },
  });

  queue.push({ type: 'connected', at: clock.now() });
  const stopHeartbeat = clock.every(options.heartbeatMs, () => {
    if (synced && !down && !needSnapshot && supervisor.allUp) queue.push({ type: 'heartbeat', at: clock.now() });
  });
  signal.addEventListener('abort', () => stopHeartbeat(), { once: true });
  supervisor.start();
  return queue;
}
