/**
 * Time-zone math on IANA zones with nothing but Intl, so schedules, quiet
 * hours, night policies and change-freeze windows follow local wall time across DST.
 */
import { opsError } from '../errors.js';

/** A local calendar date and wall-clock time in some zone (month 1..12). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
      });
    } catch (cause) {
      throw opsError('CONFIG_INVALID', `Unknown time zone "${timeZone}".`, { cause, hint: 'Use an IANA zone name such as Europe/Berlin.' });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is a zone Intl knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock date and time at `instant` in `timeZone`. */
export function toLocal(instant: number, timeZone: string): LocalDateTime & { second: number } {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: WEEKDAYS[get('weekday')] ?? 0,
  };
}

/** The zone's UTC offset in ms at `instant` (positive east of Greenwich). */
export function offsetAt(instant: number, timeZone: string): number {
  const l = toLocal(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instant of a local wall time. A time skipped by spring-forward maps to
 * the same distance after the gap (02:30 → 03:30); a repeated fall-back time
 * maps to its first occurrence. So boundaries never vanish and never repeat.
 */
export function fromLocal(local: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): number {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const before = offsetAt(naive - 36 * 3_600_000, timeZone);
  const after = offsetAt(naive + 36 * 3_600_000, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => naive - offset)
    .filter((instant) => {
      const l = toLocal(instant, timeZone);
      return l.year === local.year && l.month === local.month && l.day === local.day && l.hour === local.hour && l.minute === local.minute;
    })
    .sort((a, b) => a - b);
  return candidates[0] ?? naive - before;
}

/** Days between two calendar dates (b − a), independent of zones. */
export function daysBetween(a: { year: number; month: number; day: number }, b: { year: number; month: number; day: number }): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** The calendar date `days` after the given one. */
export function addDays(date: { year: number; month: number; day: number }, days: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Parses "HH:MM" into minutes after midnight. */
export function parseClockTime(text: string): { hour: number; minute: number } {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59) {
    throw opsError('CONFIG_INVALID', `"${text}" is not a time of day.`, { hint: 'Write times as HH:MM, e.g. 09:00.' });
  }
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Parses "YYYY-MM-DD" into a calendar date. */
export function parseDate(text: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) throw opsError('CONFIG_INVALID', `"${text}" is not a date.`, { hint: 'Write dates as YYYY-MM-DD.' });
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** True when the local time at `instant` falls in the daily window [from, to) (windows may wrap midnight). */
export function inDailyWindow(instant: number, timeZone: string, window: { from: string; to: string }): boolean {
  const l = toLocal(instant, timeZone);
  const minutes = l.hour * 60 + l.minute;
  const from = parseClockTime(window.from);
  const to = parseClockTime(window.to);
  const start = from.hour * 60 + from.minute;
  const end = to.hour * 60 + to.minute;
  if (start === end) return true;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** The next instant at or after `instant` when the daily window [from, to) ends, in local time. */
export function dailyWindowEnd(instant: number, timeZone: string, window: { from: string; to: string }): number {
  const l = toLocal(instant, timeZone);
  const to = parseClockTime(window.to);
  for (let d = 0; d <= 2; d++) {
    const candidate = fromLocal({ ...addDays(l, d), hour: to.hour, minute: to.minute }, timeZone);
    if (candidate > instant) return candidate;
  }
  return instant;
}
