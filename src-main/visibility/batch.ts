/**
 * The batch path: many sidereal targets × many instants on typed arrays. Per instant the frame
 * (precession–nutation–Earth rotation matrix and the observer's velocity for aberration) is built
 * once into a coefficient table; per target it is a dot product, the aberration and a polynomial
 * asin — no astronomy-engine call per target (large batches: batch-parallel.ts splits the targets
 * over worker threads). Exact frames are built every 5 minutes and turned with the
 * Earth in between (`propagateFrame`, < 0.01″). Aberration is first order (error < 0.003″).
 * Proper motion and parallax are applied once, at a reference
 * instant (over one night they move a star < 0.02″ even for Barnard's star).
 */
import { frameAt, propagateFrame, starDirection, type Frame, type GeoSite, type IcrsPlace, type TimeOptions } from '../../src-shared/astro';

/** Targets as J2000-axes unit vectors, xyz interleaved. */
export interface SiderealBatch {
  count: number;
  directions: Float64Array;
}

/** A regular time grid: `steps` instants from `startMs`, `stepMs` apart. */
export interface TimeGrid {
  startMs: number;
  stepMs: number;
  steps: number;
}

/** Geometric directions of `places` at `refUtcMs` as seen from `site` (parallax included). */
export function prepareSiderealBatch(places: readonly IcrsPlace[], site: GeoSite, refUtcMs: number, opts: TimeOptions = {}): SiderealBatch {
  const frame = frameAt(site, refUtcMs, opts);
  const directions = new Float64Array(places.length * 3);
  places.forEach((p, i) => {
    const d = starDirection(p, refUtcMs, frame.observerPosAu);
    directions[3 * i] = d[0];
    directions[3 * i + 1] = d[1];
    directions[3 * i + 2] = d[2];
  });
  return { count: places.length, directions };
}

export interface BatchResult {
  grid: TimeGrid;
  count: number;
  /** Geometric altitude, degrees, step-major: `altitudeDeg[step * count + target]`. */
  altitudeDeg: Float64Array;
  /** Hour angle, hours (−12, 12], same layout; only when requested. */
  hourAngleHours: Float64Array | null;
}

/**
 * asin(x) for |x| ≤ 1 without Math.asin (which costs ~3× the rest of the per-target work):
 * asin x = x + x³·P(x²) on |x| ≤ 0.5, P a degree-6 least-squares fit on Chebyshev nodes (max error
 * 3e-11 rad); above 0.5 via asin z = π/2 − 2 asin √((1 − z)/2). Max error 6e-11 rad = 1.2e-5″.
 */
export function fastAsinRad(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax <= 0.5) {
    const u = ax * ax;
    return x + x * u * (0.16666666686839482 + u * (0.07499992093159799 + u * (0.04464781959570822 + u * (0.03026639119757727 + u * (0.023633455859000514 + u * (0.010496350956190727 + u * 0.031079771924851222))))));
  }
  const s = Math.sqrt((1 - (ax > 1 ? 1 : ax)) / 2);
  const u = s * s;
  const a = Math.PI / 2 - 2 * (s + s * u * (0.16666666686839482 + u * (0.07499992093159799 + u * (0.04464781959570822 + u * (0.03026639119757727 + u * (0.023633455859000514 + u * (0.010496350956190727 + u * 0.031079771924851222)))))));
  return x < 0 ? -a : a;
}

/** Longest propagation from an exact frame, ms. */
const ANCHOR_MS = 300_000;

/** Doubles per step in the coefficient table (see `stepCoefficients`). */
export const STEP_COEFFICIENTS = 16;

/**
 * Everything per grid instant that does not depend on the target, 16 doubles per step: the zenith
 * row of J2000 → horizontal (3), β = v/c (3), zenith·β, 1 − β²/2, √(1 − β²), the first two rows of
 * J2000 → equator of date (6) and the local apparent sidereal time (degrees).
 */
export function stepCoefficients(site: GeoSite, grid: TimeGrid, opts: TimeOptions = {}, out: Float64Array = new Float64Array(grid.steps * STEP_COEFFICIENTS)): Float64Array {
  let anchor: Frame | null = null;
  for (let s = 0; s < grid.steps; s++) {
    const t = grid.startMs + s * grid.stepMs;
    if (!anchor || Math.abs(t - anchor.utcMs) > ANCHOR_MS) anchor = frameAt(site, t, opts);
    const f = t === anchor.utcMs ? anchor : propagateFrame(anchor, t - anchor.utcMs);
    const [bx, by, bz] = f.beta;
    const m = f.eqjToHor;
    const q = f.eqjToEqd;
    const c = s * STEP_COEFFICIENTS;
    out[c] = m[6];
    out[c + 1] = m[7];
    out[c + 2] = m[8];
    out[c + 3] = bx;
    out[c + 4] = by;
    out[c + 5] = bz;
    out[c + 6] = m[6] * bx + m[7] * by + m[8] * bz;
    out[c + 7] = 1 - 0.5 * (bx * bx + by * by + bz * bz);
    out[c + 8] = Math.sqrt(1 - (bx * bx + by * by + bz * bz));
    for (let k = 0; k < 6; k++) out[c + 9 + k] = q[k] as number;
    out[c + 15] = f.lastDeg;
  }
  return out;
}

/**
 * The per-target work for targets [from, to) over all steps: altitude (degrees) and, when `ha` is
 * given, hour angle (hours, (−12, 12]) into step-major arrays of row length `n`.
 *
 * Self-contained on purpose (no closure, no helper, no import): worker threads run its source text.
 * Target-major in blocks of 32 targets so one target's altitude, hence the asin branch, changes
 * slowly from one iteration to the next, while the written rows stay in cache.
 */
export function batchKernel(coef: Float64Array, dirs: Float64Array, alt: Float64Array, ha: Float64Array | null, n: number, from: number, to: number, steps: number): void {
  const RAD = 57.29577951308232;
  const HALF_PI = 1.5707963267948966;
  for (let b0 = from; b0 < to; b0 += 32) {
    const b1 = b0 + 32 < to ? b0 + 32 : to;
    for (let i = b0; i < b1; i++) {
      const px = dirs[3 * i] as number;
      const py = dirs[3 * i + 1] as number;
      const pz = dirs[3 * i + 2] as number;
      for (let st = 0, c = 0, o = i; st < steps; st++, c += 16, o += n) {
        const bx = coef[c + 3] as number;
        const by = coef[c + 4] as number;
        const bz = coef[c + 5] as number;
        // First-order aberration p + β − (p·β)p, normalised to second order (|…|² = 1 + β² − (p·β)²;
        // unnormalised, the ~1e-8 excess would show near the zenith where asin is steep).
        const pdv = px * bx + py * by + pz * bz;
        const x = (((coef[c] as number) * px + (coef[c + 1] as number) * py + (coef[c + 2] as number) * pz) * (1 - pdv) + (coef[c + 6] as number)) * ((coef[c + 7] as number) + 0.5 * pdv * pdv);
        // asin as in fastAsinRad (inlined: this function must not call anything of ours).
        const ax = x < 0 ? -x : x;
        let a: number;
        if (ax <= 0.5) {
          const u = ax * ax;
          a = x + x * u * (0.16666666686839482 + u * (0.07499992093159799 + u * (0.04464781959570822 + u * (0.03026639119757727 + u * (0.023633455859000514 + u * (0.010496350956190727 + u * 0.031079771924851222))))));
        } else {
          const sq = Math.sqrt((1 - (ax > 1 ? 1 : ax)) / 2);
          const u = sq * sq;
          const r = HALF_PI - 2 * (sq + sq * u * (0.16666666686839482 + u * (0.07499992093159799 + u * (0.04464781959570822 + u * (0.03026639119757727 + u * (0.023633455859000514 + u * (0.010496350956190727 + u * 0.031079771924851222)))))));
          a = x < 0 ? -r : r;
        }
        alt[o] = a * RAD;
        if (ha !== null) {
          const bm1 = coef[c + 8] as number;
          const w1 = 1 + pdv / (1 + bm1);
          const qx = bm1 * px + w1 * bx;
          const qy = bm1 * py + w1 * by;
          const qz = bm1 * pz + w1 * bz;
          const ex = (coef[c + 9] as number) * qx + (coef[c + 10] as number) * qy + (coef[c + 11] as number) * qz;
          const ey = (coef[c + 12] as number) * qx + (coef[c + 13] as number) * qy + (coef[c + 14] as number) * qz;
          let h = ((coef[c + 15] as number) - Math.atan2(ey, ex) * RAD) / 15;
          h %= 24;
          if (h > 12) h -= 24;
          if (h <= -12) h += 24;
          ha[o] = h;
        }
      }
    }
  }
}

/**
 * Geometric topocentric altitudes (and optionally hour angles) of every target at every grid
 * instant, on the calling thread. Memory: 8 bytes × steps × count per array.
 */
export function batchPositions(site: GeoSite, batch: SiderealBatch, grid: TimeGrid, opts: TimeOptions & { hourAngle?: boolean } = {}): BatchResult {
  const n = batch.count;
  const alt = new Float64Array(grid.steps * n);
  const ha = opts.hourAngle ? new Float64Array(grid.steps * n) : null;
  batchKernel(stepCoefficients(site, grid, opts), batch.directions, alt, ha, n, 0, n, grid.steps);
  return { grid, count: n, altitudeDeg: alt, hourAngleHours: ha };
}
