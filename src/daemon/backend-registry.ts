/**
 * The backend kinds the composition root knows: each pairs its config schema
 * with the factory that builds it. Adding a backend means adding one entry here.
 */
import type { z } from 'zod';
import type { Backend, BackendDeps } from '../core/backend/port.js';
import { createDockerBackend } from '../backends/docker/create-docker-backend.js';
import { dockerBackendConfigSchema, type DockerBackendConfig } from '../backends/docker/docker-config.js';
import { createKubernetesBackendInstance } from '../backends/kubernetes/create-kubernetes-backend.js';
import { kubernetesBackendConfigSchema, type KubernetesBackendConfig } from '../backends/kubernetes/kubernetes-config.js';
import { createMemoryBackend, memoryBackendConfigSchema, type MemoryBackendConfig } from '../backends/memory/memory-config.js';
import { createMesosBackend } from '../backends/mesos/create-mesos-backend.js';
import { startDemoBackend } from '../backends/mesos/demo-backend.js';
import { mesosBackendConfigSchema, type MesosBackendConfig } from '../backends/mesos/mesos-config.js';
import { simBackendConfigSchema, type SimBackendConfig } from '../backends/mesos/sim-backend-config.js';

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
      kind: 'sim',
      schema: simBackendConfigSchema,
      build: async (config, deps) => {
        const c = config as SimBackendConfig;
        const demo = await startDemoBackend(deps, {
          id: c.id,
          chaos: c.chaos,
          ...(c.seed === undefined ? {} : { seed: c.seed }),
          ...(c.port === undefined ? {} : { port: c.port }),
          ...(c.heartbeatIntervalMs === undefined ? {} : { heartbeatIntervalMs: c.heartbeatIntervalMs }),
          ...(c.stepDurationMs === undefined ? {} : { stepDurationMs: c.stepDurationMs }),
        });
        return { backend: demo.backend, close: demo.close };
      },
    },
    {
      kind: 'mesos',
      schema: mesosBackendConfigSchema,
      build: async (config, deps) => {
        const c = config as MesosBackendConfig;
        const token = c.tokenEnv === undefined ? undefined : deps.env[c.tokenEnv];
        return { backend: createMesosBackend(c, deps), ...(token === undefined ? {} : { secrets: [token] }) };
      },
    },
    {
      kind: 'docker',
      schema: dockerBackendConfigSchema,
      build: async (config, deps) => ({ backend: createDockerBackend(config as DockerBackendConfig, deps) }),
    },
    {
      kind: 'kubernetes',
      schema: kubernetesBackendConfigSchema,
      build: async (config, deps) => {
        const backend = createKubernetesBackendInstance(config as KubernetesBackendConfig, deps);
        return { backend, secrets: backend.credentialSecrets() };
      },
    },
    {
      kind: 'memory',
      schema: memoryBackendConfigSchema,
      build: async (config, deps) => ({ backend: createMemoryBackend(config as MemoryBackendConfig, deps) }),
    },
  ];
}
