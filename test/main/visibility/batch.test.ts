/**
 * The batch path must agree with the exact per-target engine (src-shared/astro), which is itself
 * tested against astropy: altitudes to 0.05″, hour angles to 0.01 s, intervals to 1 s.
 */
import { describe, expect, it } from 'vitest';
import { constraintIntervals, frameAt, prepareTarget, type IcrsPlace, type Interval, type TelescopeLimits } from '../../../src-shared/astro';
import { batchPositions, prepareSiderealBatch, telescopeVisibility } from '../../../src-main/visibility';

const CTIO = { latitudeDeg: -30.1673, longitudeDeg: -70.8047, elevationM: 2198 };
const start = Date.UTC(2022, 6, 15, 22);

/** Deterministic spread of stars over the sky, with some proper motion and parallax. */
function places(n: number): IcrsPlace[] {
  return Array.from({ length: n }, (_, i) => ({
    raDeg: (i * 137.508) % 360,
    decDeg: (Math.asin(((2 * i + 1) / n - 1) * 0.999) * 180) / Math.PI,
    properMotionRaMasPerYr: (i % 7) * 100 - 300,
    properMotionDecMasPerYr: (i % 5) * 200 - 400,
    parallaxMas: i % 3 === 0 ? 300 : 0,
  }));
}

describe('batch positions', () => {
  it('matches the exact engine to 0.05″ in altitude and 0.01 s in hour angle', () => {
    const list = places(200);
    const grid = { startMs: start, stepMs: 60_000, steps: 600 };
    const batch = prepareSiderealBatch(list, CTIO, start + 5 * 3_600_000);
    const r = batchPositions(CTIO, batch, grid, { hourAngle: true });
    let worstAlt = 0;
    let worstHa = 0;
    const prepared = list.map((p) => prepareTarget({ type: 'ICRS', ...p }));
    for (let s = 0; s < grid.steps; s += 37) {
      const f = frameAt(CTIO, grid.startMs + s * grid.stepMs);
      prepared.forEach((t, i) => {
        const p = t.positionIn(f);
        worstAlt = Math.max(worstAlt, Math.abs((r.altitudeDeg[s * r.count + i] as number) - p.altitudeDeg) * 3600);
        if (Math.abs(p.decOfDateDeg) < 89) worstHa = Math.max(worstHa, Math.abs((r.hourAngleHours?.[s * r.count + i] as number) - p.hourAngleHours) * 3600);
      });
    }
    console.log(`batch vs exact: worst altitude ${worstAlt.toFixed(4)}″, worst HA ${worstHa.toFixed(4)} s`);
    expect(worstAlt).toBeLessThan(0.05);
    expect(worstHa).toBeLessThan(0.01);
  });
});

describe('telescopeVisibility', () => {
  it('gives the same intervals as the shared single-target engine', () => {
    const tel: TelescopeLimits = { site: CTIO, horizonDeg: 15, haLimitNegHours: -4.6, haLimitPosHours: 4.6, zenithBlindSpotDeg: 3 };
    const list = places(24);
    const constraints = { maxAirmass: 2, minLunarDistanceDeg: 0, maxLunarPhase: 1 };
    const requests = list.map((p, i) => ({ id: `r${i}`, target: { type: 'ICRS' as const, ...p }, constraints }));
    // One request with moon constraints takes the exact path.
    requests.push({ id: 'moon', target: { type: 'ICRS', ...list[3]! }, constraints: { ...constraints, minLunarDistanceDeg: 30 } });
    const end = start + 36 * 3_600_000; // crosses two UTC midnights and two nights
    const got = telescopeVisibility(tel, requests, start, end);
    let compared = 0;
    got.forEach((g, k) => {
      const r = requests[k]!;
      const exact = constraintIntervals(tel, r.target, r.constraints, start, end).observable;
      expect(g.intervals.length).toBe(exact.length);
      g.intervals.forEach((i, j) => {
        const e = exact[j] as Interval;
        expect(Math.abs(i.startMs - e.startMs)).toBeLessThan(1000);
        expect(Math.abs(i.endMs - e.endMs)).toBeLessThan(1000);
        compared++;
      });
    });
    expect(compared).toBeGreaterThan(10);
  });
});
