/**
 * The per-frame batch: many fixed directions → topocentric horizontal unit vectors with ONE matrix
 * (the frame's J2000 → horizontal rotation) and a first-order aberration shift, all in typed arrays,
 * no allocation per star. This is the sky view's hot loop (10⁴ stars + 10⁴ targets at 60 fps).
 */
import type { Frame } from '../astro';

/**
 * Horizontal unit vectors [north, west, zenith] for `count` J2000 unit vectors in `j2000`
 * (x, y, z interleaved), written into `out` (length ≥ 3·count; allocated when omitted).
 * Annual + diurnal aberration is applied to first order in β (|β| ≈ 1e-4: the second-order term is
 * < 0.001″), which agrees with the engine's exact `aberrate` to well under 0.01″. Geometric: no
 * refraction (the display of stars near the horizon is lifted by ≤ 0.6°; see `refractAltitudeDeg`).
 */
export function horizontalBatch(frame: Frame, j2000: Float64Array, out?: Float32Array | Float64Array): Float32Array | Float64Array {
  const n = Math.floor(j2000.length / 3);
  const o = out ?? new Float64Array(3 * n);
  const m = frame.eqjToHor;
  const [bx, by, bz] = frame.beta;
  const m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4], m5 = m[5], m6 = m[6], m7 = m[7], m8 = m[8];
  for (let i = 0, k = 0; i < n; i++, k += 3) {
    const px = j2000[k] as number;
    const py = j2000[k + 1] as number;
    const pz = j2000[k + 2] as number;
    // p' = p + β − (p·β) p, renormalised.
    const d = px * bx + py * by + pz * bz;
    let x = px + bx - d * px;
    let y = py + by - d * py;
    let z = pz + bz - d * pz;
    const inv = 1 / Math.sqrt(x * x + y * y + z * z);
    x *= inv;
    y *= inv;
    z *= inv;
    o[k] = m0 * x + m1 * y + m2 * z;
    o[k + 1] = m3 * x + m4 * y + m5 * z;
    o[k + 2] = m6 * x + m7 * y + m8 * z;
  }
  return o;
}

/** Altitude (degrees, −90…90) of horizontal unit vector i of a batch result. */
export function altitudeDegAt(h: ArrayLike<number>, i: number): number {
  const n = h[3 * i] ?? 0;
  const w = h[3 * i + 1] ?? 0;
  return (Math.atan2(h[3 * i + 2] ?? 0, Math.hypot(n, w)) * 180) / Math.PI;
}

/** Azimuth (degrees from north through east, [0, 360)) of horizontal unit vector i. */
export function azimuthDegAt(h: ArrayLike<number>, i: number): number {
  const a = (Math.atan2(-(h[3 * i + 1] ?? 0), h[3 * i] ?? 0) * 180) / Math.PI;
  return a < 0 ? a + 360 : a;
}

/**
 * Approximate refraction for display (Bennett 1982, standard atmosphere): observed − geometric
 * altitude in degrees for a geometric altitude in degrees; 0 below −2°. Good to ~0.1′ above 5°.
 */
export function refractionDeg(geometricAltDeg: number): number {
  if (geometricAltDeg < -2) return 0;
  const h = Math.max(geometricAltDeg, -1.9);
  // Sæmundsson's inverse of Bennett: R (arcmin) = 1.02 / tan(h + 10.3 / (h + 5.11)).
  return 1.02 / Math.tan(((h + 10.3 / (h + 5.11)) * Math.PI) / 180) / 60;
}
