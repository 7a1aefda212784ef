/**
 * Config section for the in-memory backend: a fixed, seeded set of services,
 * for trying the CLI and for end-to-end tests without any orchestrator.
 */
import { z } from 'zod';
import type { BackendDeps } from '../../core/backend/port.js';
import { MemoryBackend } from './memory-backend.js';

/** Schema of a `kind: memory` backend section. */
export const memoryBackendConfigSchema = z
  .object({
    kind: z.literal('memory'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id (a-z, 0-9, -)'),
    cluster: z.string().optional(),
    freshnessBoundMs: z.number().int().positive().optional(),
    services: z
      .array(
        z
          .object({
            name: z.string().min(1),
            replicas: z.number().int().min(0).max(10_000),
            tenant: z.string().optional(),
            version: z.string().optional(),
            stateful: z.boolean().optional(),
            labels: z.record(z.string(), z.string()).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/** A validated `kind: memory` section. */
export type MemoryBackendConfig = z.infer<typeof memoryBackendConfigSchema>;

/** Builds a seeded in-memory backend from its config section. */
export function createMemoryBackend(config: MemoryBackendConfig, deps: BackendDeps): MemoryBackend {
  const backend = new MemoryBackend({
    id: config.id,
    clock: deps.clock,
    ...(config.cluster === undefined ? {} : { cluster: config.cluster }),
    ...(config.freshnessBoundMs === undefined ? {} : { freshnessBoundMs: config.freshnessBoundMs }),
  });
  for (const service of config.services) backend.putService(service);
  return backend;
}
