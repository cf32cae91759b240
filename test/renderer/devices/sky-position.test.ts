/**
 * The picker's approximate altitude against astronomy-engine (precession, nutation, aberration; no
 * refraction), for the demo targets at the demo site over a night. Tolerance 0.5° (the picker only
 * sorts and flags; the mount checks its limits exactly).
 */
import * as Astronomy from 'astronomy-engine';
import { describe, expect, it } from 'vitest';
import { approxAltitudeDeg } from '../../../src-renderer/features/devices/sky-position';

const site = { latitudeDeg: 28.30036, longitudeDeg: -16.51172, elevationM: 2390 };
const targets = [
  { name: 'M1', raDeg: 83.63308, decDeg: 22.0145 },
  { name: 'M31', raDeg: 10.68471, decDeg: 41.26875 },
  { name: 'Polaris', raDeg: 37.95454, decDeg: 89.26411 },
  { name: 'Mira', raDeg: 34.83663, decDeg: -2.97764 },
];

describe('approximate altitude for the slew target picker', () => {
  it('agrees with astronomy-engine within 0.5° over a night (2026)', () => {
    const observer = new Astronomy.Observer(site.latitudeDeg, site.longitudeDeg, site.elevationM);
    let worst = 0;
    for (let h = 0; h < 12; h++) {
      const utcMs = Date.UTC(2026, 10, 21, 19) + h * 3_600_000;
      for (const t of targets) {
        const time = Astronomy.MakeTime(new Date(utcMs));
        // J2000 → equator of date, then horizontal without refraction.
        const vec = Astronomy.VectorFromSphere(new Astronomy.Spherical(t.decDeg, t.raDeg, 1), time);
        const ofDate = Astronomy.EquatorFromVector(Astronomy.RotateVector(Astronomy.Rotation_EQJ_EQD(time), vec));
        const ref = Astronomy.Horizon(time, observer, ofDate.ra, ofDate.dec, undefined).altitude;
        worst = Math.max(worst, Math.abs(approxAltitudeDeg(t.raDeg, t.decDeg, site.latitudeDeg, site.longitudeDeg, utcMs) - ref));
      }
    }
    expect(worst).toBeLessThan(0.5);
  });
});
