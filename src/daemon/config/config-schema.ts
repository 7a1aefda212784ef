/**
 * The schema of opsdeck.yaml: backends of every kind, storage, compositions,
 * and the sections owned by access, alerts, on-call, Slack and the daemon.
 * Backend sections are validated by the schema their kind registers.
 */
import { z } from 'zod';
import { accessConfigSchema } from '../../core/access/access-config.js';
import { commandsConfigSchema } from '../../core/commands/commands-config.js';
import { daemonConfigSchema } from '../daemon-config.js';
import { alertsConfigSchema } from '../../core/alerts/config.js';
import { oncallConfigSchema } from '../../core/oncall/config.js';
import { slackConfigSchema } from '../../slackbot/slack-config.js';

/** A reference to a secret: the name of the environment variable that holds it. */
export const envVarName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'expected the NAME of an environment variable (A-Z, 0-9, _), not the secret itself');

/** Selector of a composition component. */
const componentSchema = z.object({
  name: z.string().min(1),
  minHealthy: z.number().int().min(0).default(1),
  selector: z
    .object({
      backend: z.string().optional(),
      cluster: z.string().optional(),
      tenant: z.string().optional(),
      name: z.string().optional(),
      labels: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
});

/** A logical service made of components across backends. */
export const compositionSchema = z
  .object({ name: z.string().min(1), tenant: z.string().default('default'), components: z.array(componentSchema).min(1) })
  .strict();

/** The root of opsdeck.yaml; `backends` entries are checked per kind afterwards. */
export const rootConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    backends: z.array(z.object({ kind: z.string(), id: z.string() }).passthrough()).default([]),
    storage: z.object({ path: z.string().min(1).default('./opsdeck.db') }).strict().default({ path: './opsdeck.db' }),
    compositions: z.array(compositionSchema).default([]),
    defaultTenant: z.string().min(1).default('default'),
    access: accessConfigSchema.prefault({}),
    commands: commandsConfigSchema.prefault({}),
    alerts: alertsConfigSchema.prefault({}),
    oncall: oncallConfigSchema.prefault({}),
    slack: slackConfigSchema.optional(),
    daemon: daemonConfigSchema.prefault({}),
  })
  .strict();

/** The root config after validation (backend sections still raw). */
export type RootConfig = z.infer<typeof rootConfigSchema>;
