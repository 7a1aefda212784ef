/**
 * One connected period of the Mesos backend: SUBSCRIBE, wait for SUBSCRIBED
 * (it carries the full GET_STATE), read Marathon and every SDK scheduler, send
 * one full snapshot, then follow the RecordIO stream, Marathon's events and
 * the plan poller. Five missed heartbeats, a broken stream or a bad answer end
 * the session with an error; the caller reconnects and resynchronises.
 */
import type { Clock } from '../../core/clock.js';
import { opsError, toOpsdeckError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import type { Logger } from '../../core/logger.js';
import type { BackendEvent } from '../../core/model/backend-event.js';
import { ClusterModel, isTerminalState, type SdkServiceData } from './cluster-model.js';
import type { ClusterReader } from './cluster-reader.js';
import type { DcosHttp } from './dcos-http.js';
import { followMarathonEvents } from './marathon-event-stream.js';
import type { MesosBackendConfig } from './mesos-config.js';
import { openMesosEventStream, type MesosEventRecord } from './mesos-event-stream.js';
import { applyStatus, obj, parseAgent, parseFramework, parseState, parseTask } from './mesos-wire.js';
import { ReportPublisher } from './report-publisher.js';

/** Task states worth a line in a service's recent events. */
const NOTABLE_STATES: ReadonlySet<string> = new Set(['TASK_FAILED', 'TASK_LOST', 'TASK_ERROR', 'TASK_DROPPED', 'TASK_GONE', 'TASK_UNREACHABLE']);

/** Heartbeats that may be missed before the stream counts as stalled. */
export const MISSED_HEARTBEATS = 5;

/** What a session needs from its backend. */
export interface SessionDeps {
  config: MesosBackendConfig;
  cluster: string;
  http: DcosHttp;
  reader: ClusterReader;
  clock: Clock;
  logger: Logger;
  emit: (event: BackendEvent) => void;
  /** Called once the snapshot is out (the backend resets its backoff). */
  onSynced: () => void;
}

/** A live view the backend's actions consult (task → service mapping). */
export interface LiveModel {
  model: ClusterModel | undefined;
  /** Re-reads an SDK service's plans now (after a plan or pod control). */
  refreshSdk(service: string): Promise<void>;
  refreshMarathon(): Promise<void>;
}

/** Runs one session until it fails; always rejects (with the reason the session ended) unless aborted. */
export async function runSession(deps: SessionDeps, signal: AbortSignal, live: LiveModel): Promise<void> {
  const { config, clock } = deps;
  const session = new AbortController();
  const stopSession = (): void => session.abort();
  signal.addEventListener('abort', stopSession, { once: true });
  const timers: (() => void)[] = [];
  let failSession: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    failSession = reject;
  });
  failed.catch(() => undefined);
  try {
    const stream = await openMesosEventStream({ http: deps.http, mesosUrl: config.mesosUrl, clock, signal: session.signal, timeoutMs: config.requestTimeoutMs });
    deps.emit({ type: 'connected', at: clock.now() });
    let heartbeatMs = config.heartbeatIntervalMs ?? 15_000;
    timers.push(
      clock.every(Math.max(10, Math.floor(heartbeatMs / 2)), () => {
        const silent = clock.now() - stream.lastRecordAt();
        if (silent > MISSED_HEARTBEATS * heartbeatMs) {
          failSession(
            opsError('BACKEND_UNREACHABLE', `No heartbeat from the Mesos master for ${formatMs(silent)} (${MISSED_HEARTBEATS} missed at ${formatMs(heartbeatMs)}); the event stream is stalled.`, {
              retryable: true,
              hint: 'Last known values are kept and shown as STALE; opsdeck reconnects and resynchronises.',
            }),
          );
        }
      }),
    );
    const records = stream.records[Symbol.asyncIterator]();
    const next = async (): Promise<MesosEventRecord | undefined> => {
      const r = await Promise.race([records.next(), failed]);
      return r.done ? undefined : r.value;
    };

    const first = await next();
    if (first === undefined) {
      if (signal.aborted) return;
      throw opsError('BACKEND_PROTOCOL', 'The Mesos event stream ended before SUBSCRIBED.', { retryable: true, hint: 'opsdeck reconnects.' });
    }
    if (first.type !== 'SUBSCRIBED') throw opsError('BACKEND_PROTOCOL', `The Mesos event stream began with ${first.type} instead of SUBSCRIBED.`, { retryable: true });
    const subscribed = obj(first.subscribed, 'a SUBSCRIBED event');
    if (config.heartbeatIntervalMs === undefined && typeof subscribed.heartbeat_interval_seconds === 'number' && subscribed.heartbeat_interval_seconds > 0) {
      heartbeatMs = subscribed.heartbeat_interval_seconds * 1000;
    }
    const model = new ClusterModel({ cluster: deps.cluster, sdkNames: Object.keys(config.sdk) });
    const state = parseState(subscribed.get_state);
    for (const f of state.frameworks) model.putFramework(f);
    for (const a of state.agents) model.agents.set(a.id, a);
    for (const t of state.tasks) model.putTask(t);

    const at = clock.now();
    const [marathon, ...sdk] = await Promise.race([
      Promise.all([deps.reader.marathon(session.signal), ...Object.keys(config.sdk).map((name) => readSdk(deps, name, session.signal, at, undefined))]),
      failed,
    ]);
    model.setMarathon(marathon.apps, marathon.deployments);
    Object.keys(config.sdk).forEach((name, i) => {
      const data = sdk[i];
      if (data !== undefined) model.sdk.set(name, data);
    });

    const publisher = new ReportPublisher(deps.emit, () => clock.now());
    const now = clock.now();
    publisher.snapshot({
      services: model.serviceIds().flatMap((id) => model.serviceReport(id, now) ?? []),
      tasks: [...model.allTasks()].flatMap((t) => model.taskReport(t) ?? []),
      plans: model.planReports(now),
      hosts: [...model.agents.values()].map((a) => model.hostReport(a, now)),
    });
    deps.onSynced();

    const publishServices = (ids: Iterable<string>): void => {
      const t = clock.now();
      for (const id of ids) publisher.service(id, model.serviceReport(id, t));
    };
    const refresher = coalesce(async () => {
      const data = await deps.reader.marathon(session.signal);
      model.setMarathon(data.apps, data.deployments);
      const ids = new Set([...model.serviceIds(), ...publisher.serviceIds()]);
      publishServices(ids);
      publisher.plansOf(model.planReports(clock.now()));
    }, failSession);
    const sdkRefreshers = new Map(
      Object.keys(config.sdk).map((name) => [
        name,
        coalesce(async () => {
          model.sdk.set(name, await readSdk(deps, name, session.signal, clock.now(), model.sdk.get(name)));
          publishServices([name]);
          publisher.plansOf(model.planReports(clock.now()));
        }, failSession),
      ]),
    );
    live.model = model;
    live.refreshMarathon = () => refresher.run();
    live.refreshSdk = async (name) => sdkRefreshers.get(name)?.run();

    void followMarathonEvents({ http: deps.http, marathonUrl: config.marathonUrl, signal: session.signal, onChange: () => void refresher.run() }).catch(failSession);
    timers.push(clock.every(config.planPollIntervalMs, () => sdkRefreshers.forEach((r) => void r.run())));

    const handlers = {
      model,
      publisher,
      publishServices,
      deps,
      onTaskOf: (service: string) => void sdkRefreshers.get(service)?.run(),
      onUnknownApp: () => void refresher.run(),
    };
    for (;;) {
      const record = await next();
      if (record === undefined) break;
      handleRecord(record, handlers);
    }
    if (!signal.aborted) throw opsError('BACKEND_UNREACHABLE', 'The Mesos event stream ended.', { retryable: true, hint: 'opsdeck reconnects and resynchronises.' });
  } finally {
    live.model = undefined;
    live.refreshMarathon = async () => undefined;
    live.refreshSdk = async () => undefined;
    signal.removeEventListener('abort', stopSession);
    session.abort();
    for (const stop of timers) stop();
  }
}

function handleRecord(
  record: MesosEventRecord,
  ctx: {
    model: ClusterModel;
    publisher: ReportPublisher;
    publishServices: (ids: Iterable<string>) => void;
    deps: SessionDeps;
    onTaskOf: (service: string) => void;
    onUnknownApp: () => void;
  },
): void {
  const { model, publisher, deps } = ctx;
  const now = deps.clock.now();
  const publishTask = (taskId: string): void => {
    const task = model.task(taskId);
    if (task === undefined) return;
    const service = model.serviceOfTask(task);
    if (service === undefined) {
      if (model.frameworks.get(task.frameworkId)?.name === 'marathon') ctx.onUnknownApp();
      return;
    }
    publisher.task(task.id, model.taskReport(task));
    if (isTerminalState(task.state)) for (const dropped of model.pruneTerminal(service)) publisher.task(dropped, undefined);
    const agent = model.agents.get(task.agentId);
    if (agent !== undefined) publisher.host(model.hostReport(agent, now));
    ctx.publishServices([service]);
    ctx.onTaskOf(service);
  };
  switch (record.type) {
    case 'HEARTBEAT':
      deps.emit({ type: 'heartbeat', at: now });
      return;
    case 'TASK_ADDED': {
      const task = parseTask(obj(record.task_added, 'a TASK_ADDED event').task);
      model.putTask(task);
      publishTask(task.id);
      return;
    }
    case 'TASK_UPDATED': {
      const update = obj(record.task_updated, 'a TASK_UPDATED event');
      const status = obj(update.status, 'a TASK_UPDATED event without status');
      const taskId = obj(status.task_id, 'a status without task_id').value;
      const known = typeof taskId === 'string' ? model.task(taskId) : undefined;
      if (known === undefined) return;
      const updated = applyStatus(known, status, typeof update.state === 'string' ? update.state : undefined);
      model.putTask(updated);
      publishTask(known.id);
      const service = model.serviceOfTask(updated);
      if (service !== undefined && updated.state !== known.state && NOTABLE_STATES.has(updated.state)) {
        const reason = typeof status.reason === 'string' ? ` (${status.reason})` : '';
        deps.emit({
          type: 'service-event',
          at: now,
          event: { serviceNativeId: service, at: now, severity: 'warning', reason: updated.state, message: `Task ${updated.id} ${updated.state}${reason}${updated.message ? `: ${updated.message}` : ''}` },
        });
      }
      return;
    }
    case 'AGENT_ADDED': {
      const agent = parseAgent(obj(record.agent_added, 'an AGENT_ADDED event').agent);
      model.agents.set(agent.id, agent);
      publisher.host(model.hostReport(agent, now));
      return;
    }
    case 'AGENT_REMOVED': {
      const id = obj(obj(record.agent_removed, 'an AGENT_REMOVED event').agent_id, 'an agent id').value;
      const agent = typeof id === 'string' ? model.agents.get(id) : undefined;
      if (agent === undefined) return;
      const gone = { ...agent, active: false };
      model.agents.set(agent.id, gone);
      publisher.host(model.hostReport(gone, now));
      return;
    }
    case 'FRAMEWORK_ADDED':
    case 'FRAMEWORK_UPDATED': {
      const framework = parseFramework(obj(record.framework_added ?? record.framework_updated, 'a framework event').framework);
      model.putFramework(framework);
      return;
    }
    default:
      return;
  }
}

/**
 * Reads one SDK scheduler. A scheduler that cannot be read (restarting,
 * malformed or cut-off answers) does not break the whole cluster's watch: its
 * service keeps its last known plans and turns UNKNOWN with the reason.
 */
async function readSdk(deps: SessionDeps, name: string, signal: AbortSignal, at: number, previous: SdkServiceData | undefined): Promise<SdkServiceData> {
  try {
    return await deps.reader.sdkService(name, signal, at);
  } catch (error) {
    const err = toOpsdeckError(error);
    if (err.code === 'ABORTED' || signal.aborted) throw err;
    const message = err.code === 'INTERNAL' && error instanceof Error ? error.message : err.message;
    deps.logger.log('warn', 'SDK scheduler unreadable', { service: name, code: err.code, error: redact(message, deps.http.secrets) });
    return { plans: previous?.plans ?? new Map(), runningTasks: previous?.runningTasks ?? [], ...(previous?.role === undefined ? {} : { role: previous.role }), error: redact(message, deps.http.secrets) };
  }
}

/** Runs `job` at most once at a time; a call during a run schedules one more run. Failures go to `onError`. */
function coalesce(job: () => Promise<void>, onError: (error: unknown) => void): { run: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async (): Promise<void> => {
    do {
      again = false;
      await job();
    } while (again);
  };
  return {
    run() {
      if (running !== undefined) {
        again = true;
        return running;
      }
      running = loop()
        .catch((error: unknown) => onError(error))
        .finally(() => {
          running = undefined;
        });
      return running;
    },
  };
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10}s` : `${Math.round(ms)}ms`;
}
