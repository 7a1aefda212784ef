/**
 * Config section `kind: sim`: the embedded simulated DC/OS cluster plus a
 * Mesos backend watching it, so a config (and `--demo`) can run opsdeck with
 * no orchestrator at all.
 */
import { z } from 'zod';

/** Schema of a `kind: sim` backend section. */
export const simBackendConfigSchema = z
  .object({
    kind: z.literal('sim'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id (a-z, 0-9, -)'),
    cluster: z.string().optional(),
    freshnessBoundMs: z.number().int().positive().optional(),
    chaos: z.enum(['off', 'gentle', 'rough']).default('gentle'),
    seed: z.number().int().optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    heartbeatIntervalMs: z.number().int().min(100).optional(),
    stepDurationMs: z.number().int().min(10).optional(),
  })
  .strict();

/** A validated `kind: sim` section. */
export type SimBackendConfig = z.infer<typeof simBackendConfigSchema>;
