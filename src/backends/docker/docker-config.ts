/**
 * The `docker` section of the opsdeck config: which Engine to talk to and how
 * its objects map onto opsdeck tenants. No secrets live here.
 */
import { z } from 'zod';

/** Validates one docker backend section; `host` falls back to DOCKER_HOST, then the default socket. */
export const dockerBackendConfigSchema = z
  .object({
    kind: z.literal('docker'),
    id: z.string().min(1),
    cluster: z.string().min(1).optional(),
    freshnessBoundMs: z.number().int().positive().optional(),
    /** `unix:///path/docker.sock`, a bare socket path, or `tcp://host:port`. */
    host: z.string().min(1).optional(),
    /** Label on a Swarm service / container whose value is the opsdeck tenant. */
    tenantLabel: z.string().min(1).default('opsdeck.tenant'),
    /** Tenant for objects without the label ('' lets the store apply its default). */
    defaultTenant: z.string().default(''),
    /** Events arriving within this window are coalesced into one targeted re-inspect. */
    debounceMs: z.number().int().nonnegative().default(100),
    /** Deadline for each Engine API request (the event stream excepted). */
    requestTimeoutMs: z.number().int().positive().default(10_000),
    /** Reconnect backoff bounds for the event stream. */
    minBackoffMs: z.number().int().positive().default(250),
    maxBackoffMs: z.number().int().positive().default(15_000),
  })
  .strict();

/** A docker backend section as written in the config (defaults not yet applied). */
export type DockerBackendConfig = z.input<typeof dockerBackendConfigSchema>;

/** A docker backend section after validation, with every default applied. */
export type ResolvedDockerBackendConfig = z.output<typeof dockerBackendConfigSchema>;
