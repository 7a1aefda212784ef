/**
 * The live watch of one Engine: open `/events`, list everything (snapshot),
 * then fold debounced bursts of events into targeted re-inspects. A broken
 * stream, a failed ping or a gap ends the session: `disconnected`, backoff,
 * and a fresh full reconcile on reconnect.
 */
import { AsyncQueue } from '../../core/async-queue.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { BackendEvent } from '../../core/model/backend-event.js';
import type { GroupKey } from './container-groups.js';
import type { DockerApi } from './docker-api.js';
import { toDockerError } from './docker-errors.js';
import { DockerWorld, type WorldOptions } from './docker-world.js';
import { NdjsonSplitter, routeEvent } from './event-routing.js';
import { notableEvent } from './notable-events.js';
import { ReportDiffer } from './report-differ.js';

/** Tuning and collaborators of a watch. */
export interface DockerWatchOptions {
  api: DockerApi;
  world: WorldOptions;
  clock: Clock;
  logger: Logger;
  debounceMs: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  /** How often `/_ping` proves liveness (and feeds freshness) while the stream is quiet. */
  heartbeatMs: number;
  /** Re-inspect delay for Swarm services still converging (task moves emit no events). */
  settleMs: number;
  /** More dirty groups than this in one burst → a full relist instead. */
  maxTargeted: number;
}

/** Watches until `signal` aborts; the iterable ends then. */
export function watchDocker(options: DockerWatchOptions, signal: AbortSignal): AsyncIterable<BackendEvent> {
  const queue = new AsyncQueue<BackendEvent>(signal);
  void runSessions(options, queue, signal).finally(() => queue.close());
  return queue;
}

async function runSessions(options: DockerWatchOptions, queue: AsyncQueue<BackendEvent>, signal: AbortSignal): Promise<void> {
  const { clock, logger } = options;
  let backoff = options.minBackoffMs;
  while (!signal.aborted) {
    const session = new AbortController();
    const onAbort = (): void => session.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await runSession(options, queue, session.signal, () => {
        backoff = options.minBackoffMs;
      });
    } catch (error) {
      if (signal.aborted) break;
      const err = toDockerError(error, { endpoint: options.api.endpoint.display, doing: 'watching the Engine' });
      logger.log('warn', 'docker watch interrupted', { backend: options.world.backendId, code: err.code, error: err.message });
      queue.push({ type: 'disconnected', at: clock.now(), error: { code: err.code, message: err.message, ...(err.hint === undefined ? {} : { hint: err.hint }) } });
    } finally {
      session.abort();
      signal.removeEventListener('abort', onAbort);
    }
    try {
      await clock.sleep(backoff, signal);
    } catch {
      break;
    }
    backoff = Math.min(options.maxBackoffMs, backoff * 2);
  }
}

/** One connection's life; always ends by throwing (or on abort). */
async function runSession(options: DockerWatchOptions, queue: AsyncQueue<BackendEvent>, signal: AbortSignal, onSynced: () => void): Promise<void> {
  const { api, clock } = options;
  await api.checkVersion(signal);
  const stream = await api.openEvents(signal);
  queue.push({ type: 'connected', at: clock.now() });
  const world = new DockerWorld(api, options.world);
  const differ = new ReportDiffer();
  const dirty = new Map<string, GroupKey>();
  const settling = new Set<string>();
  const settleDelay = new Map<string, number>();
  let nodesDirty = false;
  let gap = false;
  let flushPending = false;
  let fail: (error: unknown) => void = () => undefined;
  const ended = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  ended.catch(() => undefined);

  const reconcile = async (): Promise<void> => {
    await world.loadAll(signal);
    const snapshot = world.snapshot(clock.now());
    differ.reset(snapshot);
    queue.push({ type: 'snapshot', at: clock.now(), snapshot });
    options.logger.log('info', 'docker full reconcile', { backend: options.world.backendId, services: snapshot.services.length, tasks: snapshot.tasks.length, containers: world.containerCount });
  };
  const flush = async (): Promise<void> => {
    flushPending = false;
    const groups = [...dirty.values()];
    dirty.clear();
    const refreshNodes = nodesDirty;
    nodesDirty = false;
    if (gap || groups.length > options.maxTargeted) {
      gap = false;
      await reconcile();
      return;
    }
    for (let i = 0; i < groups.length; i += 4) {
      await Promise.all(groups.slice(i, i + 4).map((group) => world.refreshGroup(group, signal)));
    }
    if (refreshNodes) await world.refreshNodes(signal);
    const now = clock.now();
    for (const group of groups) {
      for (const event of differ.diffService(group.nativeId, world.project(group, now), now)) queue.push(event);
      if (world.settled(group)) settleDelay.delete(group.nativeId);
      else settle(group);
    }
    for (const event of differ.diffHosts(world.hosts(now), now)) queue.push(event);
  };
  let chain: Promise<void> = reconcile();
  const schedule = (): void => {
    if (flushPending) return;
    flushPending = true;
    clock.sleep(options.debounceMs, signal).then(
      () => {
        chain = chain.then(flush).catch(fail);
      },
      () => undefined,
    );
  };
  const settle = (group: GroupKey): void => {
    if (settling.has(group.nativeId)) return;
    settling.add(group.nativeId);
    // Converging services are re-read at settleMs, backing off to 10× while they stay unsettled (a paused update).
    const delay = settleDelay.get(group.nativeId) ?? options.settleMs;
    settleDelay.set(group.nativeId, Math.min(options.settleMs * 10, delay * 2));
    clock.sleep(delay, signal).then(
      () => {
        settling.delete(group.nativeId);
        dirty.set(group.nativeId, group);
        schedule();
      },
      () => undefined,
    );
  };

  const splitter = new NdjsonSplitter(
    (event) => {
      const target = routeEvent(event);
      if (target.kind === 'none') return;
      if (target.kind === 'nodes') nodesDirty = true;
      else {
        dirty.set(target.group.nativeId, target.group);
        const notable = notableEvent(event, target.group, clock.now());
        if (notable !== undefined) queue.push({ type: 'service-event', at: clock.now(), event: notable });
      }
      schedule();
    },
    () => {
      gap = true;
      schedule();
    },
  );
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => splitter.push(chunk));
  stream.on('end', () => fail(new Error('the event stream ended')));
  stream.on('close', () => fail(new Error('the event stream closed')));
  stream.on('error', (error) => fail(error));

  let pinging = false;
  const stopBeat = clock.every(options.heartbeatMs, () => {
    if (pinging) return;
    pinging = true;
    api.ping(signal).then(
      () => {
        pinging = false;
        queue.push({ type: 'heartbeat', at: clock.now() });
      },
      (error: unknown) => {
        pinging = false;
        fail(error);
      },
    );
  });
  try {
    await Promise.race([chain.then(onSynced), ended]);
    // Surface later flush failures: `chain` is reassigned, so failures route through `fail`.
    await ended;
  } finally {
    stopBeat();
    stream.destroy();
  }
}
