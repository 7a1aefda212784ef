/**
 * Rotations across DST in two zones: every shift ends exactly where the next
 * begins (no gap), no one gets a shift twice (no double shift), handoffs stay
 * at the local wall time, and onCallAt agrees with the shift list minute by minute.
 */
import { describe, expect, it } from 'vitest';
import { oncallConfigSchema } from '../../../src/core/oncall/config.js';
import { layerShiftsBetween, onCallAt } from '../../../src/core/oncall/schedule.js';
import { fromLocal, toLocal } from '../../../src/core/time/zoned-time.js';

const HOUR = 3_600_000;

function scheduleFor(timeZone: string, handoff: string) {
  const cfg = oncallConfigSchema.parse({
    people: ['a', 'b', 'c'].map((id) => ({ id, name: id.toUpperCase(), timeZone })),
    schedules: [{ name: 'ops', timeZone, layers: [{ name: 'daily', users: ['a', 'b', 'c'], start: '2026-01-01', handoff, rotationDays: 1 }] }],
  });
  const schedule = cfg.schedules[0];
  if (schedule === undefined) throw new Error('no schedule');
  return schedule;
}

const cases = [
  { zone: 'America/New_York', spring: '2026-03-08', fall: '2026-11-01' },
  { zone: 'Europe/Berlin', spring: '2026-03-29', fall: '2026-10-25' },
];

describe.each(cases)('daily rotation in $zone', ({ zone, spring, fall }) => {
  for (const [label, day] of [['spring-forward', spring], ['fall-back', fall]] as const) {
    for (const handoff of ['09:00', '02:30']) {
      it(`${label} with handoff ${handoff}: contiguous shifts, each person once in turn, onCallAt agrees every minute`, () => {
        const schedule = scheduleFor(zone, handoff);
        const layer = schedule.layers[0];
        if (layer === undefined) throw new Error('no layer');
        const from = Date.parse(`${day}T00:00:00Z`) - 3 * 24 * HOUR;
        const to = from + 7 * 24 * HOUR;
        const shifts = layerShiftsBetween(layer, zone, from, to);
        expect(shifts.length).toBeGreaterThanOrEqual(7);
        for (let i = 1; i < shifts.length; i++) {
          const prev = shifts[i - 1];
          const cur = shifts[i];
          if (prev === undefined || cur === undefined) throw new Error('gap in list');
          expect(cur.start).toBe(prev.end);
          expect(cur.end).toBeGreaterThan(cur.start);
          const order = ['a', 'b', 'c'];
          expect(order.indexOf(cur.user)).toBe((order.indexOf(prev.user) + 1) % 3);
        }
        const durations = shifts.map((s) => (s.end - s.start) / HOUR);
        expect(durations.every((d) => d === 24 || d === 23 || d === 25)).toBe(true);
        expect(durations.filter((d) => d !== 24)).toHaveLength(1);
        for (const s of shifts) {
          const local = toLocal(s.start, zone);
          if (handoff === '09:00') expect([local.hour, local.minute]).toEqual([9, 0]);
        }
        for (let t = shifts[0]?.start ?? from; t < (shifts.at(-1)?.end ?? to); t += 60_000) {
          const expected = shifts.find((s) => t >= s.start && t < s.end)?.user;
          expect(onCallAt(schedule, t)?.user).toBe(expected);
        }
      });
    }
  }

  it('maps a skipped local time forward and a repeated one to its first occurrence', () => {
    const [y, m, d] = spring.split('-').map(Number) as [number, number, number];
    const skipped = fromLocal({ year: y, month: m, day: d, hour: 2, minute: 30 }, zone);
    expect([toLocal(skipped, zone).hour, toLocal(skipped, zone).minute]).toEqual([3, 30]);
    const [fy, fm, fd] = fall.split('-').map(Number) as [number, number, number];
    const hour = zone === 'America/New_York' ? 1 : 2;
    const repeated = fromLocal({ year: fy, month: fm, day: fd, hour, minute: 30 }, zone);
    expect(toLocal(repeated - HOUR, zone).hour).toBe(hour - 1);
  });
});

describe('layers and overrides', () => {
  it('an override beats every layer, and a business-hours layer beats the base layer only inside its hours', () => {
    const cfg = oncallConfigSchema.parse({
      people: ['a', 'b', 'c'].map((id) => ({ id, name: id, timeZone: 'Europe/Berlin' })),
      schedules: [
        {
          name: 'ops',
          timeZone: 'Europe/Berlin',
          layers: [
            { name: 'base', users: ['a'], start: '2026-01-01', rotationDays: 7 },
            { name: 'day', users: ['b'], start: '2026-01-01', restrict: { from: '09:00', to: '17:00', weekdays: [1, 2, 3, 4, 5] } },
          ],
          overrides: [{ user: 'c', from: '2026-06-10T10:00:00+02:00', to: '2026-06-10T12:00:00+02:00' }],
        },
      ],
    });
    const s = cfg.schedules[0];
    if (s === undefined) throw new Error('no schedule');
    expect(onCallAt(s, Date.parse('2026-06-10T08:00:00+02:00'))?.user).toBe('a');
    expect(onCallAt(s, Date.parse('2026-06-10T09:30:00+02:00'))?.user).toBe('b');
    expect(onCallAt(s, Date.parse('2026-06-10T11:00:00+02:00'))).toMatchObject({ user: 'c', source: 'override' });
    expect(onCallAt(s, Date.parse('2026-06-13T11:00:00+02:00'))?.user).toBe('a');
  });

  it('rejects config naming unknown people, schedules or time zones', () => {
    const result = oncallConfigSchema.safeParse({
      people: [{ id: 'a', name: 'A', timeZone: 'Mars/Olympus' }],
      schedules: [{ name: 'ops', timeZone: 'UTC', layers: [{ name: 'l', users: ['zed'], start: '2026-01-01' }] }],
      escalationPolicies: [{ name: 'p', levels: [{ notify: [{ schedule: 'nope' }] }] }],
    });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => i.message).join('\n') ?? '';
    expect(messages).toMatch(/time zone/);
  });
});
