/**
 * An HTTP server on 127.0.0.1 that behaves like kube-apiserver on the wire for
 * what opsdeck uses: bearer-token auth (401 / 403 per verb and resource),
 * paged lists, chunked watches with 410 on expired versions, get / create /
 * update / patch (strategic, merge, JSON) / delete, the scale and status
 * subresources, a controller loop behind it, and a record of every request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { failure, parseResourcePath, rbacResource, sendJson, type ResourcePath } from './api-status.js';
import { applyPatch, PatchError } from './patches.js';
import { apiVersionOf, RESOURCES, ResourceStore, type KubeObject } from './resource-store.js';
import { fieldSelector, labelSelector } from './selectors.js';
import { serveWatch, type OpenWatch } from './watch-stream.js';
import { WorkloadController } from './workload-controller.js';

/** One bearer token the server accepts, and what its user may not do. */
export interface FakeUser {
  user: string;
  /** Answers 401 to every request, as an expired token does. */
  expired?: boolean;
  /** Verb + RBAC resource pairs answered 403, e.g. `{ verb: 'patch', resource: 'deployments/scale' }`. */
  forbid?: Array<{ verb: string; resource: string }>;
}

/** A request as the server received it, for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  body?: unknown;
  verb: string;
  status: number;
}

/** Server options. */
export interface FakeApiserverOptions {
  tokens: Record<string, FakeUser>;
  podReadyDelayMs?: number;
  /** Run the StatefulSet controller too (see WorkloadControllerOptions.statefulSets). */
  statefulSets?: boolean;
  tickMs?: number;
  bookmarkIntervalMs?: number;
}

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** The fake apiserver. */
export class FakeApiserver {
  readonly store: ResourceStore;
  readonly controller: WorkloadController;
  readonly requests: RecordedRequest[] = [];
  readonly tokens: Record<string, FakeUser>;
  private server: Server | undefined;
  private port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<OpenWatch>();
  private readonly continueTokens = new Map<string, { items: KubeObject[]; rv: number }>();
  private tick: NodeJS.Timeout | undefined;
  private reconcileScheduled = false;
  private tokenCounter = 0;

  constructor(private readonly options: FakeApiserverOptions) {
    this.tokens = options.tokens;
    this.store = new ResourceStore({ now: () => Date.now() });
    this.controller = new WorkloadController(this.store, { podReadyDelayMs: options.podReadyDelayMs ?? 50, now: () => Date.now(), statefulSets: options.statefulSets === true });
    this.store.subscribe(() => this.scheduleReconcile());
  }

  /** Base URL, e.g. http://127.0.0.1:41234. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens (again, on the same port after a stop) and starts the controller loop. */
  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address !== null && typeof address === 'object') this.port = address.port;
    this.server = server;
    this.tick = setInterval(() => this.controller.reconcile(), this.options.tickMs ?? 25);
  }

  /** Stops listening and cuts every connection (the apiserver becomes unreachable). */
  async stop(): Promise<void> {
    if (this.tick !== undefined) clearInterval(this.tick);
    this.tick = undefined;
    const server = this.server;
    this.server = undefined;
    for (const watch of [...this.watches]) watch.destroy();
    for (const socket of this.sockets) socket.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Ends every open watch cleanly, as a server-side timeout or an apiserver restart does. */
  endWatches(): void {
    for (const watch of [...this.watches]) watch.end();
  }

  /** Cuts every open watch's connection mid-stream. */
  dropWatches(): void {
    for (const watch of [...this.watches]) watch.destroy();
  }

  /** Compacts history and ends open watches: every client must relist (its reconnect gets an in-stream 410). */
  forceExpire(): void {
    this.store.compact();
    this.continueTokens.clear();
    this.endWatches();
  }

  /** Number of watches currently open. */
  get openWatches(): number {
    return this.watches.size;
  }

  /** Requests matching a method and a path prefix / predicate. */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  private scheduleReconcile(): void {
    if (this.reconcileScheduled || this.tick === undefined) return;
    this.reconcileScheduled = true;
    setImmediate(() => {
      this.reconcileScheduled = false;
      if (this.tick !== undefined) this.controller.reconcile();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const method = req.method ?? 'GET';
    const path = parseResourcePath(url.pathname);
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const verb = method === 'GET' ? (watch ? 'watch' : path?.name === undefined ? 'list' : 'get') : ({ POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' } as Record<string, string>)[method] ?? method.toLowerCase();
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(req.headers['content-type'] === undefined ? {} : { contentType: req.headers['content-type'] }),
      ...(body === undefined ? {} : { body }),
      verb,
      status: 0,
    };
    this.requests.push(record);
    const reply = (code: number, payload: unknown): void => {
      record.status = code;
      sendJson(res, code, payload);
    };

    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const user = token === undefined ? undefined : this.tokens[token];
    if (user === undefined || user.expired === true) {
      reply(401, failure(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (path === undefined) {
      reply(404, failure(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const resource = rbacResource(path);
    if (user.forbid?.some((f) => f.verb === verb && f.resource === resource)) {
      const group = RESOURCES[path.resource].group;
      const scope = path.namespace === undefined ? 'at the cluster scope' : `in the namespace "${path.namespace}"`;
      reply(
        403,
        failure(
          403,
          'Forbidden',
          `${path.resource}${group ? `.${group}` : ''} ${path.name ? `"${path.name}" ` : ''}is forbidden: User "${user.user}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`,
          { ...(path.name ? { name: path.name } : {}), group, kind: path.resource },
        ),
      );
      return;
    }
    if (verb === 'watch') {
      record.status = 200;
      const timeout = url.searchParams.get('timeoutSeconds');
      const request = {
        resource: path.resource,
        ...(path.namespace === undefined ? {} : { namespace: path.namespace }),
        resourceVersion: url.searchParams.get('resourceVersion') ?? '',
        matches: this.matcher(url),
        ...(timeout === null ? {} : { timeoutSeconds: Number(timeout) }),
        bookmarks: url.searchParams.get('allowWatchBookmarks') === 'true',
        bookmarkIntervalMs: this.options.bookmarkIntervalMs ?? 1000,
      };
      // serveWatch may end the stream at once (410), calling onClose before it returns.
      let handle: OpenWatch | undefined;
      handle = serveWatch(this.store, request, res, () => {
        if (handle !== undefined) this.watches.delete(handle);
      });
      if (!res.writableEnded) this.watches.add(handle);
      return;
    }
    const [code, payload] = this.serve(verb, path, url, body, req.headers['content-type'] ?? '');
    reply(code, payload);
  }

  private matcher(url: URL): (o: KubeObject) => boolean {
    const labels = labelSelector(url.searchParams.get('labelSelector'));
    const fields = fieldSelector(url.searchParams.get('fieldSelector'));
    return (o) => labels(o) && fields(o);
  }

  private serve(verb: string, path: ResourcePath, url: URL, body: unknown, contentType: string): [number, unknown] {
    const kind = RESOURCES[path.resource].kind;
    const notFound = (): [number, unknown] => [404, failure(404, 'NotFound', `${path.resource}${RESOURCES[path.resource].group ? `.${RESOURCES[path.resource].group}` : ''} "${path.name ?? ''}" not found`, { name: path.name ?? '', group: RESOURCES[path.resource].group, kind: path.resource })];
    if (verb === 'list') return this.list(path, url);
    if (verb === 'create') {
      const object = body as KubeObject;
      if (object?.metadata === undefined) return [400, failure(400, 'BadRequest', 'the object has no metadata')];
      object.metadata.namespace ??= path.namespace;
      if (object.metadata.name === undefined && typeof object.metadata['generateName'] === 'string') object.metadata.name = `${object.metadata['generateName']}${(++this.tokenCounter).toString(36)}`;
      if (this.store.get(path.resource, object.metadata.namespace, object.metadata.name) !== undefined) {
        return [409, failure(409, 'AlreadyExists', `${path.resource} "${object.metadata.name}" already exists`)];
      }
      return [201, this.store.create(path.resource, object)];
    }
    if (path.name === undefined) return [405, failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')];
    const current = this.store.get(path.resource, path.namespace, path.name);
    if (current === undefined) return notFound();
    if (path.subresource === 'scale') return this.scale(verb, path, current, body, contentType);
    switch (verb) {
      case 'get':
        return [200, current];
      case 'delete': {
        this.store.delete(path.resource, path.namespace, path.name);
        this.collectGarbage();
        return [200, { ...current, metadata: { ...current.metadata, deletionTimestamp: rfc3339(Date.now()) } }];
      }
      case 'update':
      case 'patch': {
        let next: KubeObject;
        try {
          next = verb === 'update' ? (body as KubeObject) : (applyPatch(contentType, current, body) as KubeObject);
        } catch (error) {
          if (error instanceof PatchError) return [422, failure(422, 'Invalid', error.message)];
          throw error;
        }
        if (verb === 'update' && next.metadata?.resourceVersion !== undefined && next.metadata.resourceVersion !== current.metadata.resourceVersion) {
          return [409, failure(409, 'Conflict', `Operation cannot be fulfilled on ${path.resource} "${path.name}": the object has been modified; please apply your changes to the latest version and try again`)];
        }
        if (path.subresource === 'status') next = { ...current, status: next.status ?? {} };
        else if (current.status !== undefined) next = { ...next, status: current.status };
        next.metadata = { ...next.metadata, name: current.metadata.name, ...(current.metadata.namespace === undefined ? {} : { namespace: current.metadata.namespace }) };
        return [200, this.store.update(path.resource, next) ?? current];
      }
      default:
        return [405, failure(405, 'MethodNotAllowed', `${verb} is not supported on ${kind}`)];
    }
  }

  private list(path: ResourcePath, url: URL): [number, unknown] {
    const listKind = `${RESOURCES[path.resource].kind}List`;
    const limit = Number(url.searchParams.get('limit') ?? 0);
    const token = url.searchParams.get('continue');
    let items: KubeObject[];
    let rv: number;
    if (token !== null && token !== '') {
      const saved = this.continueTokens.get(token);
      if (saved === undefined) return [410, failure(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.')];
      this.continueTokens.delete(token);
      ({ items, rv } = saved);
    } else {
      const matches = this.matcher(url);
      items = this.store.list(path.resource, path.namespace).filter(matches).map((o) => {
        const { apiVersion: _a, kind: _k, ...rest } = o;
        return rest as KubeObject;
      });
      rv = this.store.resourceVersion;
    }
    let next: string | undefined;
    if (limit > 0 && items.length > limit) {
      next = Buffer.from(JSON.stringify({ rv, n: ++this.tokenCounter })).toString('base64');
      this.continueTokens.set(next, { items: items.slice(limit), rv });
      items = items.slice(0, limit);
    }
    return [200, { kind: listKind, apiVersion: apiVersionOf(path.resource), metadata: { resourceVersion: String(rv), ...(next === undefined ? {} : { continue: next, remainingItemCount: this.continueTokens.get(next)?.items.length }) }, items }];
  }

  private scale(verb: string, path: ResourcePath, current: KubeObject, body: unknown, contentType: string): [number, unknown] {
    if (!['deployments', 'replicasets', 'statefulsets'].includes(path.resource)) return [404, failure(404, 'NotFound', 'the server could not find the requested resource')];
    const spec = (current.spec ?? {}) as { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
    const scale = {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: current.metadata.name, namespace: current.metadata.namespace, uid: current.metadata.uid, resourceVersion: current.metadata.resourceVersion, creationTimestamp: current.metadata.creationTimestamp },
      spec: { replicas: spec.replicas ?? 1 },
      status: {
        replicas: Number((current.status as { replicas?: number } | undefined)?.replicas ?? 0),
        selector: Object.entries(spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
      },
    };
    if (verb === 'get') return [200, scale];
    let next: typeof scale;
    try {
      next = verb === 'update' ? (body as typeof scale) : (applyPatch(contentType, scale, body) as typeof scale);
    } catch (error) {
      if (error instanceof PatchError) return [422, failure(422, 'Invalid', error.message)];
      throw error;
    }
    if (verb === 'update' && next.metadata?.resourceVersion !== undefined && next.metadata.resourceVersion !== scale.metadata.resourceVersion) {
      return [409, failure(409, 'Conflict', `Operation cannot be fulfilled on ${path.resource} "${path.name ?? ''}": the object has been modified`)];
    }
    const replicas = Number(next.spec?.replicas);
    if (!Number.isInteger(replicas) || replicas < 0) return [422, failure(422, 'Invalid', `Scale.autoscaling "${path.name ?? ''}" is invalid: spec.replicas: Invalid value: ${String(next.spec?.replicas)}: must be greater than or equal to 0`)];
    const updated = this.store.update(path.resource, { ...current, spec: { ...current.spec, replicas } }) ?? current;
    return [200, { ...scale, metadata: { ...scale.metadata, resourceVersion: updated.metadata.resourceVersion }, spec: { replicas } }];
  }

  /** Deletes objects whose controlling owner is gone (the garbage collector, background propagation). */
  private collectGarbage(): void {
    let removed = true;
    while (removed) {
      removed = false;
      const uids = new Set<string>();
      for (const resource of ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] as const) for (const o of this.store.list(resource)) uids.add(o.metadata.uid ?? '');
      for (const resource of ['replicasets', 'pods'] as const) {
        for (const o of this.store.list(resource)) {
          const owner = o.metadata.ownerReferences?.find((r) => r.controller === true);
          if (owner !== undefined && !uids.has(owner.uid)) {
            this.store.delete(resource, o.metadata.namespace, o.metadata.name);
            removed = true;
          }
        }
      }
    }
  }
}

/** Resolves once `predicate` holds on the server's store (checked on every change), or rejects at the deadline. */
export function waitForServer(server: FakeApiserver, predicate: () => boolean, options: { timeoutMs: number; description: string }): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.description}`));
    }, options.timeoutMs);
    const unsubscribe = server.store.subscribe(() => {
      if (!predicate()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
