import { describe, expect, it } from 'vitest';
import { defaultDayObs, nightSpanUtcMs, normalizeDayObs } from '../../../src-main/report';

// The demo site (Teide, resources/demo/sites.json): east-positive longitude.
const TEIDE_LON_DEG = -16.51172;
// Local mean noon there is 12:00 UT − longitude/15 h = 13:06:02.8 UT (longitude 16.51172° W = 1.100781 h).
const TEIDE_NOON_OFFSET_MS = 1.1007813333 * 3_600_000;

describe('night span (DAY-OBS → local mean noon to noon)', () => {
  it('starts at local mean noon of DAY-OBS and lasts 24 h (±1 ms)', () => {
    const span = nightSpanUtcMs('2026-11-21', TEIDE_LON_DEG);
    expect(Math.abs(span.fromUtcMs - (Date.parse('2026-11-21T12:00:00Z') + TEIDE_NOON_OFFSET_MS))).toBeLessThan(1);
    expect(span.toUtcMs - span.fromUtcMs).toBe(86_400_000);
    // East of Greenwich noon comes earlier: 150° E → 02:00 UT.
    expect(nightSpanUtcMs('2026-11-21', 150).fromUtcMs).toBe(Date.parse('2026-11-21T02:00:00Z'));
  });

  it('defaults to the night in progress, and to last night until 16:00 local mean time', () => {
    // 21:30 UT = 20:24 local mean: tonight.
    expect(defaultDayObs(Date.parse('2026-11-21T21:30:00Z'), TEIDE_LON_DEG)).toBe('2026-11-21');
    // 03:00 UT next morning: still that night.
    expect(defaultDayObs(Date.parse('2026-11-22T03:00:00Z'), TEIDE_LON_DEG)).toBe('2026-11-21');
    // 16:30 UT = 15:24 local mean: last night still.
    expect(defaultDayObs(Date.parse('2026-11-22T16:30:00Z'), TEIDE_LON_DEG)).toBe('2026-11-21');
    // 17:30 UT = 16:24 local mean: the coming night.
    expect(defaultDayObs(Date.parse('2026-11-22T17:30:00Z'), TEIDE_LON_DEG)).toBe('2026-11-22');
  });

  it('normalizes YYYYMMDD and refuses impossible dates', () => {
    expect(normalizeDayObs('20261121')).toBe('2026-11-21');
    expect(normalizeDayObs(' 2026-11-21 ')).toBe('2026-11-21');
    expect(normalizeDayObs('2026-02-30')).toBeNull();
    expect(normalizeDayObs('2026-13-01')).toBeNull();
    expect(normalizeDayObs('yesterday')).toBeNull();
  });
});
