/**
 * Label matchers in Alertmanager's syntax (`service=web`, `severity!=info`,
 * `alertname=~"Disk.*"`), used by silences and maintenance windows.
 */
import { z } from 'zod';
import { opsError } from '../errors.js';

/** One label matcher. */
export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** Zod schema for a matcher given as an object. */
export const matcherSchema = z.object({ name: z.string().min(1), op: z.enum(['=', '!=', '=~', '!~']).default('='), value: z.string() });

/** Parses `name=value`, `name!=value`, `name=~regex`, `name!~regex` (value may be quoted). */
export function parseMatcher(text: string): Matcher {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (m === null) {
    throw opsError('INPUT_INVALID', `"${text}" is not a label matcher.`, { hint: 'Write matchers like service=web or alertname=~"Disk.*".' });
  }
  const raw = m[3] ?? '';
  const value = /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  const op = m[2] as Matcher['op'];
  if (op === '=~' || op === '!~') compile(value);
  return { name: m[1] ?? '', op, value };
}

/** Parses a comma-separated list of matchers (`service=web,tenant=payments`). */
export function parseMatchers(text: string): Matcher[] {
  return text.split(',').filter((part) => part.trim() !== '').map(parseMatcher);
}

const cache = new Map<string, RegExp>();
function compile(source: string): RegExp {
  let re = cache.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${source})$`);
    } catch (cause) {
      throw opsError('INPUT_INVALID', `"${source}" is not a valid regular expression.`, { cause, hint: 'Check the brackets and escapes.' });
    }
    cache.set(source, re);
  }
  return re;
}

/** True when the labels satisfy one matcher (a missing label counts as ""). */
export function matches(labels: Record<string, string>, matcher: Matcher): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return compile(matcher.value).test(actual);
    case '!~':
      return !compile(matcher.value).test(actual);
  }
}

/** True when the labels satisfy every matcher (and the list is not empty). */
export function matchesAll(labels: Record<string, string>, list: readonly Matcher[]): boolean {
  return list.length > 0 && list.every((m) => matches(labels, m));
}

/** Formats matchers back to text for display. */
export function formatMatchers(list: readonly Matcher[]): string {
  return list.map((m) => `${m.name}${m.op}${m.op.includes('~') ? `"${m.value}"` : m.value}`).join(',');
}
