import { describe, expect, it } from 'vitest';
import {
  equatorialToHorizontal,
  gmstHours,
  horizontalToEquatorial,
  j2000ToJnow,
  jnowToJ2000,
  lstHours,
  separationDeg,
} from '../../../../src-main/devices/sim/sky-math';

// References: J. Meeus, Astronomical Algorithms (2nd ed.), examples 12.a/12.b, 13.b and 21.b.
const hms = (h: number, m: number, s: number): number => h + m / 60 + s / 3600;
const dms = (sign: number, d: number, m: number, s: number): number => sign * (d + m / 60 + s / 3600);

describe('sky-math', () => {
  it('mean sidereal time matches Meeus 12.a and 12.b within 0.01 s', () => {
    const a = gmstHours(Date.UTC(1987, 3, 10, 0, 0, 0));
    const b = gmstHours(Date.UTC(1987, 3, 10, 19, 21, 0));
    expect(Math.abs(a - hms(13, 10, 46.3668)) * 3600).toBeLessThan(0.01);
    expect(Math.abs(b - hms(8, 34, 57.0896)) * 3600).toBeLessThan(0.01);
  });

  it('precession J2000 → date matches Meeus 21.b (θ Persei) within 0.5″', () => {
    // Meeus applies proper motion first: J2000 position moved by μα=+0.03425 s/yr, μδ=−0.0895″/yr over 28.8671 yr.
    const years = 28.86705;
    const j2000 = { raHours: hms(2, 44, 11.986 + 0.03425 * years), decDeg: dms(1, 49, 13, 42.48 - 0.0895 * years) };
    const utcMs = Date.UTC(2028, 10, 13, 4, 33, 36) - 69_000; // JDE 2462088.69 minus ΔT ≈ 69 s
    const out = j2000ToJnow(j2000, utcMs);
    const expected = { raHours: hms(2, 46, 11.331), decDeg: dms(1, 49, 20, 54.54) };
    expect(separationDeg(out, expected) * 3600).toBeLessThan(0.5);
  });

  it('precession round-trips to 1 mas anywhere on the sky', () => {
    const utcMs = Date.UTC(2031, 5, 1);
    let worst = 0;
    for (let ra = 0; ra < 24; ra += 1.7) {
      for (let dec = -85; dec <= 85; dec += 17) {
        const back = jnowToJ2000(j2000ToJnow({ raHours: ra, decDeg: dec }, utcMs), utcMs);
        worst = Math.max(worst, separationDeg(back, { raHours: ra, decDeg: dec }) * 3600);
      }
    }
    expect(worst).toBeLessThan(0.001);
  });

  it('equatorial → horizontal matches Meeus 13.b (Venus from Washington) within 0.01°', () => {
    const utcMs = Date.UTC(1987, 3, 10, 19, 21, 0);
    const lon = -dms(1, 77, 3, 56);
    const lat = dms(1, 38, 55, 17);
    const hz = equatorialToHorizontal({ raHours: hms(23, 9, 16.641), decDeg: dms(-1, 6, 43, 11.61) }, lstHours(utcMs, lon), lat);
    expect(Math.abs(hz.altitudeDeg - 15.1249)).toBeLessThan(0.01);
    // Meeus counts azimuth from the south: 68.0337° → 248.0337° from the north.
    expect(Math.abs(hz.azimuthDeg - 248.0337)).toBeLessThan(0.01);
    const back = horizontalToEquatorial(hz, lstHours(utcMs, lon), lat);
    expect(separationDeg(back, { raHours: hms(23, 9, 16.641), decDeg: dms(-1, 6, 43, 11.61) })).toBeLessThan(1e-8);
  });
});
