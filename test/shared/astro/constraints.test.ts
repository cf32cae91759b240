/**
 * Constraint → interval edge cases. Expected values come from geometry (spherical astronomy),
 * not from the code under test: circumpolar/never-rising follow from declination and latitude,
 * polar day/night from the solstice declination, edges from the defining altitudes.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONSTRAINTS,
  constraintIntervals,
  darkIntervals,
  frameAt,
  intersect,
  normalize,
  requestVisibility,
  targetPosition,
  totalMs,
  union,
  type GeoSite,
  type IcrsTarget,
  type Interval,
  type TelescopeLimits,
} from '../../../src-shared/astro';

const HOUR = 3_600_000;
const CTIO: GeoSite = { latitudeDeg: -30.1673, longitudeDeg: -70.8047, elevationM: 2198 };
const telescope = (site: GeoSite, extra: Partial<TelescopeLimits> = {}): TelescopeLimits => ({
  site,
  horizonDeg: 15,
  haLimitNegHours: -12,
  haLimitPosHours: 12,
  zenithBlindSpotDeg: 0,
  ...extra,
});
const loose = { maxAirmass: 25, minLunarDistanceDeg: 0, maxLunarPhase: 1 };
const t0 = Date.UTC(2022, 0, 15, 18); // local afternoon at CTIO
const t1 = t0 + 24 * HOUR;

describe('circumpolar and never rising', () => {
  it('a star 1° from the south pole is above the horizon all day at CTIO; Polaris never rises', () => {
    const sigmaOct: IcrsTarget = { type: 'ICRS', raDeg: 317.195, decDeg: -88.956 };
    const polaris: IcrsTarget = { type: 'ICRS', raDeg: 37.955, decDeg: 89.264 };
    const up = constraintIntervals(telescope(CTIO), sigmaOct, loose, t0, t1);
    expect(up.aboveHorizon).toEqual([{ startMs: t0, endMs: t1 }]);
    expect(up.observable).toEqual(up.dark);
    const never = constraintIntervals(telescope(CTIO), polaris, loose, t0, t1);
    expect(never.aboveHorizon).toEqual([]);
    expect(never.observable).toEqual([]);
  });
});

describe('polar day and polar night', () => {
  const southPole: GeoSite = { latitudeDeg: -89.99, longitudeDeg: 0, elevationM: 2835 };
  it('no dark time at the South Pole in December, all dark in June', () => {
    const dec = Date.UTC(2022, 11, 21);
    const jun = Date.UTC(2022, 5, 21);
    expect(darkIntervals(southPole, dec, dec + 24 * HOUR)).toEqual([]);
    expect(darkIntervals(southPole, jun, jun + 24 * HOUR)).toEqual([{ startMs: jun, endMs: jun + 24 * HOUR }]);
  });
});

describe('windows', () => {
  it('results do not depend on where a window is split (local midnight, UTC midnight)', () => {
    const target: IcrsTarget = { type: 'ICRS', raDeg: 83.8, decDeg: -5.4 };
    const tel = telescope(CTIO, { haLimitNegHours: -4.6, haLimitPosHours: 4.6 });
    const whole = constraintIntervals(tel, target, DEFAULT_CONSTRAINTS, t0, t1).observable;
    const utcMidnight = Date.UTC(2022, 0, 16);
    const localMidnight = utcMidnight + 4.72 * HOUR;
    for (const cut of [utcMidnight, localMidnight]) {
      const a = constraintIntervals(tel, target, DEFAULT_CONSTRAINTS, t0, cut).observable;
      const b = constraintIntervals(tel, target, DEFAULT_CONSTRAINTS, cut, t1).observable;
      const joined = union(a, b);
      expect(joined.length).toBe(whole.length);
      joined.forEach((i, k) => {
        const w = whole[k] as Interval;
        expect(Math.abs(i.startMs - w.startMs)).toBeLessThan(1000);
        expect(Math.abs(i.endMs - w.endMs)).toBeLessThan(1000);
      });
    }
    expect(whole.length).toBeGreaterThan(0);
  });
  it('observable intervals lie inside dark ∩ up and their edges sit on the defining altitudes', () => {
    const target: IcrsTarget = { type: 'ICRS', raDeg: 83.8, decDeg: -5.4 };
    const c = constraintIntervals(telescope(CTIO), target, DEFAULT_CONSTRAINTS, t0, t1);
    expect(intersect(c.observable, intersect(c.dark, c.aboveHorizon))).toEqual(c.observable);
    const cut = 38.6821874; // asin(1/1.6)
    for (const i of c.aboveHorizon) {
      for (const t of [i.startMs, i.endMs]) {
        if (t === t0 || t === t1) continue;
        expect(Math.abs(targetPosition(target, CTIO, t).altitudeDeg - cut)).toBeLessThan(0.005); // ≤ 1 s of motion
      }
    }
  });
});

describe('hour-angle limits and the zenith blind spot', () => {
  it('HA limits cut a long polar night in two around lower culmination', () => {
    const north: GeoSite = { latitudeDeg: 69.6, longitudeDeg: 19.2, elevationM: 100 };
    const start = Date.UTC(2022, 11, 21, 11);
    const end = start + 24 * HOUR;
    const localMidnight = Date.UTC(2022, 11, 20, 22, 43) + 24 * HOUR; // 24 h − 19.2°/15 h
    // RA placing the target at HA = 12 h (lower culmination) at local midnight.
    const raDeg = (frameAt(north, localMidnight).lastDeg + 180) % 360;
    const target: IcrsTarget = { type: 'ICRS', raDeg, decDeg: 80 };
    const c = constraintIntervals(telescope(north, { haLimitNegHours: -4.6, haLimitPosHours: 4.6 }), target, { ...loose, maxAirmass: 3 }, start, end);
    expect(c.aboveHorizon).toEqual([{ startMs: start, endMs: end }]);
    expect(c.observable.length).toBe(2);
    const gap = ((c.observable[1] as Interval).startMs - (c.observable[0] as Interval).endMs) / HOUR;
    // Forbidden HA arc is 24 − 9.2 = 14.8 sidereal hours = 14.76 solar hours.
    expect(Math.abs(gap - 14.8 / 1.0027379)).toBeLessThan(0.01);
  });

  it('a zenith blind spot splits a zenith-passing target at transit', () => {
    const start = Date.UTC(2022, 0, 16, 0);
    const end = start + 10 * HOUR;
    const mid = start + 4 * HOUR;
    const raDeg = frameAt(CTIO, mid).lastDeg; // transit at `mid` (to ~1′)
    const target: IcrsTarget = { type: 'ICRS', raDeg, decDeg: CTIO.latitudeDeg };
    const c = constraintIntervals(telescope(CTIO, { zenithBlindSpotDeg: 2 }), target, loose, start, end);
    expect(c.zenithBlindSpot.length).toBe(2);
    const edge = (c.zenithBlindSpot[0] as Interval).endMs;
    expect(Math.abs(targetPosition(target, CTIO, edge).altitudeDeg - 88)).toBeLessThan(0.005);
    // Crossing 4° of sky near the zenith at 15°/h·cos δ takes ~18.5 min.
    const gapMin = ((c.zenithBlindSpot[1] as Interval).startMs - edge) / 60_000;
    expect(gapMin).toBeGreaterThan(15);
    expect(gapMin).toBeLessThan(22);
  });
});

describe('moon constraints and the request validator', () => {
  it('moon distance and phase limits remove time, and an unobservable request yields null', () => {
    const target: IcrsTarget = { type: 'ICRS', raDeg: 83.8, decDeg: -5.4 };
    const full = constraintIntervals(telescope(CTIO), target, loose, t0, t1);
    // 2022-01-17 is full moon; the Moon is near this RA → a 90° limit must cut time away.
    const moony = constraintIntervals(telescope(CTIO), target, { ...loose, minLunarDistanceDeg: 90 }, t0, t1);
    expect(totalMs(moony.observable)).toBeLessThan(totalMs(full.observable));
    const dark = constraintIntervals(telescope(CTIO), target, { ...loose, maxLunarPhase: 0.5 }, t0, t1);
    expect(totalMs(dark.observable)).toBeLessThan(totalMs(full.observable));

    const input = {
      pointings: [{ target, constraints: DEFAULT_CONSTRAINTS }],
      windows: [{ startMs: t0, endMs: t1 }],
      telescopes: [{ id: '1m0a.doma.lsc', limits: telescope(CTIO) }],
      nowMs: null,
    };
    const ok = requestVisibility(input);
    expect(ok.largest?.telescopeId).toBe('1m0a.doma.lsc');
    expect(ok.largest?.durationMs).toBeGreaterThan(HOUR);
    const never = requestVisibility({ ...input, pointings: [{ target: { type: 'ICRS', raDeg: 37.9, decDeg: 89.2 }, constraints: DEFAULT_CONSTRAINTS }] });
    expect(never.largest).toBeNull();
    // Intervals already started are truncated at now.
    const first = normalize(ok.perTelescope['1m0a.doma.lsc'] ?? [])[0] as Interval;
    const now = first.startMs + 600_000;
    const later = requestVisibility({ ...input, nowMs: now });
    expect(normalize(later.perTelescope['1m0a.doma.lsc'] ?? [])[0]?.startMs).toBe(now);
  });
});
