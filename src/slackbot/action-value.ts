/**
 * What a button carries: a small, self-describing JSON value (≤2000 chars) so a
 * click can be acted on even after the bot restarted. Parsing is strict because
 * the value comes back from the outside.
 */
import { z } from 'zod';
import { ACTION_KINDS } from '../core/model/action.js';
import { LIMITS } from './render/block-limits.js';

const targetSchema = z.object({
  service: z.string().max(255).optional(),
  task: z.string().max(255).optional(),
  plan: z.string().max(255).optional(),
  step: z.string().max(255).optional(),
});

const commandValueSchema = z.object({
  t: z.literal('cmd'),
  k: z.enum(ACTION_KINDS),
  tg: targetSchema,
  ar: z.record(z.string(), z.union([z.string().max(255), z.number()])).default({}),
  g: z.enum(['confirm', 'typed-name']),
  r: z.string().max(500).optional(),
  /** Alert and page the button belongs to, when it sits on a page. */
  al: z.string().max(255).optional(),
  pg: z.string().max(255).optional(),
  /** Identity of the request that produced the button (slash command trigger), for idempotency. */
  src: z.string().max(255).optional(),
});

const alertValueSchema = z.object({ t: z.literal('alert'), al: z.string().max(255), pg: z.string().max(255).optional() });
const approvalValueSchema = z.object({ t: z.literal('approval'), id: z.string().max(255) });

/** Everything a button value can say. */
export const buttonValueSchema = z.discriminatedUnion('t', [commandValueSchema, alertValueSchema, approvalValueSchema]);

/** A decoded button value. */
export type ButtonValue = z.infer<typeof buttonValueSchema>;

/** A command button's value. */
export type CommandButtonValue = z.infer<typeof commandValueSchema>;

/** Encodes a value, or returns undefined when it would not fit in a button. */
export function encodeButtonValue(value: ButtonValue): string | undefined {
  const text = JSON.stringify(value);
  return text.length <= LIMITS.buttonValue ? text : undefined;
}

/** Decodes a button value; undefined for anything we did not produce. */
export function decodeButtonValue(text: string | undefined): ButtonValue | undefined {
  if (text === undefined || text.length > LIMITS.buttonValue) return undefined;
  try {
    const parsed = buttonValueSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** How `config set` pairs travel in a command's flat args (and button values): `set.KEY` → VALUE. */
export const SET_PREFIX = 'set.';

/** Stable action ids the handlers route on. */
export const ACTION_IDS = {
  ack: 'opsdeck.alert.ack',
  resolve: 'opsdeck.alert.resolve',
  silence: 'opsdeck.alert.silence',
  remediatePrefix: 'opsdeck.remediate.',
  confirmCommand: 'opsdeck.command.confirm',
  /** Rollback / Continue offered under a spec change's result. */
  followUp: 'opsdeck.command.follow-up',
  approve: 'opsdeck.approval.approve',
  deny: 'opsdeck.approval.deny',
  runbook: 'opsdeck.runbook',
} as const;

/** Callback ids of our modals. */
export const VIEW_IDS = {
  typedConfirm: 'opsdeck.view.typed-confirm',
  silence: 'opsdeck.view.silence',
} as const;
