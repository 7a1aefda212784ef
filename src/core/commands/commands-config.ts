/**
 * The `commands` section of opsdeck.yaml in one schema (guards, confirmation
 * policy, verification deadline, audit checkpoints), for the lead to compose
 * next to `access` (accessConfigSchema).
 */
import { z } from 'zod';
import { confirmationPolicySchema } from './confirmation-policy.js';
import { guardsConfigSchema } from './guards/guards-config.js';

/** Settings of the command engine and its audit log. */
export const commandsConfigSchema = z.object({
  guards: guardsConfigSchema.prefault({}),
  confirmation: confirmationPolicySchema.prefault({}),
  /** How long verification follows the state after an action. */
  verifyTimeoutMs: z.number().int().min(1_000).max(3_600_000).default(120_000),
  audit: z
    .object({
      /** Checkpoint every N entries (0 = never automatically). */
      checkpointEvery: z.number().int().min(0).default(100),
      /** Also checkpoint on this interval (0 = off). */
      checkpointIntervalMs: z.number().int().min(0).default(300_000),
    })
    .prefault({}),
});

/** Parsed commands section. */
export type CommandsConfig = z.infer<typeof commandsConfigSchema>;
