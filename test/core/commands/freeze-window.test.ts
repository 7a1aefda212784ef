/** Freeze windows follow local wall-clock time in their zone, across DST changes, overnight spans and absolute periods. */
import { describe, expect, it } from 'vitest';
import { freezeWindowSchema, inFreezeWindow } from '../../../src/core/commands/index.js';

const weekly = (timeZone: string, days: string[], start: string, end: string) => freezeWindowSchema.parse({ name: 'w', timeZone, days, start, end });

describe('freeze windows', () => {
  const CASES: [string, ReturnType<typeof weekly>, string, boolean][] = [
    ['Berlin Mon 09–10, before DST (CET): 08:30Z is 09:30 local', weekly('Europe/Berlin', ['mon'], '09:00', '10:00'), '2026-03-23T08:30:00Z', true],
    ['Berlin Mon 09–10, after DST (CEST): 08:30Z is 10:30 local', weekly('Europe/Berlin', ['mon'], '09:00', '10:00'), '2026-03-30T08:30:00Z', false],
    ['Berlin Mon 09–10, after DST (CEST): 07:30Z is 09:30 local', weekly('Europe/Berlin', ['mon'], '09:00', '10:00'), '2026-03-30T07:30:00Z', true],
    ['New York Mon 09–10, before DST (EST): 14:30Z is 09:30 local', weekly('America/New_York', ['mon'], '09:00', '10:00'), '2026-03-02T14:30:00Z', true],
    ['New York Mon 09–10, after DST (EDT): 14:30Z is 10:30 local', weekly('America/New_York', ['mon'], '09:00', '10:00'), '2026-03-09T14:30:00Z', false],
    ['New York Mon 09–10, after DST (EDT): 13:30Z is 09:30 local', weekly('America/New_York', ['mon'], '09:00', '10:00'), '2026-03-09T13:30:00Z', true],
    ['overnight Fri 22:00–06:00 UTC covers Sat 05:59', weekly('UTC', ['fri'], '22:00', '06:00'), '2026-03-07T05:59:00Z', true],
    ['overnight Fri 22:00–06:00 UTC does not cover Sat 06:00', weekly('UTC', ['fri'], '22:00', '06:00'), '2026-03-07T06:00:00Z', false],
    ['overnight Fri 22:00–06:00 UTC does not cover Thu 23:00', weekly('UTC', ['fri'], '22:00', '06:00'), '2026-03-05T23:00:00Z', false],
  ];
  it.each(CASES)('%s → %s', (_name, window, at, expected) => {
    expect(inFreezeWindow(window, Date.parse(at))).toBe(expected);
  });

  it('absolute windows include their start and exclude their end', () => {
    const w = freezeWindowSchema.parse({ name: 'release', from: '2026-12-24T00:00:00+01:00', to: '2026-12-27T00:00:00+01:00' });
    expect(inFreezeWindow(w, Date.parse('2026-12-23T23:00:00Z'))).toBe(true);
    expect(inFreezeWindow(w, Date.parse('2026-12-26T23:00:00Z'))).toBe(false);
  });

  it('rejects a window with neither weekly nor absolute bounds', () => {
    expect(freezeWindowSchema.safeParse({ name: 'x', start: '10:00' }).success).toBe(false);
  });
});
