/**
 * Curves and bands for a telescope's overlays on the all-sky view, as unit vectors ready for the batch
 * or the projection: the slew path (a great-circle arc between two J2000 directions: rotates with the
 * sky), the dome slit (a band of constant angular width around the vertical circle through the dome
 * azimuth) and the unreachable region below a horizon mask (both fixed in the horizontal frame).
 * Horizontal vectors are [north, west, zenith] like the batch output.
 */

import { projectHorizontal, type SkyViewport } from './projection';

const RAD = Math.PI / 180;

/** A band between two sampled curves of equal length: shaded between `a[i]` and `b[i]`. */
export interface HorizontalBand {
  /** Horizontal unit vectors [n, w, z, …], one edge. */
  a: Float64Array;
  /** The other edge, same number of points. */
  b: Float64Array;
}

/** J2000 unit vector of (raDeg, decDeg). */
function unit(raDeg: number, decDeg: number): [number, number, number] {
  const ra = raDeg * RAD;
  const dec = decDeg * RAD;
  return [Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)];
}

/**
 * The great-circle arc from (raFromDeg, decFromDeg) to (raToDeg, decToDeg), J2000 degrees, as
 * `samples + 1` J2000 unit vectors [x, y, z, …] (spherical linear interpolation; `samples` ≥ 1).
 * Antipodal ends have no unique great circle: the arc then passes through the celestial pole nearer
 * to the start (any choice is as good; mounts never slew through the pole exactly).
 */
export function greatCircleArc(raFromDeg: number, decFromDeg: number, raToDeg: number, decToDeg: number, samples = 64): Float64Array {
  const n = Math.max(1, Math.floor(samples));
  const p = unit(raFromDeg, decFromDeg);
  const q = unit(raToDeg, decToDeg);
  const dot = Math.max(-1, Math.min(1, p[0] * q[0] + p[1] * q[1] + p[2] * q[2]));
  // atan2 of |p × q| and p·q: acos loses ~1e-6° near 0° and 180°.
  const omega = Math.atan2(Math.hypot(p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0]), dot);
  // Orthonormal partner of p in the plane of the arc: r = (q − (p·q) p) / |…|.
  let r: [number, number, number] = [q[0] - dot * p[0], q[1] - dot * p[1], q[2] - dot * p[2]];
  let len = Math.hypot(r[0], r[1], r[2]);
  if (len < 1e-12) {
    // Same or opposite point: any perpendicular; prefer the one towards the nearer pole.
    const pole: [number, number, number] = [0, 0, p[2] >= 0 ? 1 : -1];
    const d = p[2] * pole[2];
    r = [pole[0] - d * p[0], pole[1] - d * p[1], pole[2] - d * p[2]];
    len = Math.hypot(r[0], r[1], r[2]);
    if (len < 1e-12) r = [1, 0, 0];
    else r = [r[0] / len, r[1] / len, r[2] / len];
  } else {
    r = [r[0] / len, r[1] / len, r[2] / len];
  }
  const out = new Float64Array(3 * (n + 1));
  for (let i = 0; i <= n; i++) {
    const t = (omega * i) / n;
    const c = Math.cos(t);
    const s = Math.sin(t);
    out[3 * i] = c * p[0] + s * r[0];
    out[3 * i + 1] = c * p[1] + s * r[1];
    out[3 * i + 2] = c * p[2] + s * r[2];
  }
  return out;
}

/** Angular separation of two J2000 directions, degrees (0…180). */
export function separationDeg(raADeg: number, decADeg: number, raBDeg: number, decBDeg: number): number {
  const a = unit(raADeg, decADeg);
  const b = unit(raBDeg, decBDeg);
  const cross = Math.hypot(a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]);
  return Math.atan2(cross, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / RAD;
}

/**
 * A dome slit seen from the telescope: the directions within `widthDeg / 2` (angular, measured
 * perpendicular to the slit) of the vertical circle through `azimuthDeg` (degrees from north through
 * east), from the horizon up to `overZenithDeg` past the zenith (slits usually run a little over
 * it). Edge `a` is the slit's left edge seen from the telescope facing the azimuth, `b` the right;
 * `samples + 1` points each, from the horizon upwards. Width is clamped to (0, 180).
 */
export function domeSlitBand(azimuthDeg: number, widthDeg: number, overZenithDeg = 5, samples = 48): HorizontalBand {
  const n = Math.max(2, Math.floor(samples));
  const half = (Math.max(0.01, Math.min(179.99, widthDeg)) / 2) * RAD;
  const az = azimuthDeg * RAD;
  // û: horizontal unit towards the azimuth; ê: horizontal unit 90° clockwise (azimuth + 90°).
  const un = Math.cos(az);
  const uw = -Math.sin(az);
  const en = Math.cos(az + Math.PI / 2);
  const ew = -Math.sin(az + Math.PI / 2);
  const cb = Math.cos(half);
  const sb = Math.sin(half);
  const top = (90 + Math.max(0, Math.min(89, overZenithDeg))) * RAD;
  const a = new Float64Array(3 * (n + 1));
  const b = new Float64Array(3 * (n + 1));
  for (let i = 0; i <= n; i++) {
    const alt = (top * i) / n;
    // Centre line c = cos(alt) û + sin(alt) ẑ; edges c·cos β ∓ ê·sin β (ê is to the right).
    const cn = Math.cos(alt) * un;
    const cw = Math.cos(alt) * uw;
    const cz = Math.sin(alt);
    a[3 * i] = cb * cn - sb * en;
    a[3 * i + 1] = cb * cw - sb * ew;
    a[3 * i + 2] = cb * cz;
    b[3 * i] = cb * cn + sb * en;
    b[3 * i + 1] = cb * cw + sb * ew;
    b[3 * i + 2] = cb * cz;
  }
  return { a, b };
}

/**
 * The unreachable band above the horizon: from altitude 0 (edge `a`) up to
 * `max(horizonDeg, mask(azimuth))` (edge `b`), sampled every `360 / samples` degrees of azimuth from
 * north through east (closed: the last point repeats the first). `maskAltitudeAt` gives the mask
 * altitude at an azimuth (degrees), or −90 when there is none (`maskAltitudeDeg` in src-shared/astro).
 * Null when the limit is ≤ 0 everywhere (nothing to shade).
 */
export function horizonMaskBand(horizonDeg: number, maskAltitudeAt: (azimuthDeg: number) => number, samples = 180): HorizontalBand | null {
  const n = Math.max(8, Math.floor(samples));
  const a = new Float64Array(3 * (n + 1));
  const b = new Float64Array(3 * (n + 1));
  let any = false;
  for (let i = 0; i <= n; i++) {
    const azDeg = ((i % n) * 360) / n;
    const limitDeg = Math.min(89.9, Math.max(0, horizonDeg, maskAltitudeAt(azDeg)));
    if (limitDeg > 0) any = true;
    const az = azDeg * RAD;
    const alt = limitDeg * RAD;
    a[3 * i] = Math.cos(az);
    a[3 * i + 1] = -Math.sin(az);
    a[3 * i + 2] = 0;
    b[3 * i] = Math.cos(alt) * Math.cos(az);
    b[3 * i + 1] = -Math.cos(alt) * Math.sin(az);
    b[3 * i + 2] = Math.sin(alt);
  }
  return any ? { a, b } : null;
}

/**
 * Projects a band into screen triangle strips: [ax0, ay0, bx0, by0, ax1, ay1, …] pixels, one strip per
 * run of ≥ 2 consecutive samples whose both edges are drawn (`minSinAlt` as in `projectHorizontal`).
 */
export function projectBand(vp: SkyViewport, band: HorizontalBand, minSinAlt = 0): Float32Array[] {
  const n = Math.min(band.a.length, band.b.length) / 3;
  const strips: Float32Array[] = [];
  const pa = { x: 0, y: 0 };
  const pb = { x: 0, y: 0 };
  let run: number[] = [];
  const flush = (): void => {
    if (run.length >= 8) strips.push(Float32Array.from(run));
    run = [];
  };
  for (let i = 0; i < n; i++) {
    const okA = projectHorizontal(vp, band.a[3 * i] ?? 0, band.a[3 * i + 1] ?? 0, band.a[3 * i + 2] ?? 0, pa, minSinAlt);
    const okB = okA && projectHorizontal(vp, band.b[3 * i] ?? 0, band.b[3 * i + 1] ?? 0, band.b[3 * i + 2] ?? 0, pb, minSinAlt);
    if (okB) run.push(pa.x, pa.y, pb.x, pb.y);
    else flush();
  }
  flush();
  return strips;
}
