import { describe, expect, it } from 'vitest';
import { angleBetweenRad, fromRaDecDeg } from '../../../src-shared/astro';
import { altitudeCircle, fieldCorners, gnomonicForward, gnomonicInverse, hourAngleCurve } from '../../../src-shared/sky';

const RAD = Math.PI / 180;

describe('gnomonic projection and field corners', () => {
  it('round-trips places within 60° of the centre to 1e-9°', () => {
    let worst = 0;
    for (const [ra0, dec0] of [[83.8, -5.4], [10, 89.5], [250, 36]] as const) {
      for (let k = 0; k < 50; k++) {
        const ra = ra0 + ((k * 7.3) % 40) - 20;
        const dec = Math.max(-89, Math.min(89, dec0 + ((k * 3.1) % 30) - 15));
        const p = gnomonicForward(ra0, dec0, ra, dec);
        if (p === null) continue;
        const back = gnomonicInverse(ra0, dec0, p.xiDeg, p.etaDeg);
        worst = Math.max(worst, angleBetweenRad(fromRaDecDeg(back.raDeg, back.decDeg), fromRaDecDeg(ra, dec)) / RAD);
      }
    }
    expect(worst, `worst ${worst}°`).toBeLessThan(1e-9);
  });

  it('puts a 26.5′ square field at PA 0 with its top edge north and its sides 26.5′ long (0.01′)', () => {
    const c = fieldCorners(83.82, -5.39, 26.5, 26.5, 0);
    const side = (a: number, b: number): number => angleBetweenRad(fromRaDecDeg(c[a]!.raDeg, c[a]!.decDeg), fromRaDecDeg(c[b]!.raDeg, c[b]!.decDeg)) / RAD * 60;
    expect(Math.abs(side(0, 1) - 26.5)).toBeLessThan(0.01);
    expect(Math.abs(side(1, 2) - 26.5)).toBeLessThan(0.01);
    expect(c[0]!.decDeg).toBeGreaterThan(-5.39);
    // Corner 0 is top-left on a north-up, east-left chart: east of the centre (larger RA).
    expect(c[0]!.raDeg).toBeGreaterThan(83.82);
    // Rotated by 90°, the top-left corner moves to where the bottom-left was.
    const r = fieldCorners(83.82, -5.39, 26.5, 26.5, 90);
    expect(r[0]!.decDeg).toBeLessThan(-5.39);
  });
});

describe('horizontal reference curves', () => {
  it('altitude circles have the altitude they claim', () => {
    const h = altitudeCircle(15, 36);
    for (let i = 0; i < 37; i++) expect(Math.asin(h[3 * i + 2]!) / RAD).toBeCloseTo(15, 9);
  });

  it('hour-angle curves pass through the altitude of a Dec 20° place at that hour angle', () => {
    const site = { latitudeDeg: 28.3, longitudeDeg: -16.5, elevationM: 2390 };
    for (const haH of [0, 2, -3]) {
      const curve = hourAngleCurve(site.latitudeDeg, haH, 1800);
      // Altitude of a Dec 20° place at this HA, by the spherical formula, should be on the curve.
      const dec = 20 * RAD;
      const phi = site.latitudeDeg * RAD;
      const alt = Math.asin(Math.sin(phi) * Math.sin(dec) + Math.cos(phi) * Math.cos(dec) * Math.cos(haH * 15 * RAD)) / RAD;
      const i = Math.round(((20 + 90) / 180) * 1800);
      expect(Math.asin(curve[3 * i + 2]!) / RAD).toBeCloseTo(alt, 6);
    }
  });
});
