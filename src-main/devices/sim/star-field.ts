/**
 * Stars for simulated images. `StarCatalog` is the seam; the bundled catalogue with a faint fill-in
 * is in sky-catalog.ts. `SyntheticStarCatalog` (the fallback without a resources directory, and
 * handy in tests) makes a deterministic sky: each 1°×1° cell of RA/Dec gets stars from a PRNG
 * seeded by the cell, so the same field always shows the same stars and overlapping fields agree.
 */
import type { EquatorialCoords } from '../types';

export interface CatalogStar {
  raHours: number;
  decDeg: number;
  /** Visual magnitude. */
  mag: number;
}

export interface StarCatalog {
  /**
   * Stars within `radiusDeg` of `center` (J2000/ICRS) brighter than `limitMag`, placed at the epoch
   * `epochUtcMs` when the catalogue knows proper motions (default and synthetic: as catalogued).
   */
  starsNear(center: EquatorialCoords, radiusDeg: number, limitMag: number, epochUtcMs?: number): CatalogStar[];
}

/** mulberry32: small, fast, good enough for noise and synthetic stars. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashCell(raCell: number, decCell: number): number {
  let h = Math.imul(raCell + 1000, 73856093) ^ Math.imul(decCell + 1000, 19349663);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

export interface SyntheticCatalogOptions {
  /** Stars per square degree brighter than `faintestMag` (default 400, a mid-latitude field). */
  starsPerSqDeg?: number;
  brightestMag?: number;
  faintestMag?: number;
}

export class SyntheticStarCatalog implements StarCatalog {
  private readonly perSqDeg: number;
  private readonly brightest: number;
  private readonly faintest: number;

  constructor(options: SyntheticCatalogOptions = {}) {
    this.perSqDeg = options.starsPerSqDeg ?? 400;
    this.brightest = options.brightestMag ?? 6;
    this.faintest = options.faintestMag ?? 17;
  }

  starsNear(center: EquatorialCoords, radiusDeg: number, limitMag: number): CatalogStar[] {
    const out: CatalogStar[] = [];
    const decLo = Math.max(-90, Math.floor(center.decDeg - radiusDeg));
    const decHi = Math.min(89, Math.floor(center.decDeg + radiusDeg));
    const maxAbsDec = Math.min(89.9, Math.max(Math.abs(decLo), Math.abs(decHi + 1)));
    const raSpanDeg = Math.min(180, radiusDeg / Math.cos((maxAbsDec * Math.PI) / 180));
    const raCenterDeg = center.raHours * 15;
    const raLo = Math.floor(raCenterDeg - raSpanDeg);
    const raHi = Math.floor(raCenterDeg + raSpanDeg);
    for (let dc = decLo; dc <= decHi; dc++) {
      const area = Math.cos(((dc + 0.5) * Math.PI) / 180); // square degrees in a 1°×1° cell
      for (let rc = raLo; rc <= raHi; rc++) {
        const cell = ((rc % 360) + 360) % 360;
        const rand = mulberry32(hashCell(cell, dc));
        const n = Math.round(this.perSqDeg * area * (0.8 + 0.4 * rand()));
        for (let i = 0; i < n; i++) {
          const ra = cell + rand();
          const dec = dc + rand();
          // Cumulative counts grow ~10^(0.35 m): sample the magnitude from that power law.
          const u = rand();
          const span = 1 - 10 ** (-0.35 * (this.faintest - this.brightest));
          const mag = this.faintest + Math.log10(1 - u * span) / 0.35;
          if (mag > limitMag) continue;
          out.push({ raHours: ra / 15, decDeg: dec, mag });
        }
      }
    }
    return out;
  }
}
