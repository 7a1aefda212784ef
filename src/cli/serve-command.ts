/**
 * `opsdeck serve`: runs the daemon (backends, pager, ws API, HTTP endpoints,
 * Slack bot when configured) until SIGTERM / SIGINT, then shuts down in
 * order. Logs are JSON lines on stderr with secrets redacted.
 */
import type { Command } from 'commander';
import { systemClock } from '../core/clock.js';
import { jsonLogger, type LogLevel } from '../core/logger.js';
import { backendKinds } from '../daemon/backend-registry.js';
import { serve, type ServeDeps } from '../daemon/serve.js';
import { buildSlackBot } from '../daemon/slack-wiring.js';
import { installShutdown } from '../daemon/shutdown.js';
import type { CliIo } from './cli-io.js';
import { resolveConfig } from './open-runtime.js';
import { openOptions } from './read-commands.js';

/** Adds `opsdeck serve`; `attachNotifier` connects the Slack bot when the config has a slack section. */
export function registerServeCommand(program: Command, io: CliIo, extra: Pick<ServeDeps, 'attachNotifier'> = {}): Command {
  return program
    .command('serve')
    .description('run the opsdeck daemon: watch backends, page on-call, serve dashboards (ws) and /healthz, /readyz, /metrics')
    .action(async () => {
      const options = openOptions(program);
      const config = resolveConfig(options, io.env, io.osUser);
      const level = (['debug', 'info', 'warn', 'error'] as const).find((l) => l === io.env.OPSDECK_LOG) ?? 'info';
      const logger = jsonLogger({ write: (line) => io.stderr(`${line}\n`), level: level as LogLevel, fields: { service: 'opsdeck' } });
      const attachNotifier: ServeDeps['attachNotifier'] =
        extra.attachNotifier ??
        (config.slack === undefined
          ? undefined
          : async ({ runtime, pages }) => {
              const slackConfig = config.slack;
              if (slackConfig === undefined) return async () => undefined;
              const slack = buildSlackBot({
                runtime,
                slackConfig,
                env: io.env,
                clock: systemClock,
                logger,
                ...(slackConfig.pageChannels === undefined ? {} : { pageChannels: slackConfig.pageChannels }),
              });
              await slack.bot.start();
              pages.use(slack.notifier);
              return () => slack.stop();
            });
      const daemon = await serve(config, { clock: systemClock, env: io.env, logger, kinds: backendKinds(), ...(attachNotifier === undefined ? {} : { attachNotifier }) });
      logger.log('info', 'opsdeck daemon started', { url: daemon.server.url, backends: config.backends.map((b) => b.id) });
      io.stdout(`opsdeck daemon listening on ${daemon.server.url} (ws: ${daemon.server.url.replace(/^http/, 'ws')}/ws)\n`);
      await new Promise<void>((resolve) => {
        installShutdown({
          deadlineMs: config.daemon.shutdown.deadlineMs,
          clock: systemClock,
          logger,
          steps: daemon.shutdownSteps(),
          exit: (code) => {
            process.exitCode = code;
            resolve();
          },
        });
      });
    });
}
