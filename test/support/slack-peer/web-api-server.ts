/**
 * The Web API half of the Slack peer: an HTTP server answering the methods the
 * bot calls like slack.com/api does, recording every call, keeping messages so
 * chat.update is checked against real ts values, and injecting 429 / 500 faults.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';

/** One recorded Web API call. */
export interface RecordedCall {
  seq: number;
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  /** What the peer answered. */
  status: number;
  at: number;
}

/** A message the peer holds, as Slack would. */
export interface PeerMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs?: string;
  updates: number;
  /** Ephemeral messages are shown to one user and have no ts others can update. */
  ephemeralTo?: string;
}

/** A fault the peer answers with instead of the real method. */
export interface Fault {
  method: string | '*';
  status: 429 | 500 | 503;
  retryAfterSeconds?: number;
  /** How many calls it affects. */
  remaining: number;
}

/** A response_url post the bot made. */
export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
  status: number;
}

function decodeArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  const args: Record<string, unknown> = (contentType ?? '').includes('json') ? (JSON.parse(raw || '{}') as Record<string, unknown>) : { ...parseQuery(raw) };
  for (const key of ['blocks', 'view', 'attachments', 'metadata']) {
    const value = args[key];
    if (typeof value === 'string') {
      try {
        args[key] = JSON.parse(value);
      } catch {
        /* Slack would answer invalid_arguments; keep the raw string for the assertion. */
      }
    }
  }
  return args;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

type Handler = (args: Record<string, unknown>, token: string | undefined) => Record<string, unknown>;

/** Slack's Web API, faithful enough for the bot, on 127.0.0.1. */
export class WebApiServer {
  readonly calls: RecordedCall[] = [];
  readonly messages: PeerMessage[] = [];
  readonly responsePosts: ResponsePost[] = [];
  readonly faults: Fault[] = [];
  /** Trigger ids the peer issued, with when (trigger ids live 3 s and are single-use). */
  readonly triggers = new Map<string, { issuedAt: number; used: boolean }>();
  socketUrl = '';
  private server: Server | undefined;
  private seq = 0;
  private tsCounter = 0;
  private listeners: Array<() => void> = [];
  private readonly responseUses = new Map<string, number>();

  /** Time source for recorded calls (tests pass the bot's fake clock to compare spacing in bot time). */
  now: () => number = () => Date.now();

  constructor(private readonly tokens: { bot: string; app: string }) {}

  /** Base URL for WebClient's slackApiUrl. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | undefined)?.port ?? 0;
  }

  /** A response_url on this peer (usable five times, like Slack's). */
  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves when `predicate` holds, re-checked after every call the peer answers (no polling). */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = predicate();
        if (value === undefined || value === false) return false;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(value);
        return true;
      };
      const listener = (): void => void check();
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`Slack peer: condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.listeners.push(listener);
    });
  }

  /** Calls of one method, in order. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /** Issues a trigger id, as Slack does with every interaction. */
  issueTrigger(): string {
    const id = `${Date.now()}.${++this.seq}.trigger`;
    this.triggers.set(id, { issuedAt: Date.now(), used: false });
    return id;
  }

  nextTs(): string {
    this.tsCounter += 1;
    return `${1_700_000_000 + this.tsCounter}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private takeFault(method: string): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (f.method === '*' || f.method === method));
    if (fault !== undefined) fault.remaining -= 1;
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/response/')) {
      this.handleResponseUrl(url.pathname.slice('/response/'.length), raw, res);
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    const args = decodeArgs(raw, req.headers['content-type']);
    const fault = this.takeFault(method);
    const record = (status: number): void => {
      this.calls.push({ seq: ++this.seq, method, args, token: token ?? (typeof args['token'] === 'string' ? args['token'] : undefined), status, at: this.now() });
    };
    if (fault !== undefined) {
      record(fault.status);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.status === 429) headers['retry-after'] = String(fault.retryAfterSeconds ?? 1);
      res.writeHead(fault.status, headers).end(JSON.stringify({ ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }));
      this.notify();
      return;
    }
    const answer = this.answer(method, args, token);
    record(200);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
    this.notify();
  }

  private handleResponseUrl(id: string, raw: string, res: ServerResponse): void {
    const uses = (this.responseUses.get(id) ?? 0) + 1;
    this.responseUses.set(id, uses);
    const fault = this.takeFault('response_url');
    const status = fault?.status ?? (uses > 5 ? 404 : 200);
    this.responsePosts.push({ id, body: JSON.parse(raw || '{}') as Record<string, unknown>, status });
    const headers: Record<string, string> = {};
    if (status === 429) headers['retry-after'] = String(fault?.retryAfterSeconds ?? 1);
    res.writeHead(status, headers).end(status === 200 ? 'ok' : 'used_url');
    this.notify();
  }

  private answer(method: string, args: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    const expected = method === 'apps.connections.open' ? this.tokens.app : this.tokens.bot;
    if (token !== expected) return { ok: false, error: token === undefined ? 'not_authed' : 'invalid_auth' };
    const handler = this.handlers[method];
    return handler === undefined ? { ok: false, error: 'unknown_method' } : handler(args, token);
  }

  private readonly handlers: Record<string, Handler> = {
    'auth.test': () => ({ ok: true, url: 'https://peer.slack.test/', team: 'Peer', user: 'opsdeck', team_id: 'T0PEER', user_id: 'UBOT', bot_id: 'BBOT' }),
    'apps.connections.open': () => ({ ok: true, url: this.socketUrl }),
    'conversations.open': (args) => {
      const users = String(args['users'] ?? '').split(',').filter((u) => u !== '');
      if (users.length === 0 || users.length > 8) return { ok: false, error: users.length === 0 ? 'users_list_not_supplied' : 'too_many_users' };
      if (users.some((u) => !/^[UW][A-Z0-9]+$/.test(u))) return { ok: false, error: 'user_not_found' };
      return { ok: true, channel: { id: users.length === 1 ? `D${users[0]}` : `G${users.join('')}` } };
    },
    'chat.postMessage': (args) => {
      const channel = String(args['channel'] ?? '');
      if (channel === '' || channel.startsWith('CGONE')) return { ok: false, error: 'channel_not_found' };
      const checked = checkBlocks(args['blocks'], 50);
      if (checked !== undefined) return { ok: false, error: checked };
      const message: PeerMessage = { channel, ts: this.nextTs(), text: String(args['text'] ?? ''), blocks: (args['blocks'] as unknown[]) ?? [], updates: 0 };
      if (typeof args['thread_ts'] === 'string') message.threadTs = args['thread_ts'];
      this.messages.push(message);
      return { ok: true, channel, ts: message.ts, message: { text: message.text, ts: message.ts } };
    },
    'chat.postEphemeral': (args) => {
      const message: PeerMessage = { channel: String(args['channel']), ts: this.nextTs(), text: String(args['text'] ?? ''), blocks: (args['blocks'] as unknown[]) ?? [], updates: 0, ephemeralTo: String(args['user']) };
      this.messages.push(message);
      return { ok: true, message_ts: message.ts };
    },
    'chat.update': (args) => {
      const message = this.messages.find((m) => m.channel === args['channel'] && m.ts === args['ts'] && m.ephemeralTo === undefined);
      if (message === undefined) return { ok: false, error: 'message_not_found' };
      const checked = checkBlocks(args['blocks'], 50);
      if (checked !== undefined) return { ok: false, error: checked };
      message.text = String(args['text'] ?? message.text);
      message.blocks = (args['blocks'] as unknown[]) ?? message.blocks;
      message.updates += 1;
      return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
    },
    'views.open': (args) => {
      const trigger = this.triggers.get(String(args['trigger_id']));
      if (trigger === undefined) return { ok: false, error: 'invalid_trigger_id' };
      if (trigger.used || Date.now() - trigger.issuedAt > 3000) return { ok: false, error: 'expired_trigger_id' };
      trigger.used = true;
      const checked = checkBlocks((args['view'] as { blocks?: unknown } | undefined)?.blocks, 100);
      if (checked !== undefined) return { ok: false, error: checked };
      return { ok: true, view: { ...(args['view'] as object), id: `V${++this.seq}` } };
    },
    'views.publish': (args) => {
      const checked = checkBlocks((args['view'] as { blocks?: unknown } | undefined)?.blocks, 100);
      if (checked !== undefined) return { ok: false, error: checked };
      return { ok: true, view: { ...(args['view'] as object), id: `V${++this.seq}` } };
    },
    'users.info': (args) => ({ ok: true, user: { id: args['user'], name: String(args['user']).toLowerCase(), real_name: `User ${String(args['user'])}`, tz: 'UTC' } }),
  };
}

/** Slack's checks on blocks that matter to us: count, and the text and value limits. */
export function checkBlocks(blocks: unknown, maxBlocks: number): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return 'invalid_blocks_format';
  if (blocks.length > maxBlocks) return 'invalid_blocks';
  const text = JSON.stringify(blocks);
  if (text.length > 250_000) return 'view_too_large';
  for (const block of blocks as Array<Record<string, unknown>>) {
    if (block['type'] === 'header' && String((block['text'] as { text?: string } | undefined)?.text ?? '').length > 150) return 'invalid_blocks';
    if (block['type'] === 'section' && String((block['text'] as { text?: string } | undefined)?.text ?? '').length > 3000) return 'invalid_blocks';
    if (block['type'] === 'actions') {
      const elements = (block['elements'] as Array<Record<string, unknown>>) ?? [];
      if (elements.length > 25) return 'invalid_blocks';
      for (const e of elements) {
        if (typeof e['value'] === 'string' && e['value'].length > 2000) return 'invalid_blocks';
        if (String((e['text'] as { text?: string } | undefined)?.text ?? '').length > 75) return 'invalid_blocks';
      }
    }
  }
  return undefined;
}
