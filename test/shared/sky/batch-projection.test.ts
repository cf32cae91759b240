import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameAt, horizontalFromGeometric, prepareTarget, starDirection, type GeoSite } from '../../../src-shared/astro';
import {
  altitudeDegAt,
  azimuthDegAt,
  fitViewport,
  horizontalBatch,
  pickNearest,
  projectAltAz,
  projectBatch,
  projectHorizontal,
  unitVectorsAt,
  unprojectToAltAz,
  type SkyViewport,
} from '../../../src-shared/sky';
import { loadStars } from './load-catalogs';

// The reference is the visibility engine itself (src-shared/astro, checked against external tables
// in test/shared/astro): the batch must reproduce its per-target path.
const SITE: GeoSite = { latitudeDeg: 28.7606, longitudeDeg: -17.8816, elevationM: 2332 };
const UTC_MS = Date.UTC(2025, 0, 15, 23, 30, 0);
const angDiffDeg = (a: number, b: number): number => Math.abs(((a - b + 540) % 360) - 180);

describe('horizontalBatch (one rotation per frame)', () => {
  const stars = loadStars();
  const frame = frameAt(SITE, UTC_MS);

  it('agrees with the engine for the 200 brightest stars to 0.05″ (proper motion included, parallax ignored)', () => {
    const n = 200;
    const vectors = unitVectorsAt(stars.raDeg.subarray(0, n), stars.decDeg.subarray(0, n), UTC_MS, stars.pmRaMasPerYr.subarray(0, n), stars.pmDecMasPerYr.subarray(0, n));
    const h = horizontalBatch(frame, vectors);
    let worstArcsec = 0;
    for (let i = 0; i < n; i++) {
      const ref = prepareTarget({
        type: 'ICRS',
        raDeg: stars.raDeg[i] as number,
        decDeg: stars.decDeg[i] as number,
        properMotionRaMasPerYr: stars.pmRaMasPerYr[i] as number,
        properMotionDecMasPerYr: stars.pmDecMasPerYr[i] as number,
      }).positionIn(frame);
      const dAlt = Math.abs(altitudeDegAt(h, i) - ref.altitudeDeg) * 3600;
      const dAz = angDiffDeg(azimuthDegAt(h, i), ref.azimuthDeg) * 3600 * Math.cos((ref.altitudeDeg * Math.PI) / 180);
      worstArcsec = Math.max(worstArcsec, Math.hypot(dAlt, dAz));
    }
    expect(worstArcsec, `worst ${worstArcsec.toFixed(4)}″`).toBeLessThan(0.05);
  });

  it('differs from the engine with parallax by less than the largest bright-star parallax (0.8″)', () => {
    const i = [...stars.properNames].find(([, n]) => n === 'Rigel Kentaurus')?.[0] ?? 0;
    const place = { raDeg: stars.raDeg[i] as number, decDeg: stars.decDeg[i] as number, parallaxMas: stars.parallaxMas[i] as number };
    const withParallax = horizontalFromGeometric(frame, starDirection(place, UTC_MS, frame.observerPosAu));
    const h = horizontalBatch(frame, unitVectorsAt([place.raDeg], [place.decDeg], UTC_MS));
    expect(Math.abs(altitudeDegAt(h, 0) - withParallax.altitudeDeg) * 3600).toBeLessThan(0.8);
  });

  it('writes into a caller-supplied Float32Array (the renderer reuses one buffer per frame)', () => {
    const vectors = unitVectorsAt([0, 90], [0, 45], UTC_MS);
    const out = new Float32Array(6);
    expect(horizontalBatch(frame, vectors, out)).toBe(out);
    expect(Math.hypot(out[0] as number, out[1] as number, out[2] as number)).toBeCloseTo(1, 6);
  });
});

describe('all-sky projection', () => {
  const vp: SkyViewport = fitViewport(800, 600, 'stereographic', 0);
  const ortho: SkyViewport = { ...vp, kind: 'orthographic' };

  it('puts the zenith at the centre, north up, east LEFT, west right, horizon on the rim', () => {
    for (const v of [vp, ortho]) {
      expect(projectAltAz(v, 90, 0)).toEqual({ x: 400, y: 300 });
      const north = projectAltAz(v, 0, 0);
      const east = projectAltAz(v, 0, 90);
      const west = projectAltAz(v, 0, 270);
      expect(north?.x).toBeCloseTo(400, 9);
      expect(north?.y).toBeCloseTo(0, 9);
      expect(east?.x).toBeCloseTo(100, 9);
      expect(west?.x).toBeCloseTo(700, 9);
    }
  });

  it('stereographic: radius = tan(zenith distance / 2) — 45° altitude at 0.4142 of the horizon radius', () => {
    const p = projectAltAz(vp, 45, 180);
    expect(p?.y).toBeCloseTo(300 + 300 * Math.tan(Math.PI / 8), 9);
  });

  it('inverse projection round-trips any visible direction (≤ 1e-7°)', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 90, noNaN: true }), fc.double({ min: 0, max: 359.999, noNaN: true }), (alt, az) => {
        const p = projectAltAz(vp, alt, az);
        expect(p).not.toBeNull();
        const back = unprojectToAltAz(vp, (p as { x: number }).x, (p as { y: number }).y);
        expect(Math.abs((back?.altitudeDeg ?? 0) - alt)).toBeLessThan(1e-7);
        if (alt < 89.9999) expect(angDiffDeg(back?.azimuthDeg ?? 0, az) * Math.cos((alt * Math.PI) / 180)).toBeLessThan(1e-7);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 90, noNaN: true }), fc.double({ min: 0, max: 359.999, noNaN: true }), (alt, az) => {
        const p = projectAltAz(ortho, alt, az);
        const back = unprojectToAltAz(ortho, (p as { x: number }).x, (p as { y: number }).y);
        // Orthographic loses precision near the horizon (d alt ∝ 1/sin z): 1e-5° is ample for picking.
        expect(Math.abs((back?.altitudeDeg ?? 0) - alt)).toBeLessThan(1e-5);
      }),
      { numRuns: 300 },
    );
    expect(unprojectToAltAz(ortho, 0, 0)).toBeNull();
  });

  it('hides what is below the horizon (orthographic) or well below it (stereographic)', () => {
    const out = { x: 0, y: 0 };
    expect(projectHorizontal(ortho, 1, 0, -0.01, out)).toBe(false);
    expect(projectHorizontal(vp, 1, 0, -0.01, out)).toBe(true);
    expect(projectHorizontal(vp, 0.5, 0, -0.5, out)).toBe(false);
  });

  it('places named stars where the engine’s alt/az puts them (≤ 0.01 px) and picks them back', () => {
    const stars = loadStars();
    const frame = frameAt(SITE, UTC_MS);
    const n = stars.count;
    const h = horizontalBatch(frame, unitVectorsAt(stars.raDeg, stars.decDeg, UTC_MS, stars.pmRaMasPerYr, stars.pmDecMasPerYr), new Float32Array(3 * n));
    const xy = new Float32Array(2 * n);
    const visible = new Uint8Array(n);
    const big = fitViewport(2000, 2000);
    expect(projectBatch(big, h, xy, visible)).toBeGreaterThan(n / 3);
    let checked = 0;
    for (const [i, name] of stars.properNames) {
      const ref = prepareTarget({ type: 'ICRS', raDeg: stars.raDeg[i] as number, decDeg: stars.decDeg[i] as number, properMotionRaMasPerYr: stars.pmRaMasPerYr[i] as number, properMotionDecMasPerYr: stars.pmDecMasPerYr[i] as number }).positionIn(frame);
      if (ref.altitudeDeg < 5) continue;
      const p = projectAltAz(big, ref.altitudeDeg, ref.azimuthDeg);
      // Float32 storage of the horizontal vector limits this to ~1e-7 × radius ≈ 0.001 px.
      expect(Math.abs((xy[2 * i] as number) - (p?.x ?? 0)), name).toBeLessThan(0.01);
      expect(Math.abs((xy[2 * i + 1] as number) - (p?.y ?? 0)), name).toBeLessThan(0.01);
      expect(pickNearest(xy, visible, (p?.x ?? 0) + 0.4, (p?.y ?? 0) - 0.3, 6), name).toBe(i);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });
});

describe('pickNearest', () => {
  const xy = Float32Array.from([10, 10, 20, 20, 12, 10]);
  it('returns the nearest visible point within the radius, null otherwise', () => {
    expect(pickNearest(xy, Uint8Array.from([1, 1, 1]), 11.2, 10, 5)).toBe(2);
    expect(pickNearest(xy, Uint8Array.from([1, 1, 0]), 11.2, 10, 5)).toBe(0);
    expect(pickNearest(xy, Uint8Array.from([1, 1, 1]), 50, 50, 5)).toBeNull();
  });
});
