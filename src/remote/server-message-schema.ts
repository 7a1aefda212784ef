/**
 * Validates what the daemon sends before the remote dashboard trusts it: the
 * envelope (`v: 1`, a known `type`) and the fields each type needs, with
 * entities checked for the keys the mirror indexes on; unknown extra fields
 * pass through so a newer daemon can add data without breaking old clients.
 */
import { z } from 'zod';
import { describeIssues, PROTOCOL_VERSION, type ServerMessage } from '../daemon/ws/protocol.js';

const id = z.string().min(1);
const health = z.looseObject({ status: z.enum(['HEALTHY', 'DEGRADED', 'UNHEALTHY', 'STALE', 'UNKNOWN']), reason: z.string() });
const service = z.looseObject({
  id,
  nativeId: z.string(),
  backend: id,
  cluster: z.string(),
  tenant: z.string(),
  name: z.string(),
  desired: z.number(),
  running: z.number(),
  healthy: z.number(),
  health,
  observedHealth: health,
  labels: z.record(z.string(), z.string()),
  actions: z.array(z.string()),
});
const task = z.looseObject({ id, nativeId: z.string(), backend: id, service: id, state: z.string() });
const plan = z.looseObject({ id, name: z.string(), backend: id, service: id, status: z.string(), phases: z.array(z.unknown()) });
const host = z.looseObject({ id, nativeId: z.string(), backend: id, cluster: z.string(), hostname: z.string() });
const backend = z.looseObject({
  id,
  kind: z.string(),
  cluster: z.string(),
  connection: z.enum(['connecting', 'live', 'stale']),
  synced: z.boolean(),
  freshnessBoundMs: z.number(),
});
const event = z.looseObject({ service: id, backend: id, at: z.number(), severity: z.string(), reason: z.string(), message: z.string() });
const changes = <T extends z.ZodType>(entity: T) => z.object({ upserted: z.array(entity), removed: z.array(z.string()) });
const snapshotFields = {
  version: z.number(),
  services: z.array(service),
  tasks: z.array(task),
  plans: z.array(plan),
  hosts: z.array(host),
  backends: z.array(backend),
};
const errorData = z.looseObject({ code: z.string(), message: z.string(), hint: z.string().optional(), retryable: z.boolean() });
const envelope = { v: z.literal(1) };

const serverMessageSchema = z.discriminatedUnion('type', [
  z.looseObject({ ...envelope, type: z.literal('hello'), server: z.literal('opsdeck'), actor: z.looseObject({ id: z.string(), name: z.string() }), tenants: z.union([z.literal('*'), z.array(z.string())]), limits: z.looseObject({ maxMessageBytes: z.number() }) }),
  z.looseObject({ ...envelope, type: z.literal('snapshot'), ...snapshotFields }),
  z.looseObject({
    ...envelope,
    type: z.literal('diff'),
    version: z.number(),
    services: changes(service),
    tasks: changes(task),
    plans: changes(plan),
    hosts: changes(host),
    backends: z.array(backend),
    events: z.array(event),
  }),
  z.looseObject({ ...envelope, type: z.literal('resync'), reason: z.string(), dropped: z.number(), snapshot: z.looseObject(snapshotFields) }),
  z.looseObject({ ...envelope, type: z.literal('command-update'), id: z.string(), idempotencyKey: z.string().optional(), update: z.looseObject({ status: z.enum(['preview', 'needs-confirmation', 'pending-approval', 'executing', 'executed', 'denied', 'failed']) }) }),
  z.looseObject({ ...envelope, type: z.literal('result'), id: z.string(), result: z.unknown() }),
  z.looseObject({ ...envelope, type: z.literal('alerts'), id: z.string(), alerts: z.array(z.looseObject({ id, tenant: z.string(), state: z.string(), severity: z.string(), summary: z.string() })) }),
  z.looseObject({ ...envelope, type: z.literal('alert'), alert: z.looseObject({ id, tenant: z.string(), state: z.string(), severity: z.string(), summary: z.string() }) }),
  z.looseObject({ ...envelope, type: z.literal('pong'), id: z.string().optional(), at: z.number() }),
  z.looseObject({ ...envelope, type: z.literal('error'), id: z.string().optional(), error: errorData }),
  z.looseObject({ ...envelope, type: z.literal('goodbye'), reason: z.string() }),
]);

/** A server message, or why it was rejected (bad JSON, other version, schema mismatch). */
export type ParsedServerMessage = { ok: true; message: ServerMessage } | { ok: false; reason: string };

/** Parses one text frame from the daemon. */
export function parseServerMessage(text: string): ParsedServerMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The daemon sent a frame that is not valid JSON.' };
  }
  if (typeof value === 'object' && value !== null && (value as { v?: unknown }).v !== PROTOCOL_VERSION) {
    return { ok: false, reason: `The daemon speaks protocol v${String((value as { v?: unknown }).v)}; this client speaks v${PROTOCOL_VERSION}.` };
  }
  const parsed = serverMessageSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `The daemon sent a message that does not match the v1 schema: ${describeIssues(parsed.error)}` };
  // The schema checks every field the client relies on; the rest is the server's typed shape passed through.
  return { ok: true, message: parsed.data as unknown as ServerMessage };
}
