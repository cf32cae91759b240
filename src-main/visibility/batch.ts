/**
 * The batch path: many sidereal targets × many instants on typed arrays. Per instant the frame
 * (precession–nutation–Earth rotation matrix and the observer's velocity for aberration) is built
 * once; per target it is a dot product, the relativistic aberration and an asin — no
 * astronomy-engine call per target. Exact frames are built every 5 minutes and turned with the
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

const RAD = 180 / Math.PI;
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

/**
 * Geometric topocentric altitudes (and optionally hour angles) of every target at every grid
 * instant. Memory: 8 bytes × steps × count per array.
 */
export function batchPositions(site: GeoSite, batch: SiderealBatch, grid: TimeGrid, opts: TimeOptions & { hourAngle?: boolean } = {}): BatchResult {
  const n = batch.count;
  const d = batch.directions;
  const alt = new Float64Array(grid.steps * n);
  const ha = opts.hourAngle ? new Float64Array(grid.steps * n) : null;
  let anchor: Frame | null = null;
  for (let s = 0; s < grid.steps; s++) {
    const t = grid.startMs + s * grid.stepMs;
    if (!anchor || Math.abs(t - anchor.utcMs) > ANCHOR_MS) anchor = frameAt(site, t, opts);
    const f = t === anchor.utcMs ? anchor : propagateFrame(anchor, t - anchor.utcMs);
    const [bx, by, bz] = f.beta;
    const m = f.eqjToHor;
    const m6 = m[6];
    const m7 = m[7];
    const m8 = m[8];
    const zb = m6 * bx + m7 * by + m8 * bz;
    const halfB2 = 1 - 0.5 * (bx * bx + by * by + bz * bz);
    const off = s * n;
    for (let i = 0, j = 0; i < n; i++, j += 3) {
      const px = d[j] as number;
      const py = d[j + 1] as number;
      const pz = d[j + 2] as number;
      // First-order aberration p + β − (p·β)p, normalised to second order (|…|² = 1 + β² − (p·β)²;
      // unnormalised, the ~1e-8 excess would show near the zenith where asin is steep).
      const pdv = px * bx + py * by + pz * bz;
      const z = ((m6 * px + m7 * py + m8 * pz) * (1 - pdv) + zb) * (halfB2 + 0.5 * pdv * pdv);
      alt[off + i] = fastAsinRad(z) * RAD;
    }
    if (ha) {
      const bm1 = Math.sqrt(1 - (bx * bx + by * by + bz * bz));
      const q = f.eqjToEqd;
      for (let i = 0, j = 0; i < n; i++, j += 3) {
        const px = d[j] as number;
        const py = d[j + 1] as number;
        const pz = d[j + 2] as number;
        const pdv = px * bx + py * by + pz * bz;
        const w1 = 1 + pdv / (1 + bm1);
        const ax = bm1 * px + w1 * bx;
        const ay = bm1 * py + w1 * by;
        const az = bm1 * pz + w1 * bz;
        const x = (q[0]) * ax + (q[1]) * ay + (q[2]) * az;
        const y = (q[3]) * ax + (q[4]) * ay + (q[5]) * az;
        let h = (f.lastDeg - Math.atan2(y, x) * RAD) / 15;
        h %= 24;
        if (h > 12) h -= 24;
        if (h <= -12) h += 24;
        ha[off + i] = h;
      }
    }
  }
  return { grid, count: n, altitudeDeg: alt, hourAngleHours: ha };
}
