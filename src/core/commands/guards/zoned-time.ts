/** Wall-clock weekday and minute of day in an IANA time zone, for freeze windows (DST-correct via Intl). */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local weekday (mon…sun) and minutes since local midnight of `epochMs` in `timeZone`. */
export function zonedTime(epochMs: number, timeZone: string): { weekday: string; minutes: number } {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const weekday = String(parts['weekday']).slice(0, 3).toLowerCase();
  return { weekday, minutes: Number(parts['hour']) * 60 + Number(parts['minute']) };
}

/** Parses "HH:MM" to minutes since midnight. */
export function parseHhmm(value: string): number {
  const [h, m] = value.split(':');
  return Number(h) * 60 + Number(m);
}
