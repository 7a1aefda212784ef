/**
 * Runs one client ListWatch per resource and namespace and keeps them alive:
 * the client relists on 410 by itself, but stops on any other error, so
 * each informer is restarted here with backoff (resuming from its last
 * resourceVersion). Reports when every informer has listed, when a relist
 * starts and ends, and when the set goes down or comes back up.
 */
import { ListWatch, Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Clock } from '../../core/clock.js';
import { WATCHED_RESOURCES, type WatchedResource } from './cluster-model.js';
import { fieldSelectorOf, makeLister, watchPath } from './resource-lists.js';

/** Callbacks of the supervisor. */
export interface InformerSupervisorEvents {
  onChange(resource: WatchedResource, change: 'upsert' | 'delete', object: KubernetesObject): void;
  /** A list of `resource` started (initial list, or a relist after 410 / restart). */
  onListStart(resource: WatchedResource): void;
  /** That list finished and the informer's cache now holds its result (`ok` false when it failed). */
  onListEnd(resource: WatchedResource, ok: boolean): void;
  /** An informer stopped with an error while listing or watching (it will be restarted). */
  onInformerError(resource: WatchedResource, namespace: string | undefined, error: unknown, verb: 'list' | 'watch'): void;
  /** Every informer is running again after at least one had failed, or for the first time. */
  onAllUp(): void;
}

/** Options of the supervisor. */
export interface InformerSupervisorOptions {
  kubeConfig: KubeConfig;
  /** Namespaces to watch; all when undefined. */
  namespaces?: readonly string[];
  clock: Clock;
  signal: AbortSignal;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Items per list page (limit / continue); default 500. */
  listPageSize?: number;
  events: InformerSupervisorEvents;
}

interface Entry {
  resource: WatchedResource;
  namespace: string | undefined;
  informer: ListWatch<KubernetesObject>;
  up: boolean;
  failed: boolean;
  restartPending: boolean;
  backoffMs: number;
  /** What the informer was doing last, for error messages. */
  verb: 'list' | 'watch';
}

/** A set of informers restarted with backoff until the signal aborts. */
export class InformerSupervisor {
  private readonly entries: Entry[] = [];
  private readonly minBackoff: number;
  private readonly maxBackoff: number;
  private allUpReported = false;

  constructor(private readonly options: InformerSupervisorOptions) {
    this.minBackoff = options.minBackoffMs ?? 1000;
    this.maxBackoff = options.maxBackoffMs ?? 30_000;
    const namespaces: Array<string | undefined> = options.namespaces === undefined ? [undefined] : [...options.namespaces];
    for (const resource of WATCHED_RESOURCES) {
      for (const namespace of namespaces) this.entries.push(this.makeEntry(resource, namespace));
    }
  }

  private makeEntry(resource: WatchedResource, namespace: string | undefined): Entry {
    const { clock, signal, events } = this.options;
    const list = makeLister(this.options.kubeConfig, resource, namespace, this.options.listPageSize);
    const listFn = async (): Promise<Awaited<ReturnType<typeof list>>> => {
      events.onListStart(resource);
      entry.verb = 'list';
      try {
        const result = await list();
        entry.verb = 'watch';
        // The informer fills its cache right after this promise settles; report once that has run.
        setImmediate(() => events.onListEnd(resource, true));
        return result;
      } catch (error) {
        setImmediate(() => events.onListEnd(resource, false));
        throw error;
      }
    };
    const informer = new ListWatch<KubernetesObject>(watchPath(resource, namespace), new Watch(this.options.kubeConfig), listFn, false, undefined, fieldSelectorOf(resource), {
      delayFn: (ms) => clock.sleep(ms, signal).catch(() => undefined),
    });
    const entry: Entry = { resource, namespace, informer, up: false, failed: false, restartPending: false, backoffMs: this.minBackoff, verb: 'list' };
    informer.on('add', (o) => events.onChange(resource, 'upsert', o));
    informer.on('update', (o) => events.onChange(resource, 'upsert', o));
    informer.on('delete', (o) => events.onChange(resource, 'delete', o));
    informer.on('error', (error: unknown) => this.fail(entry, error));
    return entry;
  }

  /** Starts every informer. */
  start(): void {
    this.options.signal.addEventListener('abort', () => this.stop(), { once: true });
    for (const entry of this.entries) void this.launch(entry);
  }

  /** Stops every informer (no restarts afterwards). */
  stop(): void {
    for (const entry of this.entries) void entry.informer.stop();
  }

  /** True while every informer is running. */
  get allUp(): boolean {
    return this.entries.every((e) => e.up);
  }

  private async launch(entry: Entry): Promise<void> {
    if (this.options.signal.aborted) return;
    entry.failed = false;
    try {
      // Resolves once the watch is established, or after the error callback has run.
      await entry.informer.start();
    } catch (error) {
      this.fail(entry, error);
      return;
    }
    if (entry.failed || this.options.signal.aborted) return;
    entry.up = true;
    entry.backoffMs = this.minBackoff;
    if (this.allUp && !this.allUpReported) {
      this.allUpReported = true;
      this.options.events.onAllUp();
    }
  }

  private fail(entry: Entry, error: unknown): void {
    if (this.options.signal.aborted) return;
    entry.failed = true;
    entry.up = false;
    this.allUpReported = false;
    this.options.events.onInformerError(entry.resource, entry.namespace, error, entry.verb);
    if (entry.restartPending) return;
    entry.restartPending = true;
    const delay = entry.backoffMs;
    entry.backoffMs = Math.min(this.maxBackoff, entry.backoffMs * 2);
    this.options.clock.sleep(delay, this.options.signal).then(
      () => {
        entry.restartPending = false;
        void this.launch(entry);
      },
      () => undefined,
    );
  }
}
