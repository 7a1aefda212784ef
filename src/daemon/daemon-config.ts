/**
 * The `daemon:` section of opsdeck.yaml: where the daemon listens, which
 * hashed tokens may connect (as which actor, seeing which tenants), the
 * environment variable holding the Alertmanager webhook token, and the limits
 * that keep one client from exhausting the process.
 */
import { z } from 'zod';

const envVar = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected the NAME of an environment variable (A-Z, 0-9, _), not the secret itself');

/** One API token: only its SHA-256 (hex) is in the file. */
export const daemonTokenSchema = z
  .object({
    /** Name for logs and audit (e.g. "alice-laptop"); never the token. */
    id: z.string().min(1),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'expected the SHA-256 of the token as 64 hex characters (e.g. `printf %s "$TOKEN" | sha256sum`)')
      .transform((hex) => hex.toLowerCase()),
    actor: z.object({ id: z.string().min(1), name: z.string().min(1).optional() }).strict(),
    /** Tenants this token may see; `'*'` means every tenant. */
    tenants: z.array(z.string().min(1)).min(1, 'a token must name at least one tenant (or "*")'),
  })
  .strict();

/** Limits that bound memory and work per client and per request. */
export const daemonLimitsSchema = z
  .object({
    /** Largest ws message a client may send; bigger ones get an error reply. */
    maxMessageBytes: z.number().int().min(256).default(64 * 1024),
    /** Largest ws frame read at all; past it the connection is closed (1009) before buffering more. */
    maxFrameBytes: z.number().int().min(1024).default(1024 * 1024),
    /** Largest Alertmanager webhook body; bigger ones get 413. */
    maxWebhookBytes: z.number().int().min(1024).default(1024 * 1024),
    /** Bytes buffered for one ws client before diffs are dropped and a resync is sent instead. */
    clientBufferBytes: z.number().int().min(1024).default(1024 * 1024),
    /** Buffered bytes past which a client is disconnected outright (replies cannot be dropped). */
    clientHardLimitBytes: z.number().int().min(4096).default(16 * 1024 * 1024),
    maxClients: z.number().int().min(1).default(1000),
    /** Interval of ws pings; a client that has not answered the previous one is disconnected. */
    heartbeatMs: z.number().int().min(1000).default(30_000),
    /** Commands (and alert actions) one client may have running at once. */
    commandsPerClient: z.number().int().min(1).default(8),
  })
  .strict();

/** The `daemon:` section. */
export const daemonConfigSchema = z
  .object({
    listen: z
      .object({ host: z.string().min(1).default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(7433) })
      .strict()
      .default({ host: '127.0.0.1', port: 7433 }),
    tokens: z.array(daemonTokenSchema).default([]),
    webhooks: z
      .object({ alertmanager: z.object({ tokenEnv: envVar }).strict().optional() })
      .strict()
      .default({}),
    limits: daemonLimitsSchema.default(daemonLimitsSchema.parse({})),
    shutdown: z
      .object({ deadlineMs: z.number().int().min(0).default(15_000) })
      .strict()
      .default({ deadlineMs: 15_000 }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.tokens.forEach((token, index) => {
      if (seen.has(token.id)) ctx.addIssue({ code: 'custom', path: ['tokens', index, 'id'], message: `token id "${token.id}" is used twice` });
      seen.add(token.id);
    });
  });

/** The validated `daemon:` section. */
export type DaemonConfig = z.infer<typeof daemonConfigSchema>;

/** The validated limits. */
export type DaemonLimits = z.infer<typeof daemonLimitsSchema>;

/** One validated token entry. */
export type DaemonTokenConfig = z.infer<typeof daemonTokenSchema>;
