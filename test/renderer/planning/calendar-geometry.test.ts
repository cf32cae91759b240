/**
 * Semester calendar helpers. Expected values by hand: 2026B (2026-08-01 … 2027-02-01) has
 * 31+30+31+30+31+31 = 184 nights; the first night's `startMs` must make "local noon before it" fall
 * on 1 Aug at any longitude; the Moon's terminator half-width is r·|2f − 1|.
 */
import { describe, expect, it } from 'vitest';
import { localNoonBeforeMs } from '../../../src-shared/astro';
import { currentSemester, formatHours, hoursOpacity, monthStarts, moonLitPath, moonMarks, semesterRequest } from '../../../src-renderer/features/planning/calendar-geometry';
import { pickedNight } from '../../../src-renderer/features/planning/planning-store';

const B26 = { id: '2026B', startMs: Date.UTC(2026, 7, 1), endMs: Date.UTC(2027, 1, 1) };
const A26 = { id: '2026A', startMs: Date.UTC(2026, 1, 1), endMs: Date.UTC(2026, 7, 1) };

describe('calendar geometry', () => {
  it('covers a semester with one night per date, starting on its first local date everywhere', () => {
    const r = semesterRequest(B26);
    expect(r.nights).toBe(184);
    for (const lon of [-179, -70.8, -16.5, 0, 20.8, 149.1, 179]) {
      const noon = localNoonBeforeMs(lon, r.startMs);
      // Local mean noon of 1 Aug: 12 h − lon/15 h UTC on that date (within the UTC day ± 12 h).
      expect(noon).toBeCloseTo(Date.UTC(2026, 7, 1, 12) - (lon / 15) * 3_600_000, -3);
    }
  });

  it('picks the semester containing now, else the next, else the last', () => {
    expect(currentSemester([A26, B26], Date.UTC(2026, 10, 21))?.id).toBe('2026B');
    expect(currentSemester([B26, A26], Date.UTC(2025, 0, 1))?.id).toBe('2026A');
    expect(currentSemester([A26, B26], Date.UTC(2030, 0, 1))?.id).toBe('2026B');
    expect(currentSemester([], 0)).toBeNull();
  });

  it('labels month starts once per month', () => {
    const noons = Array.from({ length: 61 }, (_, i) => Date.UTC(2026, 7, 1, 13) + i * 86_400_000);
    expect(monthStarts(noons, 'UTC')).toEqual([
      { index: 0, label: 'Aug 2026' },
      { index: 31, label: 'Sep' },
    ]);
  });

  it('shades hours monotonically, none distinct from a little', () => {
    expect(hoursOpacity(0)).toBe(0);
    expect(hoursOpacity(0.1)).toBeGreaterThan(0.15);
    expect(hoursOpacity(5)).toBeLessThan(hoursOpacity(8));
    expect(hoursOpacity(14)).toBe(1);
    expect(formatHours(7.0833)).toBe('7 h 05 m');
    expect(formatHours(0.7)).toBe('42 m');
    expect(formatHours(0)).toBe('—');
  });

  it('draws the lit Moon: right side while waxing, terminator width r·|2f − 1|', () => {
    expect(moonLitPath(10, 10, 5, 0, true)).toBe('');
    // First quarter: straight terminator (rx 0), limb through the right (sweep 1).
    expect(moonLitPath(10, 10, 5, 0.5, true)).toBe('M 10.00 5.00 A 5 5 0 0 1 10.00 15.00 A 0.00 5 0 0 1 10.00 5.00 Z');
    // Waning crescent 25 %: limb through the left, terminator bulging left (rx 2.5).
    expect(moonLitPath(10, 10, 5, 0.25, false)).toBe('M 10.00 5.00 A 5 5 0 0 0 10.00 15.00 A 2.50 5 0 0 1 10.00 5.00 Z');
  });

  it('marks new, quarters and full from the fractions, and picks the chart span of a night', () => {
    // Synthetic lunation sampled daily: f = (1 − cos(2π d / 29.53)) / 2, new at d = 0 and 29.53.
    const f = Array.from({ length: 40 }, (_, d) => (1 - Math.cos((2 * Math.PI * (d - 3)) / 29.53)) / 2);
    const marks = moonMarks(f);
    expect(marks.map((m) => m.kind)).toEqual(['new', 'first', 'full', 'last', 'new']);
    expect(marks[0]!.index).toBe(3);
    expect(marks[2]!.index).toBe(18);
    const hour = 3_600_000;
    expect(pickedNight({ noonMs: 0, sunsetMs: 7 * hour, sunriseMs: 19 * hour })).toEqual({ noonMs: 0, startMs: 6 * hour, endMs: 20 * hour });
    expect(pickedNight({ noonMs: 0, sunsetMs: null, sunriseMs: null })).toEqual({ noonMs: 0, startMs: 0, endMs: 24 * hour });
  });
});
