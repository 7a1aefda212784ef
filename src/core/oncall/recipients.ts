/**
 * Turns a level's targets (people and schedules) into the people to notify
 * now, and decides when each may be notified given their quiet hours.
 */
import type { AlertSeverity } from '../alerts/alert.js';
import type { Recipient } from '../notify/notifier.js';
import type { OncallConfig, Person, Target } from './config.js';
import { onCallAt } from './schedule.js';
import { dailyWindowEnd, inDailyWindow } from '../time/zoned-time.js';

/** People to notify for the targets at `at` (deduplicated, in order). */
export function resolveTargets(targets: readonly Target[], config: OncallConfig, at: number): Person[] {
  const ids: string[] = [];
  for (const t of targets) {
    if ('user' in t) ids.push(t.user);
    else {
      const schedule = config.schedules.find((s) => s.name === t.schedule);
      const shift = schedule === undefined ? undefined : onCallAt(schedule, at);
      if (shift !== undefined) ids.push(shift.user);
    }
  }
  return [...new Set(ids)].map((id) => config.people.find((p) => p.id === id)).filter((p): p is Person => p !== undefined);
}

/** When a person may be notified: now, or the end of their quiet hours for quiet severities. */
export function deliveryTime(person: Person, severity: AlertSeverity, config: OncallConfig, now: number): number {
  if (person.quietHours === undefined || !config.quietSeverities.includes(severity)) return now;
  return inDailyWindow(now, person.timeZone, person.quietHours) ? dailyWindowEnd(now, person.timeZone, person.quietHours) : now;
}

/** The notifier's view of a person. */
export function toRecipient(person: Person): Recipient {
  return { personId: person.id, name: person.name, timeZone: person.timeZone, contacts: person.contacts };
}
