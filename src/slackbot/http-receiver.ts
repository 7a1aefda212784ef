/**
 * A bolt Receiver for HTTP mode that checks every request before bolt sees it:
 * signature, a timestamp neither stale nor from the future, and no replays
 * (bolt's own check misses the last two). Refuses to start without a secret.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import type { App, Receiver } from '@slack/bolt';
import type { Clock } from '../core/clock.js';
import { opsError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { ReplayGuard, verifySlackSignature } from './signed-request.js';

/** Options of the HTTP receiver. */
export interface SignedHttpReceiverOptions {
  signingSecret: string;
  port: number;
  host: string;
  path: string;
  clock: Clock;
  logger: Logger;
  /** Largest body accepted (Slack payloads are far smaller). */
  bodyLimitBytes?: number;
}

/** Parses a Slack request body: form fields, a form `payload` holding JSON, or JSON. */
export function parseSlackBody(rawBody: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').startsWith('application/x-www-form-urlencoded')) {
    const form = parseQuery(rawBody);
    if (typeof form['payload'] === 'string') return JSON.parse(form['payload']) as Record<string, unknown>;
    return form as Record<string, unknown>;
  }
  return JSON.parse(rawBody) as Record<string, unknown>;
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** HTTP receiver with strict request verification. */
export class SignedHttpReceiver implements Receiver {
  private app: App | undefined;
  private server: Server | undefined;
  private readonly replayGuard = new ReplayGuard();

  constructor(private readonly options: SignedHttpReceiverOptions) {
    if (options.signingSecret.trim() === '') {
      throw opsError('CONFIG_INVALID', 'The Slack signing secret is empty; HTTP mode cannot verify requests without it.', {
        hint: 'Set SLACK_SIGNING_SECRET to the "Signing Secret" from the app\'s Basic Information page.',
      });
    }
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<Server> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    return server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The bound address (port 0 picks a free one). */
  address(): AddressInfo | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address !== null ? address : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST' || url.pathname !== this.options.path) {
      res.writeHead(404).end();
      return;
    }
    let rawBody: string;
    try {
      rawBody = await readBody(req, this.options.bodyLimitBytes ?? 1024 * 1024);
    } catch {
      res.writeHead(413).end();
      return;
    }
    const verdict = verifySlackSignature({
      secret: this.options.signingSecret,
      signature: header(req, 'x-slack-signature'),
      timestamp: header(req, 'x-slack-request-timestamp'),
      rawBody,
      nowMs: this.options.clock.now(),
      replayGuard: this.replayGuard,
    });
    if (!verdict.ok) {
      this.options.logger.log('warn', 'Refused a Slack request', { reason: verdict.reason });
      res.writeHead(401, { 'content-type': 'text/plain' }).end(`refused: ${verdict.reason}`);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = parseSlackBody(rawBody, header(req, 'content-type'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (body['type'] === 'url_verification') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ challenge: body['challenge'] }));
      return;
    }
    if (body['ssl_check'] !== undefined) {
      res.writeHead(200).end();
      return;
    }
    await this.dispatch(req, res, body);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    let acked = false;
    const respond = (status: number, payload?: unknown): void => {
      if (acked) return;
      acked = true;
      if (payload === undefined || payload === '') res.writeHead(status).end();
      else if (typeof payload === 'string') res.writeHead(status, { 'content-type': 'text/plain' }).end(payload);
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    const retryNum = Number(header(req, 'x-slack-retry-num'));
    try {
      await this.app?.processEvent({
        body,
        ack: async (response?: unknown) => respond(200, response),
        ...(Number.isFinite(retryNum) ? { retryNum } : {}),
        ...(header(req, 'x-slack-retry-reason') !== undefined ? { retryReason: header(req, 'x-slack-retry-reason') as string } : {}),
      });
      respond(200);
    } catch (error) {
      this.options.logger.log('error', 'Slack request handler failed', { error: error instanceof Error ? error.message : String(error) });
      respond(500);
    }
  }
}
