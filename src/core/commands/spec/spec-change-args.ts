/**
 * Turns `upgrade` and `config set` arguments into a backend-neutral
 * SpecChange, refusing unknown keys and invalid values with one clear error
 * before any backend is asked.
 */
import type { SpecChange } from '../../backend/capabilities.js';
import { opsError } from '../../errors.js';
import type { CommandOf } from '../command.js';
import { MAX_REPLICAS } from '../command-validation.js';

/** Resource keys `config set` understands besides environment variables. */
export const RESOURCE_KEYS = ['cpus', 'mem', 'replicas'] as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BARE_ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const KEYS_HINT = 'Keys are environment variables (UPPER_CASE or env.name), cpus, mem (MB) or replicas.';

function invalid(key: string, value: string, why: string): never {
  throw opsError('INPUT_INVALID', `Invalid value for ${key}: ${JSON.stringify(value.slice(0, 60))} ${why}.`, { hint: 'Fix the value and try again.', details: { field: key } });
}

function number(key: string, value: string, options: { min: number; max: number; integer: boolean }): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) invalid(key, value, 'is not a number');
  if (options.integer && !Number.isInteger(n)) invalid(key, value, 'must be a whole number');
  if (n < options.min || n > options.max) invalid(key, value, `must be between ${options.min} and ${options.max}`);
  return n;
}

/** Splits `KEY=VALUE` words (as typed on a command line or in Slack) into a record; throws on malformed words. */
export function parseAssignments(words: readonly string[]): Record<string, string> {
  const set: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw opsError('INPUT_INVALID', `Expected KEY=VALUE, got ${JSON.stringify(word.slice(0, 60))}.`, { hint: KEYS_HINT });
    const key = word.slice(0, eq);
    if (key in set) throw opsError('INPUT_INVALID', `${key} is given twice.`, { hint: 'Give each key once.' });
    set[key] = word.slice(eq + 1);
  }
  return set;
}

/** The change a `config set` asks for; INPUT_INVALID names the first unknown key or bad value. */
export function configSetChange(set: Readonly<Record<string, string>>): SpecChange {
  const change: SpecChange = {};
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(set)) {
    if (key === 'cpus') change.cpus = number(key, value, { min: 0.01, max: 1024, integer: false });
    else if (key === 'mem') change.mem = number(key, value, { min: 4, max: 4_194_304, integer: true });
    else if (key === 'replicas') change.replicas = number(key, value, { min: 0, max: MAX_REPLICAS, integer: true });
    else if (key.startsWith('env.') && ENV_NAME.test(key.slice(4))) env[key.slice(4)] = value;
    else if (BARE_ENV_NAME.test(key)) env[key] = value;
    else throw opsError('INPUT_INVALID', `Unknown configuration key ${JSON.stringify(key)}.`, { hint: KEYS_HINT, details: { field: key } });
  }
  if (Object.keys(env).length > 0) change.env = env;
  return change;
}

/** The change an `upgrade` or `config set` command asks for. */
export function specChangeOf(command: CommandOf<'upgrade' | 'config-set'>): SpecChange {
  if (command.kind === 'config-set') return configSetChange(command.args.set);
  return command.args.image !== undefined ? { image: command.args.image } : { version: command.args.version as string };
}
