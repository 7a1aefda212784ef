/**
 * Durations and ages every face shares: typed durations parse with units (or
 * fail clearly), ages are compact, and the dashboard reads a bare number as minutes.
 */
import { describe, expect, it } from 'vitest';
import { formatAge, parseDuration } from '../../../src/core/time/duration.js';
import { parseDuration as parseTypedDuration } from '../../../src/tui/format.js';

describe('durations and ages', () => {
  it('parses units and combinations, and refuses text that is not a duration', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(() => parseDuration('soon')).toThrow(/is not a duration/);
  });

  it('formats ages compactly, switching to days after 47 hours', () => {
    expect([formatAge(5_400), formatAge(180_000), formatAge(47 * 3_600_000), formatAge(49 * 3_600_000)]).toEqual(['5s', '3m', '47h', '2d']);
  });

  it('in the dashboard, takes a bare number as minutes and rejects zero and nonsense', () => {
    expect(parseTypedDuration('30')).toBe(1_800_000);
    expect(parseTypedDuration('1h30m')).toBe(5_400_000);
    expect(parseTypedDuration('0m')).toBeUndefined();
    expect(parseTypedDuration('later')).toBeUndefined();
  });
});
