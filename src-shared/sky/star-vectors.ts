/**
 * Catalogue places → unit direction vectors (J2000 axes) in one Float64Array, the input of the
 * per-frame batch. Proper motion is applied once for a date (it changes < 0.1″ in a night for all but
 * a handful of stars), parallax ignored (< 0.8″ for every bright star).
 */
import { starDirection } from '../astro';

/**
 * Unit vectors [x0, y0, z0, x1, …] of `count` places at `utcMs` (UTC ms). Proper motions in mas/yr
 * (μα·cos δ, μδ) from epoch J2000.0; pass null arrays for fixed places.
 */
export function unitVectorsAt(
  raDeg: ArrayLike<number>,
  decDeg: ArrayLike<number>,
  utcMs: number,
  pmRaMasPerYr: ArrayLike<number> | null = null,
  pmDecMasPerYr: ArrayLike<number> | null = null,
): Float64Array {
  const n = raDeg.length;
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const v = starDirection(
      { raDeg: raDeg[i] ?? 0, decDeg: decDeg[i] ?? 0, properMotionRaMasPerYr: pmRaMasPerYr?.[i] ?? 0, properMotionDecMasPerYr: pmDecMasPerYr?.[i] ?? 0, epochJulianYear: 2000 },
      utcMs,
      null,
    );
    out[3 * i] = v[0];
    out[3 * i + 1] = v[1];
    out[3 * i + 2] = v[2];
  }
  return out;
}
