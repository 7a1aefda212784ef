/**
 * Checks a command's input before anything else looks at it: ids, counts and
 * names must match strict patterns, so malformed input and shell
 * metacharacters are refused with one clear error (and nothing reaches a shell).
 */
import { z } from 'zod';
import { opsError } from '../errors.js';
import { COMMAND_KINDS, type Command } from './command.js';

/** The largest replica count any command may ask for, whatever the config says. */
export const MAX_REPLICAS = 10_000;

const refPattern = /^[A-Za-z0-9._@:#/-]{1,253}$/;
const elementPattern = /^[A-Za-z0-9._:@\[\]-]{1,128}$/;
const keyPattern = /^[A-Za-z0-9._:-]{8,128}$/;
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/;

const ref = z.string().regex(refPattern, 'use a service id or name: letters, digits and . _ - / : @ # only');
const element = z.string().regex(elementPattern, 'use a plan, phase or step name: letters, digits and . _ - : @ [ ] only');

const base = {
  actor: z.object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'malformed actor id'),
    name: z.string().min(1).max(120),
    source: z.enum(['tui', 'slack', 'cli', 'api', 'automation']),
    externalId: z.string().max(120).optional(),
  }),
  target: ref,
  reason: z.string().max(500).refine((s) => !controlChars.test(s), 'the reason must be one line of text').optional(),
  source: z.enum(['tui', 'slack', 'cli', 'api', 'automation']),
  idempotencyKey: z.string().regex(keyPattern, 'an idempotency key is 8-128 letters, digits, . _ : -'),
  force: z.boolean().optional(),
};
const strategy = z.enum(['serial', 'parallel', 'canary'], { error: 'the strategy must be serial, parallel or canary' });
// Image references: registry/name:tag or @digest; no spaces, quotes or shell metacharacters.
const imagePattern = /^[a-z0-9][a-z0-9._\/:@-]{0,254}$/;
const versionPattern = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;
const configKeyPattern = /^[A-Za-z_][A-Za-z0-9_.]{0,127}$/;
const upgradeArgs = z
  .strictObject({
    image: z.string().regex(imagePattern, 'an image looks like registry/name:tag (lowercase, no spaces)').optional(),
    version: z.string().regex(versionPattern, 'a version is letters, digits and . _ + - only').optional(),
    strategy: strategy.optional(),
  })
  .refine((a) => (a.image === undefined) !== (a.version === undefined), { message: 'give exactly one of --image or --version', path: ['image'] });
const configSetArgs = z.strictObject({
  set: z
    .record(
      z.string().regex(configKeyPattern, 'a key is an environment variable name, env.NAME, cpus, mem or replicas'),
      z.string().max(4096, 'a value is at most 4096 characters').refine((s) => !controlChars.test(s), 'a value must be one line of text'),
    )
    .refine((r) => Object.keys(r).length > 0, 'give at least one KEY=VALUE')
    .refine((r) => Object.keys(r).length <= 50, 'at most 50 KEY=VALUE pairs at once'),
  strategy: strategy.optional(),
});
const planArgs = z.strictObject({ plan: element.optional(), phase: element.optional(), step: element.optional() }).default({});
const noArgs = z.strictObject({}).optional();

/** The schema of a command as it arrives from any front end or the API. */
export const commandSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('scale'),
    args: z.strictObject({
      replicas: z
        .number({ error: 'the instance count must be a number' })
        .int('the instance count must be a whole number')
        .min(0, 'the instance count cannot be negative')
        .max(MAX_REPLICAS, `the instance count cannot exceed ${MAX_REPLICAS}`),
    }),
  }),
  z.object({ ...base, kind: z.enum(['restart', 'rollback', 'kill-task']), args: noArgs }),
  z.object({ ...base, kind: z.enum(['plan-pause', 'plan-resume', 'plan-restart-step', 'plan-force-complete', 'plan-continue']), args: planArgs }),
  z.object({ ...base, kind: z.literal('upgrade'), args: upgradeArgs }),
  z.object({ ...base, kind: z.literal('config-set'), args: configSetArgs }),
  z.object({ ...base, kind: z.enum(['pod-restart', 'pod-replace']), args: z.strictObject({ pod: element }) }),
]);

/** Validates untrusted command input; throws INPUT_INVALID naming the bad field. */
export function validateCommand(input: unknown): Command {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(COMMAND_KINDS as readonly string[]).includes(kind)) {
    throw opsError('INPUT_INVALID', `Unknown command ${JSON.stringify(String(kind)).slice(0, 60)}.`, {
      hint: `Use one of: ${COMMAND_KINDS.join(', ')}.`,
    });
  }
  const parsed = commandSchema.safeParse(input);
  if (parsed.success) {
    const command = parsed.data as Command;
    if (command.kind === 'plan-restart-step' && command.args.step === undefined && command.args.phase === undefined) {
      throw opsError('INPUT_INVALID', 'Restarting needs a phase or a step.', { hint: 'Pass --phase NAME and optionally --step NAME.' });
    }
    if (command.kind.startsWith('plan-') && (command.args as { step?: string; phase?: string }).step !== undefined && (command.args as { phase?: string }).phase === undefined) {
      throw opsError('INPUT_INVALID', 'A step is addressed within its phase.', { hint: 'Pass --phase NAME together with --step NAME.' });
    }
    return command;
  }
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') ?? 'input';
  const given = valueAt(input, issue?.path ?? []);
  const shown = given === undefined ? '' : ` ${JSON.stringify(given).slice(0, 80)}`;
  throw opsError('INPUT_INVALID', `Invalid ${field}${shown}: ${issue?.message ?? 'malformed'}.`, {
    hint: 'Fix the value and try again.',
    details: { field },
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return typeof value === 'object' ? undefined : value;
}
