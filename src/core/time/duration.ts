/**
 * Human durations ("90s", "5m", "2h", "1d", "1h30m") in config, on the CLI and
 * in the dashboard, turned into milliseconds once at the edge; and compact ages
 * ("5s", "3m", "2h", "4d") as every face shows them.
 */
import { z } from 'zod';
import { opsError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses a duration such as "2h" or "1h30m" (or a bare number of ms) into milliseconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) throw opsError('INPUT_INVALID', `${text} is not a duration.`, { hint: 'Use a non-negative number of milliseconds.' });
    return text;
  }
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;
  let total = 0;
  let consumed = 0;
  for (const m of trimmed.matchAll(re)) {
    total += Number(m[1]) * (UNIT_MS[m[2] ?? 'ms'] ?? 1);
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== trimmed.length) {
    throw opsError('INPUT_INVALID', `"${text}" is not a duration.`, { hint: 'Write durations like 90s, 5m, 2h, 1d or 1h30m.' });
  }
  return Math.round(total);
}

/** Formats milliseconds compactly for people ("2h5m", "45s"). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join('');
}

/** Zod schema for a duration field: accepts "5m" or milliseconds, yields milliseconds. */
export const durationSchema = z.union([z.number().nonnegative(), z.string()]).transform((value, ctx) => {
  try {
    return parseDuration(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a duration (use 90s, 5m, 2h, 1d)` });
    return z.NEVER;
  }
});

/** Compact age of a duration in ms, as tables show it: "5s", "3m", "2h" (up to 47h), "4d". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}
