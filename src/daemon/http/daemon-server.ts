/**
 * The daemon's network face on one node:http server: health, readiness,
 * Prometheus metrics, the Alertmanager webhook, and the ws API on `/ws`.
 * The composition root calls startDaemonServer with the store and ports it built.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../core/clock.js';
import { opsError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { StateStore } from '../../core/state/store.js';
import type { DaemonConfig } from '../daemon-config.js';
import type { DaemonMetrics } from '../metrics/daemon-metrics.js';
import type { AlertService, CommandService, TokenDirectory } from '../ports.js';
import { InflightRegistry } from '../shutdown.js';
import { attachWsApi } from '../ws/ws-api.js';
import { handleAlertmanagerWebhook } from './alertmanager-webhook.js';
import { handleHealthz, handleReadyz } from './health-routes.js';
import { scrubbingLogger } from './scrubbing-logger.js';
import { sendJson } from './http-io.js';

/** What startDaemonServer needs. */
export interface DaemonServerOptions {
  store: StateStore;
  clock: Clock;
  logger: Logger;
  config: DaemonConfig;
  tokens: TokenDirectory;
  commands?: CommandService;
  alerts?: AlertService;
  metrics: DaemonMetrics;
  /** Where secrets named in config are read (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Shared registry of in-flight work (default: a private one, exposed on the handle). */
  inflight?: InflightRegistry;
}

/** A running daemon server. */
export interface DaemonServer {
  /** Base URL, e.g. http://127.0.0.1:7433 (ws clients use ws://…/ws). */
  url: string;
  port: number;
  /** In-flight work started through this server (commands, alert actions). */
  inflight: InflightRegistry;
  /** Stops accepting connections, webhooks and new actions; in-flight work continues. */
  stopIntake(): void;
  /** Waits for in-flight work (until `signal` aborts), then closes every connection. */
  close(options?: { signal?: AbortSignal }): Promise<void>;
}

/** Starts the HTTP + ws server; rejects with CONFIG_INVALID when a configured secret is missing from the environment. */
export async function startDaemonServer(options: DaemonServerOptions): Promise<DaemonServer> {
  const { config, store, metrics } = options;
  const env = options.env ?? process.env;
  const tokenEnv = config.webhooks.alertmanager?.tokenEnv;
  const webhookToken = tokenEnv === undefined ? undefined : env[tokenEnv];
  if (tokenEnv !== undefined && (webhookToken === undefined || webhookToken === '')) {
    throw opsError('CONFIG_INVALID', `daemon.webhooks.alertmanager.tokenEnv names ${tokenEnv}, but that environment variable is not set.`, {
      hint: `Set ${tokenEnv} to the bearer token Alertmanager sends, or remove the webhook from the config.`,
    });
  }
  const rootLogger = scrubbingLogger(options.logger, webhookToken === undefined ? [] : [webhookToken]);
  const logger = rootLogger.child({ component: 'daemon' });
  const inflight = options.inflight ?? new InflightRegistry();
  const hardStop = new AbortController();
  let intakeOpen = true;
  metrics.observeStore(store, options.clock);
  if (options.alerts !== undefined) metrics.observeAlerts(options.alerts);

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://daemon').pathname;
    const method = request.method ?? 'GET';
    const only = (allowed: string): boolean => {
      if (method === allowed || (allowed === 'GET' && method === 'HEAD')) return true;
      request.resume();
      sendJson(response, 405, { error: `Use ${allowed} on ${path}.` }, { Allow: allowed });
      return false;
    };
    switch (path) {
      case '/healthz':
        if (only('GET')) handleHealthz(response);
        return;
      case '/readyz':
        if (only('GET')) handleReadyz(response, store, { shuttingDown: !intakeOpen });
        return;
      case '/metrics':
        if (only('GET')) {
          const text = await metrics.registry.metrics();
          response.writeHead(200, { 'Content-Type': metrics.registry.contentType });
          response.end(text);
        }
        return;
      case '/webhooks/alertmanager':
        if (only('POST')) {
          await handleAlertmanagerWebhook(request, response, {
            token: webhookToken,
            alerts: options.alerts,
            maxBytes: config.limits.maxWebhookBytes,
            metrics,
            logger,
            intakeOpen: () => intakeOpen,
          });
        }
        return;
      default:
        request.resume();
        sendJson(response, 404, { error: `Nothing at ${path}.` });
    }
  };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      logger.log('error', 'http request failed', { path: new URL(request.url ?? '/', 'http://daemon').pathname, error });
      if (!response.headersSent) sendJson(response, 500, { error: 'Internal error.' });
      else response.destroy();
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  const ws = attachWsApi(server, {
    store,
    clock: options.clock,
    logger: rootLogger,
    tokens: options.tokens,
    ...(options.commands === undefined ? {} : { commands: options.commands }),
    ...(options.alerts === undefined ? {} : { alerts: options.alerts }),
    metrics,
    limits: config.limits,
    inflight,
    signal: hardStop.signal,
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.listen.port, config.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (cause) {
    await ws.close();
    const code = (cause as { code?: string }).code ?? 'error';
    throw opsError('CONFIG_INVALID', `The daemon cannot listen on ${config.listen.host}:${config.listen.port} (${code}).`, {
      cause,
      hint: code === 'EADDRINUSE' ? 'Another process uses that port; stop it or set daemon.listen.port.' : 'Check daemon.listen in the config.',
    });
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.log('info', 'daemon listening', { url, tokens: config.tokens.length, webhook: tokenEnv !== undefined });

  const stopIntake = (): void => {
    if (!intakeOpen) return;
    intakeOpen = false;
    ws.stopIntake();
    // Stop accepting new TCP connections; open ones keep being served until close().
    server.close();
    logger.log('info', 'intake stopped', { inflight: inflight.size });
  };
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    inflight,
    stopIntake,
    close(closeOptions = {}) {
      closing ??= (async () => {
        stopIntake();
        const left = await inflight.drain(closeOptions.signal);
        if (left.length > 0) logger.log('warn', 'closing with work still in flight', { pending: left });
        hardStop.abort();
        await ws.close();
        server.closeAllConnections();
        logger.log('info', 'daemon server closed');
      })();
      return closing;
    },
  };
}
