/**
 * The backend kinds the composition root knows: each pairs its config schema
 * with the factory that builds it. Adding a backend means adding one entry here.
 */
import type { z } from 'zod';
import type { Backend, BackendDeps } from '../core/backend/port.js';
import { createMemoryBackend, memoryBackendConfigSchema, type MemoryBackendConfig } from '../backends/memory/memory-config.js';

/** A started backend plus anything it owns that must be closed with it (e.g. an embedded simulator). */
export interface BuiltBackend {
  backend: Backend;
  close?: () => Promise<void>;
  /** Secrets this backend holds, so logs and messages can scrub them. */
  secrets?: string[];
}

/** One registered backend kind. */
export interface BackendKindEntry {
  kind: string;
  schema: z.ZodType;
  build: (config: unknown, deps: BackendDeps) => Promise<BuiltBackend>;
}

/** The backend kinds this build of opsdeck supports. */
export function backendKinds(): BackendKindEntry[] {
  return [
    {
      kind: 'memory',
      schema: memoryBackendConfigSchema,
      build: async (config, deps) => ({ backend: createMemoryBackend(config as MemoryBackendConfig, deps) }),
    },
  ];
}
