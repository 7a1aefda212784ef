/**
 * Change freezes: weekly windows in a time zone (e.g. Fridays 16:00–23:59
 * Europe/Berlin) or absolute periods; a command in one is rejected unless forced.
 */
import { opsError } from '../../errors.js';
import type { Guard } from './guard.js';
import type { FreezeWindow } from './guards-config.js';
import { WEEKDAYS } from './guards-config.js';
import { parseClockTime, toLocal } from '../../time/zoned-time.js';

/** True when `now` falls in the window (a weekly window whose end is before its start runs past midnight). */
export function inFreezeWindow(window: FreezeWindow, now: number): boolean {
  if (window.from !== undefined && window.to !== undefined) {
    return now >= Date.parse(window.from) && now < Date.parse(window.to);
  }
  if (window.start === undefined || window.end === undefined) return false;
  const local = toLocal(now, window.timeZone);
  // toLocal counts weekdays from Sunday; WEEKDAYS starts on Monday.
  const weekday = WEEKDAYS[(local.weekday + 6) % 7] as (typeof WEEKDAYS)[number];
  const minutes = local.hour * 60 + local.minute;
  const minutesOf = (hhmm: string): number => {
    const { hour, minute } = parseClockTime(hhmm);
    return hour * 60 + minute;
  };
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const days = window.days ?? [...WEEKDAYS];
  if (start <= end) return days.includes(weekday) && minutes >= start && minutes < end;
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(weekday) + 6) % 7] as (typeof WEEKDAYS)[number];
  return (days.includes(weekday) && minutes >= start) || (days.includes(yesterday) && minutes < end);
}

/** Rejects commands inside an applicable freeze window unless exempt or forced where allowed. */
export const freezeWindowGuard: Guard = {
  name: 'freeze-window',
  check({ command, target, config, now }) {
    for (const window of config.freezeWindows) {
      if (window.exempt.includes(command.kind)) continue;
      if (window.tenants !== undefined && !window.tenants.includes(target.service.tenant)) continue;
      if (!inFreezeWindow(window, now)) continue;
      if (command.force === true && window.allowForce) continue;
      throw opsError('GUARD_REJECTED', `Changes are frozen now (${window.name}).`, {
        hint: window.allowForce ? 'Wait for the freeze to end, or use --force with a reason if this is an emergency.' : 'Wait for the freeze to end.',
        details: { guard: 'freeze-window', window: window.name },
      });
    }
  },
};
