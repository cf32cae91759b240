/**
 * Synthetic stars fainter than the bundled catalogue, drawn from a realistic luminosity function so
 * a small field is not empty between the few V ≤ 6.5 stars.
 *
 * Counts: the whole-sky number of stars brighter than V, {@link STAR_COUNTS_BRIGHTER_THAN_V}
 * (rounded values of the classical star-count tables, e.g. Allen's Astrophysical Quantities,
 * "numbers of stars brighter than a given magnitude"), interpolated log-linearly, per square degree,
 * times a galactic-latitude factor f(b) = 0.35 + 2.65·exp(−|b|/15°) whose average over the sphere is
 * 1.00 (so the whole-sky totals are kept: ~3× the mean density in the plane, ~0.35× at the poles).
 *
 * Determinism: the sky is cut into 0.5°-high Dec rows of near-equal-area RA cells (~0.25 deg²,
 * wider in RA towards the poles, HEALPix-like) and each cell's stars in each magnitude
 * slice come from a PRNG seeded by (cell, slice), so a field looks the same in every exposure,
 * overlapping fields agree, and a deeper exposure adds fainter stars without moving brighter ones.
 */
import type { EquatorialCoords } from '../types';
import type { CatalogStar, StarCatalog } from './star-field';
import { mulberry32 } from './star-field';

const DEG = Math.PI / 180;
const SKY_SQ_DEG = 41_252.96;
const CELL_DEG = 0.5;

/** [V, number of stars on the whole sky brighter than V]. */
export const STAR_COUNTS_BRIGHTER_THAN_V: readonly (readonly [number, number])[] = [
  [4, 5.2e2],
  [5, 1.6e3],
  [6, 4.8e3],
  [7, 1.5e4],
  [8, 4.2e4],
  [9, 1.2e5],
  [10, 3.4e5],
  [11, 9.0e5],
  [12, 2.3e6],
  [13, 5.7e6],
  [14, 1.3e7],
  [15, 2.8e7],
  [16, 5.6e7],
  [17, 1.05e8],
  [18, 1.9e8],
  [19, 3.3e8],
  [20, 5.5e8],
  [21, 9.0e8],
];

/**
 * Mean number of stars per square degree brighter than `vMag` (whole-sky average), log-linear in
 * the table; extrapolated with the end slopes outside V 4–21.
 */
export function starsPerSqDegBrighterThan(vMag: number): number {
  const t = STAR_COUNTS_BRIGHTER_THAN_V;
  let k = 0;
  while (k < t.length - 2 && vMag > (t[k + 1] as readonly [number, number])[0]) k++;
  const [m0, n0] = t[k] as readonly [number, number];
  const [m1, n1] = t[k + 1] as readonly [number, number];
  const logN = Math.log10(n0) + ((Math.log10(n1) - Math.log10(n0)) * (vMag - m0)) / (m1 - m0);
  return 10 ** logN / SKY_SQ_DEG;
}

/** Galactic latitude of a J2000 position, degrees (IAU 1958 pole, α 192.85948°, δ 27.12825°). */
export function galacticLatitudeDeg(raDeg: number, decDeg: number): number {
  const dp = 27.12825 * DEG;
  const s = Math.sin(decDeg * DEG) * Math.sin(dp) + Math.cos(decDeg * DEG) * Math.cos(dp) * Math.cos((raDeg - 192.85948) * DEG);
  return Math.asin(Math.min(1, Math.max(-1, s))) / DEG;
}

/** Star density relative to the whole-sky mean at galactic latitude `bDeg`. */
export function galacticDensityFactor(bDeg: number): number {
  return 0.35 + 2.65 * Math.exp(-Math.abs(bDeg) / 15);
}

export interface FaintStarOptions {
  /** Brightest magnitude generated (the catalogue's limit; default 6.5). */
  brightestMag?: number;
  /** Faintest magnitude generated (default 20). */
  faintestMag?: number;
}

export class FaintStarField implements StarCatalog {
  readonly brightestMag: number;
  readonly faintestMag: number;

  constructor(options: FaintStarOptions = {}) {
    this.brightestMag = options.brightestMag ?? 6.5;
    this.faintestMag = options.faintestMag ?? 20;
  }

  /** Synthetic stars within `radiusDeg` of `center` with brightestMag < V ≤ min(limitMag, faintestMag). */
  starsNear(center: EquatorialCoords, radiusDeg: number, limitMag: number): CatalogStar[] {
    const out: CatalogStar[] = [];
    const faintest = Math.min(limitMag, this.faintestMag);
    if (faintest <= this.brightestMag) return out;
    const ra0 = center.raHours * 15;
    const c0 = unit(ra0, center.decDeg);
    const cosLimit = Math.cos(Math.min(180, radiusDeg) * DEG);
    const decLo = Math.max(-90, center.decDeg - radiusDeg);
    const decHi = Math.min(90, center.decDeg + radiusDeg);
    const poleInside = Math.abs(center.decDeg) + radiusDeg >= 89.999;
    const halfRa = poleInside ? 180 : Math.min(180, Math.asin(Math.min(1, Math.sin(radiusDeg * DEG) / Math.cos(center.decDeg * DEG))) / DEG);
    const slices = this.slices(faintest);
    for (let dc = Math.floor(decLo / CELL_DEG); dc * CELL_DEG < decHi; dc++) {
      const cellDec = dc * CELL_DEG;
      // Near-equal-area cells (HEALPix-like): fewer, wider RA cells towards the poles.
      const raCells = Math.max(1, Math.floor((360 / CELL_DEG) * Math.cos((cellDec + CELL_DEG / 2) * DEG)));
      const cellRaDeg = 360 / raCells;
      const areaSqDeg = (cellRaDeg * (Math.sin((cellDec + CELL_DEG) * DEG) - Math.sin(cellDec * DEG))) / DEG;
      let rcLo = Math.floor((ra0 - halfRa) / cellRaDeg);
      let rcHi = Math.floor((ra0 + halfRa) / cellRaDeg);
      if (halfRa >= 180 || rcHi - rcLo >= raCells - 1) [rcLo, rcHi] = [0, raCells - 1];
      for (let rc = rcLo; rc <= rcHi; rc++) {
        const cell = ((rc % raCells) + raCells) % raCells;
        const cellRa = cell * cellRaDeg;
        const density = galacticDensityFactor(galacticLatitudeDeg(cellRa + cellRaDeg / 2, cellDec + CELL_DEG / 2));
        for (const slice of slices) {
          const rand = mulberry32(hashCell(cell, dc, slice.key));
          const n = poisson(slice.perSqDeg * areaSqDeg * density, rand);
          for (let i = 0; i < n; i++) {
            const ra = cellRa + rand() * cellRaDeg;
            // Uniform on the sphere within the cell: uniform in sin(Dec).
            const sinLo = Math.sin(cellDec * DEG);
            const sinHi = Math.sin((cellDec + CELL_DEG) * DEG);
            const dec = Math.asin(sinLo + rand() * (sinHi - sinLo)) / DEG;
            const mag = slice.sample(rand());
            if (mag > faintest) continue;
            const u = unit(ra, dec);
            if (u[0] * c0[0] + u[1] * c0[1] + u[2] * c0[2] < cosLimit) continue;
            out.push({ raHours: ra / 15, decDeg: dec, mag });
          }
        }
      }
    }
    return out;
  }

  /**
   * Magnitude slices [m0, m1) between brightestMag and the ceiling above `faintest` (whole slices
   * are always generated so the stars of a slice never depend on the query's limit).
   */
  private slices(faintest: number): { key: number; perSqDeg: number; sample: (u: number) => number }[] {
    const out: { key: number; perSqDeg: number; sample: (u: number) => number }[] = [];
    let m0 = this.brightestMag;
    while (m0 < faintest && m0 < this.faintestMag) {
      const m1 = Math.min(this.faintestMag, Math.floor(m0) + 1);
      const n0 = starsPerSqDegBrighterThan(m0);
      const n1 = starsPerSqDegBrighterThan(m1);
      // Within a slice N(<m) ∝ 10^(a·m): sample m by inverting that cumulative count.
      const a = Math.log10(n1 / n0) / (m1 - m0);
      const span = 10 ** (a * (m1 - m0)) - 1;
      const from = m0;
      out.push({ key: Math.round(m0 * 10), perSqDeg: n1 - n0, sample: (u) => from + Math.log10(1 + u * span) / a });
      m0 = m1;
    }
    return out;
  }
}

/** Poisson deviate with mean `lambda` (Knuth below 30, normal approximation above). */
function poisson(lambda: number, rand: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = rand();
    while (p > limit) {
      k++;
      p *= rand();
    }
    return k;
  }
  const z = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
}

function hashCell(raCell: number, decCell: number, slice: number): number {
  let h = Math.imul(raCell + 7919, 73856093) ^ Math.imul(decCell + 1000, 19349663) ^ Math.imul(slice + 17, 83492791);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function unit(raDeg: number, decDeg: number): [number, number, number] {
  const ra = raDeg * DEG;
  const dec = decDeg * DEG;
  return [Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)];
}
