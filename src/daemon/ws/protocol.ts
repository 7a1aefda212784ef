/**
 * The versioned ws message schema (`{v: 1, type, id?, …}`): client messages
 * are validated with zod before anything acts on them; server messages are
 * typed here so dashboards and tests share one vocabulary.
 *
 * Flow: on connect the server sends `hello`, then `snapshot` (what the
 * token's tenants may see), then a `diff` per store change that concerns
 * them (upserts replace, removed ids delete). A client that falls behind gets
 * `resync` (a full snapshot replacing its view) instead of the diffs it
 * missed. Requests carry an `id`; replies echo it: `command`/`approve`/`deny`
 * → `command-update`s (ending with a final status), `alerts-list` →
 * `alerts`, `alert-ack`/`alert-silence` → `result`, `ping` → `pong`, and any
 * refusal → `error`. Live alerts arrive as `alert`; `goodbye` precedes a
 * shutdown close (1001).
 */
import { z } from 'zod';
import { REMOTE_COMMAND_KINDS, type AlertView, type CommandUpdate, type ErrorData } from '../ports.js';
import type { ScopedDiff } from './tenant-diff.js';
import type { TenantSnapshot } from './tenant-snapshot.js';

/** The protocol version this server speaks. */
export const PROTOCOL_VERSION = 1;

const requestId = z.string().min(1).max(128);
const ref = z.string().min(1).max(512);

const commandBody = z
  .object({
    kind: z.enum(REMOTE_COMMAND_KINDS),
    target: ref,
    args: z.record(z.string(), z.union([z.string().max(512), z.number(), z.boolean()])).optional(),
    reason: z.string().max(1000).optional(),
    force: z.boolean().optional(),
    idempotencyKey: z.string().min(8).max(128).optional(),
    confirmation: z.object({ confirmed: z.boolean().optional(), typed: z.string().max(512).optional() }).strict().optional(),
  })
  .strict();

/** Every message a client may send. */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ v: z.literal(1), type: z.literal('ping'), id: requestId.optional() }).strict(),
  z.object({ v: z.literal(1), type: z.literal('resync'), id: requestId.optional() }).strict(),
  z.object({ v: z.literal(1), type: z.literal('command'), id: requestId, command: commandBody }).strict(),
  z.object({ v: z.literal(1), type: z.literal('approve'), id: requestId, requestId: ref }).strict(),
  z.object({ v: z.literal(1), type: z.literal('deny'), id: requestId, requestId: ref, reason: z.string().max(1000).optional() }).strict(),
  z.object({ v: z.literal(1), type: z.literal('alerts-list'), id: requestId }).strict(),
  z.object({ v: z.literal(1), type: z.literal('alert-ack'), id: requestId, alertId: ref }).strict(),
  z
    .object({
      v: z.literal(1),
      type: z.literal('alert-silence'),
      id: requestId,
      alertId: ref.optional(),
      matchers: z.array(z.string().min(1).max(512)).min(1).max(32).optional(),
      durationMs: z.number().int().min(60_000).max(30 * 24 * 3600_000),
      comment: z.string().max(1000).optional(),
    })
    .strict()
    .refine((m) => (m.alertId === undefined) !== (m.matchers === undefined), { message: 'give exactly one of alertId or matchers' }),
]);

/** A validated client message. */
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Every message the server sends. */
export type ServerMessage =
  | { v: 1; type: 'hello'; server: 'opsdeck'; actor: { id: string; name: string }; tenants: string[] | '*'; limits: { maxMessageBytes: number } }
  | ({ v: 1; type: 'snapshot' } & TenantSnapshot)
  | ({ v: 1; type: 'diff' } & ScopedDiff)
  | { v: 1; type: 'resync'; reason: 'slow-consumer' | 'requested'; dropped: number; snapshot: TenantSnapshot }
  | { v: 1; type: 'command-update'; id: string; idempotencyKey?: string; update: CommandUpdate }
  | { v: 1; type: 'result'; id: string; result: unknown }
  | { v: 1; type: 'alerts'; id: string; alerts: AlertView[] }
  | { v: 1; type: 'alert'; alert: AlertView }
  | { v: 1; type: 'pong'; id?: string; at: number }
  | { v: 1; type: 'error'; id?: string; error: ErrorData }
  | { v: 1; type: 'goodbye'; reason: 'shutting-down' };

/** Turns zod issues into one readable reason ("command.kind: Invalid option…"). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length === 0 ? '(message)' : issue.path.join('.')}: ${issue.message}`)
    .join('; ');
}

/** Parses raw text into a client message, or an error reason (bad JSON, unknown version, schema failure). */
export function parseClientMessage(text: string): { ok: true; message: ClientMessage } | { ok: false; reason: string; id?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The message is not valid JSON.' };
  }
  const id = typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id.slice(0, 128) : undefined;
  if (typeof value === 'object' && value !== null && 'v' in value && (value as { v: unknown }).v !== PROTOCOL_VERSION) {
    return { ok: false, reason: `Protocol version ${String((value as { v: unknown }).v)} is not supported; this server speaks v${PROTOCOL_VERSION}.`, ...(id === undefined ? {} : { id }) };
  }
  const parsed = clientMessageSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `The message does not match the v1 schema: ${describeIssues(parsed.error)}`, ...(id === undefined ? {} : { id }) };
  return { ok: true, message: parsed.data };
}
