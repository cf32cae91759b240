/**
 * The semester calendar's night model against the exact engine (src-shared/astro, itself tested
 * against astropy). Per night, with HA limits, a zenith blind spot, Moon distance and Moon phase
 * limits, at a northern and a southern site, in two seasons: the same number of observable and dark
 * intervals, every edge within 20 s (the model is expected to agree to a few seconds; the e2e
 * requirement is a minute), sunset/sunrise within 20 s, and the Moon's illuminated fraction within
 * 0.002 with the right waxing sense.
 */
import { describe, expect, it } from 'vitest';
import { constraintIntervals, darkIntervals, frameAt, localNoonBeforeMs, moonIllumination, nightEvents, type IcrsPlace, type Interval, type ObservingConstraints, type TelescopeLimits } from '../../../src-shared/astro';
import { nightCalendar } from '../../../src-main/visibility';

const DAY_MS = 86_400_000;
const TFN: TelescopeLimits = { site: { latitudeDeg: 28.30036, longitudeDeg: -16.51172, elevationM: 2390 }, horizonDeg: 15, haLimitNegHours: -4.6, haLimitPosHours: 4.6, zenithBlindSpotDeg: 3 };
const CPT: TelescopeLimits = { site: { latitudeDeg: -32.38, longitudeDeg: 20.81, elevationM: 1804 }, horizonDeg: 15, haLimitNegHours: -12, haLimitPosHours: 12, zenithBlindSpotDeg: 0 };

const TARGETS: IcrsPlace[] = [
  { raDeg: 47.04221, decDeg: 40.9556 }, // Algol: circumpolar-ish at Tenerife, low in the south
  { raDeg: 83.822, decDeg: -5.391 }, // M42
  { raDeg: 279.2347, decDeg: 38.7837 }, // Vega: summer
  { raDeg: 10.6847, decDeg: -72.8 }, // SMC-ish: circumpolar in the south, never up in the north
];

function worstEdgeSec(a: readonly Interval[], b: readonly Interval[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((x, i) => {
    const y = b[i] as Interval;
    worst = Math.max(worst, Math.abs(x.startMs - y.startMs) / 1000, Math.abs(x.endMs - y.endMs) / 1000);
  });
  return worst;
}

describe('nightCalendar (night model) vs the exact engine', () => {
  const cases: [string, TelescopeLimits, ObservingConstraints, number][] = [
    ['Tenerife, Moon distance 30°', TFN, { maxAirmass: 2, minLunarDistanceDeg: 30, maxLunarPhase: 1 }, Date.UTC(2026, 7, 1, 20)],
    ['Tenerife, dark time only', TFN, { maxAirmass: 1.6, minLunarDistanceDeg: 10, maxLunarPhase: 0.4 }, Date.UTC(2026, 11, 10, 20)],
    ['Sutherland, Moon distance 60°', CPT, { maxAirmass: 2.5, minLunarDistanceDeg: 60, maxLunarPhase: 0.7 }, Date.UTC(2026, 10, 20, 20)],
  ];
  for (const [label, tel, constraints, fromMs] of cases) {
    it(`agrees per night: ${label}`, () => {
      const firstNoon = localNoonBeforeMs(tel.site.longitudeDeg, fromMs);
      const nights = 9;
      let worst = 0;
      let observableNights = 0;
      for (const place of TARGETS) {
        const cal = nightCalendar(tel, place, constraints, firstNoon, nights);
        expect(cal.length).toBe(nights);
        // Every third night against the exact engine (each exact night costs ~20 ms).
        for (let i = 0; i < nights; i += 3) {
          const n = cal[i]!;
          expect(n.noonMs).toBe(Math.round(firstNoon + i * DAY_MS));
          const end = n.noonMs + DAY_MS;
          const dark = darkIntervals(tel.site, n.noonMs, end);
          const exact = constraintIntervals(tel, { type: 'ICRS', ...place }, constraints, n.noonMs, end, {}, { dark }).observable;
          worst = Math.max(worst, worstEdgeSec(n.dark, dark), worstEdgeSec(n.observable, exact));
          if (exact.length > 0) observableNights++;
        }
      }
      expect(observableNights).toBeGreaterThanOrEqual(3);
      expect(worst, `worst edge ${worst.toFixed(2)} s`).toBeLessThan(20);
    });
  }

  it('gives sunset, sunrise and the Moon as the exact engine does', () => {
    const firstNoon = localNoonBeforeMs(TFN.site.longitudeDeg, Date.UTC(2026, 7, 1, 20));
    const cal = nightCalendar(TFN, TARGETS[0]!, { maxAirmass: 2, minLunarDistanceDeg: 0, maxLunarPhase: 1 }, firstNoon, 30);
    let worstSec = 0;
    let worstFraction = 0;
    const senses = new Set<boolean>();
    for (const n of cal) {
      const ev = nightEvents(TFN.site, n.noonMs + 1);
      worstSec = Math.max(worstSec, Math.abs(n.sunsetMs! - ev.sunsetMs!) / 1000, Math.abs(n.sunriseMs! - ev.sunriseMs!) / 1000);
      const moon = moonIllumination(frameAt(TFN.site, n.noonMs + DAY_MS / 2));
      worstFraction = Math.max(worstFraction, Math.abs(moon.illuminatedFraction - n.moonIlluminatedFraction));
      // Near new and full Moon the sense flips within hours; judge it away from them.
      if (moon.illuminatedFraction > 0.05 && moon.illuminatedFraction < 0.95) expect(n.moonWaxing).toBe(moon.waxing);
      senses.add(n.moonWaxing);
    }
    expect(worstSec).toBeLessThan(20);
    expect(worstFraction).toBeLessThan(0.002);
    expect(senses.size).toBe(2);
  });

  it('has no night in polar day and no dark in it', () => {
    const polar: TelescopeLimits = { ...CPT, site: { latitudeDeg: 78.2, longitudeDeg: 15.6, elevationM: 500 } };
    const cal = nightCalendar(polar, TARGETS[2]!, { maxAirmass: 3, minLunarDistanceDeg: 0, maxLunarPhase: 1 }, localNoonBeforeMs(15.6, Date.UTC(2026, 5, 21)), 3);
    for (const n of cal) {
      expect(n.sunsetMs).toBeNull();
      expect(n.dark).toEqual([]);
      expect(n.observable).toEqual([]);
    }
  });
});
