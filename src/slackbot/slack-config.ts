/**
 * The `slack:` section of opsdeck's config and how secrets are pulled from the
 * environment: the file names environment variables, never the tokens themselves.
 */
import { z } from 'zod';
import { opsError } from '../core/errors.js';

/** Slack's own Web API base; a Slack-compatible peer can replace it. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** Validates the Slack bot's configuration section. */
export const slackConfigSchema = z.object({
  mode: z.enum(['socket', 'http']).default('socket'),
  commandName: z
    .string()
    .regex(/^\/[a-z0-9_-]{1,31}$/, 'a slash command is "/" followed by 1–31 lower-case letters, digits, "-" or "_"')
    .default('/opsdeck'),
  botTokenEnv: z.string().min(1).default('SLACK_BOT_TOKEN'),
  appTokenEnv: z.string().min(1).default('SLACK_APP_TOKEN'),
  signingSecretEnv: z.string().min(1).default('SLACK_SIGNING_SECRET'),
  /** Channel that receives two-person approval requests. */
  approversChannel: z.string().min(1).optional(),
  /** Channels for the service cards of pages: a default, and per service name or id (an alert label `slack_channel` wins). */
  pageChannels: z.object({ default: z.string().min(1).optional(), byService: z.record(z.string(), z.string()).default({}) }).optional(),
  /** Web API base URL; `SLACK_API_URL` in the environment wins over the default but not over this. */
  apiUrl: z.string().url().optional(),
  /** HTTP mode: where Slack posts requests. */
  http: z
    .object({
      port: z.number().int().min(0).max(65535).default(3000),
      host: z.string().default('0.0.0.0'),
      path: z.string().startsWith('/').default('/slack/events'),
    })
    .default({ port: 3000, host: '0.0.0.0', path: '/slack/events' }),
  delivery: z
    .object({
      perChannelIntervalMs: z.number().int().min(0).default(1000),
      maxAttempts: z.number().int().min(1).max(50).default(8),
      baseBackoffMs: z.number().int().min(1).default(1000),
      maxBackoffMs: z.number().int().min(1).default(30_000),
    })
    .default({ perChannelIntervalMs: 1000, maxAttempts: 8, baseBackoffMs: 1000, maxBackoffMs: 30_000 }),
});

/** The parsed Slack configuration. */
export type SlackConfig = z.infer<typeof slackConfigSchema>;

/** Tokens and the API base resolved from config plus environment. */
export interface SlackSecrets {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  apiUrl: string;
}

function required(env: Record<string, string | undefined>, name: string, what: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') {
    throw opsError('CONFIG_INVALID', `The Slack ${what} is missing: environment variable ${name} is empty or unset.`, {
      hint: `Set ${name} (see docs/slack-setup.md), or point slack.${what === 'bot token' ? 'botTokenEnv' : what === 'app-level token' ? 'appTokenEnv' : 'signingSecretEnv'} at the variable that holds it.`,
    });
  }
  return value;
}

/** Reads the secrets the chosen mode needs; refuses to start without them (an empty signing secret included). */
export function resolveSlackSecrets(config: SlackConfig, env: Record<string, string | undefined>): SlackSecrets {
  const botToken = required(env, config.botTokenEnv, 'bot token');
  const apiUrl = withTrailingSlash(config.apiUrl ?? env['SLACK_API_URL'] ?? DEFAULT_SLACK_API_URL);
  if (config.mode === 'socket') {
    return { botToken, appToken: required(env, config.appTokenEnv, 'app-level token'), apiUrl };
  }
  return { botToken, signingSecret: required(env, config.signingSecretEnv, 'signing secret'), apiUrl };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
