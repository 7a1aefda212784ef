/**
 * Config section for a Mesos / Marathon / DC/OS SDK backend: where the master,
 * Marathon and each SDK scheduler answer, and which environment variable holds
 * the DC/OS ACS token (the token itself is never in the file).
 */
import { z } from 'zod';

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'expected an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

const sdkList = z.array(z.object({ name: z.string().min(1), url: httpUrl }).strict());
const sdkRecord = z.record(z.string().min(1), httpUrl);

/** Schema of a `kind: mesos` backend section. */
export const mesosBackendConfigSchema = z
  .object({
    kind: z.literal('mesos'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase id (a-z, 0-9, -)'),
    cluster: z.string().optional(),
    freshnessBoundMs: z.number().int().positive().optional(),
    /** Master root, e.g. `https://dcos.example.com/mesos` or `http://master:5050`. */
    mesosUrl: httpUrl,
    /** Marathon root, e.g. `https://dcos.example.com/marathon` or `http://marathon:8080`. */
    marathonUrl: httpUrl,
    /** SDK schedulers by service name: `{hdfs: https://dcos/service/hdfs}` or a list of `{name, url}`. */
    sdk: z
      .union([sdkRecord, sdkList])
      .default({})
      .transform((v): Record<string, string> => (Array.isArray(v) ? Object.fromEntries(v.map((e) => [e.name, e.url])) : v)),
    /** Environment variable holding the DC/OS ACS token (sent as `Authorization: token=…`). */
    tokenEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
    /** Expected Mesos heartbeat interval; defaults to what SUBSCRIBED announces (15 s on a real master). */
    heartbeatIntervalMs: z.number().int().positive().optional(),
    /** How often SDK plans are re-read when nothing else prompts it (they have no push API). */
    planPollIntervalMs: z.number().int().positive().default(5000),
    /** Per-request timeout. */
    requestTimeoutMs: z.number().int().positive().default(10_000),
    /** Reconnect backoff bounds. */
    reconnectMinBackoffMs: z.number().int().positive().default(1000),
    reconnectMaxBackoffMs: z.number().int().positive().default(30_000),
  })
  .strict();

/** A validated `kind: mesos` section (SDK endpoints normalised to a record). */
export type MesosBackendConfig = z.infer<typeof mesosBackendConfigSchema>;

/** The section as written in a config file (before defaults and normalisation). */
export type MesosBackendConfigInput = z.input<typeof mesosBackendConfigSchema>;
