import { describe, expect, it } from 'vitest';
import { angleBetweenRad, fromRaDecDeg, maskAltitudeDeg } from '../../../src-shared/astro';
import { domeSlitBand, fitViewport, greatCircleArc, horizonMaskBand, projectAltAz, projectBand, separationDeg } from '../../../src-shared/sky';

const RAD = Math.PI / 180;
/** Altitude and azimuth (degrees) of horizontal unit vector i ([north, west, zenith]). */
const altAz = (h: Float64Array, i: number): { alt: number; az: number } => ({
  alt: Math.asin(Math.max(-1, Math.min(1, h[3 * i + 2]!))) / RAD,
  az: ((Math.atan2(-h[3 * i + 1]!, h[3 * i]!) / RAD) % 360 + 360) % 360,
});

// References: src-shared/astro's vector helpers (fromRaDecDeg, angleBetweenRad) and spherical
// geometry written out independently here (the slit's edges are small circles at ±w/2 from the
// vertical great circle through the dome azimuth).
describe('telescope overlay geometry', () => {
  it('slew path: a great-circle arc from the start to the target in equal steps (1e-9°)', () => {
    for (const [a, b] of [
      [[10, 20], [83.8, -5.4]],
      [[350, 60], [20, 70]],
      [[0, -80], [180, -80]],
      [[40, 10], [40, 10]],
    ] as const) {
      const arc = greatCircleArc(a[0], a[1], b[0], b[1], 40);
      expect(arc.length).toBe(3 * 41);
      const v = (i: number): [number, number, number] => [arc[3 * i]!, arc[3 * i + 1]!, arc[3 * i + 2]!];
      const total = angleBetweenRad(fromRaDecDeg(a[0], a[1]), fromRaDecDeg(b[0], b[1])) / RAD;
      expect(angleBetweenRad(v(0), fromRaDecDeg(a[0], a[1])) / RAD).toBeLessThan(1e-9);
      expect(angleBetweenRad(v(40), fromRaDecDeg(b[0], b[1])) / RAD).toBeLessThan(1e-9);
      expect(Math.abs(separationDeg(a[0], a[1], b[0], b[1]) - total)).toBeLessThan(1e-9);
      // Equal steps that add up to the separation: the shortest path, not a detour.
      let worst = 0;
      for (let i = 0; i < 40; i++) worst = Math.max(worst, Math.abs(angleBetweenRad(v(i), v(i + 1)) / RAD - total / 40));
      expect(worst).toBeLessThan(1e-9);
      for (let i = 0; i <= 40; i++) expect(Math.hypot(...v(i))).toBeCloseTo(1, 12);
    }
  });

  it('dome slit: edges at half the slit width from the slit’s vertical circle, on the dome’s side, horizon to past the zenith', () => {
    for (const [azDeg, widthDeg] of [[0, 20], [123.4, 15], [270, 30]] as const) {
      const band = domeSlitBand(azDeg, widthDeg, 5, 48);
      const az = azDeg * RAD;
      // Normal of the vertical plane through the azimuth: horizontal, 90° clockwise from it.
      const normal: [number, number, number] = [Math.cos(az + Math.PI / 2), -Math.sin(az + Math.PI / 2), 0];
      const n = band.a.length / 3;
      expect(n).toBe(49);
      for (const [edge, sign] of [[band.a, -1], [band.b, 1]] as const) {
        for (let i = 0; i < n; i++) {
          const d = edge[3 * i]! * normal[0] + edge[3 * i + 1]! * normal[1];
          expect(Math.asin(d) / RAD, `edge ${sign} sample ${i}`).toBeCloseTo((sign * widthDeg) / 2, 9);
        }
      }
      // Bottom on the horizon at the dome azimuth ± the half width; top 5° past the zenith.
      expect(altAz(band.a, 0).alt).toBeCloseTo(0, 9);
      const mid = ((altAz(band.a, 0).az + altAz(band.b, 0).az) / 2 + (Math.abs(altAz(band.a, 0).az - altAz(band.b, 0).az) > 180 ? 180 : 0)) % 360;
      expect(Math.abs(((mid - azDeg + 540) % 360) - 180)).toBeLessThan(1e-6);
      const topA = [band.a[3 * 48]!, band.a[3 * 48 + 1]!, band.a[3 * 48 + 2]!] as [number, number, number];
      const topB = [band.b[3 * 48]!, band.b[3 * 48 + 1]!, band.b[3 * 48 + 2]!] as [number, number, number];
      const topMid: [number, number, number] = [(topA[0] + topB[0]) / 2, (topA[1] + topB[1]) / 2, (topA[2] + topB[2]) / 2];
      expect(angleBetweenRad(topMid, [0, 0, 1]) / RAD).toBeCloseTo(5, 6);
    }
  });

  it('horizon mask band: from the horizon up to max(horizon, mask) at every sampled azimuth, closed', () => {
    const mask = [
      { azimuthDeg: 0, altitudeDeg: 5 },
      { azimuthDeg: 90, altitudeDeg: 25 },
      { azimuthDeg: 200, altitudeDeg: 12 },
    ];
    const band = horizonMaskBand(15, (az) => maskAltitudeDeg(mask, az), 180)!;
    const n = band.a.length / 3;
    expect(n).toBe(181);
    for (let i = 0; i < n; i++) {
      const lo = altAz(band.a, i);
      const hi = altAz(band.b, i);
      expect(lo.alt).toBeCloseTo(0, 9);
      expect(Math.abs(((hi.az - lo.az + 540) % 360) - 180)).toBeLessThan(1e-9);
      expect(hi.alt, `az ${lo.az}`).toBeCloseTo(Math.max(15, maskAltitudeDeg(mask, lo.az)), 9);
    }
    expect(band.b[0]).toBeCloseTo(band.b[3 * 180]!, 12);
    // Nothing to shade for a flat horizon at 0° without a mask.
    expect(horizonMaskBand(0, () => -90)).toBeNull();
  });

  it('projects a band into triangle strips whose vertices are the projected edge points', () => {
    const vp = fitViewport(800, 600, 'stereographic', 20);
    const band = horizonMaskBand(20, () => -90, 36)!;
    const strips = projectBand(vp, band);
    expect(strips.length).toBe(1);
    const s = strips[0]!;
    expect(s.length).toBe(4 * 37);
    for (let i = 0; i < 37; i++) {
      const az = ((i % 36) * 360) / 36;
      const rim = projectAltAz(vp, 0, az, 0)!;
      const limit = projectAltAz(vp, 20, az, 0)!;
      expect(Math.hypot(s[4 * i]! - rim.x, s[4 * i + 1]! - rim.y)).toBeLessThan(1e-3);
      expect(Math.hypot(s[4 * i + 2]! - limit.x, s[4 * i + 3]! - limit.y)).toBeLessThan(1e-3);
    }
  });
});
