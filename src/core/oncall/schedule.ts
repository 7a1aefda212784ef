/**
 * Who is on call at an instant: rotation layers with a local handoff time
 * (DST-safe: every shift boundary is a real instant computed from wall time),
 * higher layers over lower ones, overrides over everything.
 */
import type { Schedule } from './config.js';
import { addDays, daysBetween, fromLocal, inDailyWindow, parseClockTime, parseDate, toLocal } from '../time/zoned-time.js';

/** The answer to "who is on call": the person and the shift that put them there. */
export interface OnCallShift {
  schedule: string;
  user: string;
  /** Layer name, or "override". */
  source: string;
  /** Epoch ms the shift began and will end (the rotation's handoffs, or the override's bounds). */
  start: number;
  end: number;
}

type Layer = Schedule['layers'][number];

/** The shift of one rotation layer covering `at`, ignoring restrictions; undefined before the layer starts. */
export function layerShiftAt(layer: Layer, timeZone: string, at: number): { user: string; start: number; end: number; index: number } | undefined {
  const handoff = parseClockTime(layer.handoff);
  const start = parseDate(layer.start);
  const local = toLocal(at, timeZone);
  const boundaryToday = fromLocal({ ...local, hour: handoff.hour, minute: handoff.minute }, timeZone);
  const shiftDate = at >= boundaryToday ? local : addDays(local, -1);
  const days = daysBetween(start, shiftDate);
  if (days < 0) return undefined;
  const index = Math.floor(days / layer.rotationDays);
  const user = layer.users[index % layer.users.length];
  if (user === undefined) return undefined;
  const boundary = (n: number): number => fromLocal({ ...addDays(start, n * layer.rotationDays), ...handoff }, timeZone);
  return { user, start: boundary(index), end: boundary(index + 1), index };
}

function layerCovers(layer: Layer, timeZone: string, at: number): boolean {
  const r = layer.restrict;
  if (r === undefined) return true;
  if (r.weekdays !== undefined && !r.weekdays.includes(toLocal(at, timeZone).weekday)) return false;
  return inDailyWindow(at, timeZone, r);
}

/** Resolves the person on call for `schedule` at `at` (undefined when nobody is). */
export function onCallAt(schedule: Schedule, at: number): OnCallShift | undefined {
  for (let i = schedule.overrides.length - 1; i >= 0; i--) {
    const o = schedule.overrides[i];
    if (o === undefined) continue;
    const from = Date.parse(o.from);
    const to = Date.parse(o.to);
    if (at >= from && at < to) return { schedule: schedule.name, user: o.user, source: 'override', start: from, end: to };
  }
  for (let i = schedule.layers.length - 1; i >= 0; i--) {
    const layer = schedule.layers[i];
    if (layer === undefined || !layerCovers(layer, schedule.timeZone, at)) continue;
    const shift = layerShiftAt(layer, schedule.timeZone, at);
    if (shift !== undefined) return { schedule: schedule.name, user: shift.user, source: layer.name, start: shift.start, end: shift.end };
  }
  return undefined;
}

/** The successive rotation shifts of a layer overlapping [from, to), for previews and DST checks. */
export function layerShiftsBetween(layer: Layer, timeZone: string, from: number, to: number): { user: string; start: number; end: number }[] {
  const out: { user: string; start: number; end: number }[] = [];
  let at = from;
  for (let guard = 0; at < to && guard < 10_000; guard++) {
    const shift = layerShiftAt(layer, timeZone, at);
    if (shift === undefined) break;
    out.push({ user: shift.user, start: shift.start, end: shift.end });
    at = shift.end;
  }
  return out;
}
