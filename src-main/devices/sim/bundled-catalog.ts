/**
 * The bundled bright-star catalogue (resources/catalogs/stars.json, V ≤ 6.5, ICRS at epoch J2000.0)
 * as a {@link StarCatalog} for simulated images, indexed for cone queries.
 *
 * Index: 2° declination bands, each holding its stars sorted by RA. A cone query visits the bands
 * it overlaps and, in each, binary-searches the RA window the cone can reach (|Δα| ≤
 * asin(sin r / cos δ0); the whole band when the cone holds a pole), then tests the exact separation. With ~8 900 stars
 * that is ~100 stars a band: a 1° query looks at a few dozen candidates instead of all of them.
 *
 * Positions are moved to the epoch of the exposure with the catalogue's proper motions (linear in
 * RA·cos Dec and Dec; parallax and radial velocity ignored: < 1″ for these stars), so a frame in
 * 2026 shows Sirius ~35″ from its J2000.0 place, where it really is.
 */
import { readFileSync } from 'node:fs';
import { decodeStarCatalog, type StarCatalog as DecodedStars } from '../../../src-shared/sky/catalog-decode';
import type { EquatorialCoords } from '../types';
import type { CatalogStar, StarCatalog } from './star-field';

const DEG = Math.PI / 180;
const BAND_DEG = 2;
const BANDS = 180 / BAND_DEG;
const J2000_UTC_MS = Date.UTC(2000, 0, 1, 12, 0, 0);
const MS_PER_JULIAN_YEAR = 365.25 * 86_400_000;
/** Largest proper-motion displacement a query must allow for, degrees (61 Cyg: 5″/yr × 200 yr). */
const PM_MARGIN_DEG = 0.3;

interface Band {
  /** Star indices sorted by RA. */
  index: Int32Array;
  /** RA of those stars, degrees, ascending (for binary search). */
  raDeg: Float64Array;
}

export class BundledStarCatalog implements StarCatalog {
  /** Magnitude limit of the catalogue (fainter stars are not in it). */
  readonly limitMag: number;
  private readonly bands: Band[];

  constructor(private readonly stars: DecodedStars, limitMag = 6.5) {
    this.limitMag = limitMag;
    const members: number[][] = Array.from({ length: BANDS }, () => []);
    for (let i = 0; i < stars.count; i++) members[bandOf(stars.decDeg[i] as number)]?.push(i);
    this.bands = members.map((list) => {
      list.sort((a, b) => (stars.raDeg[a] as number) - (stars.raDeg[b] as number));
      const index = Int32Array.from(list);
      return { index, raDeg: Float64Array.from(list, (i) => stars.raDeg[i] as number) };
    });
  }

  get count(): number {
    return this.stars.count;
  }

  /**
   * Stars within `radiusDeg` of `center` (J2000/ICRS) with V ≤ `limitMag`, at their place at
   * `epochUtcMs` (default J2000.0). Order: unspecified.
   */
  starsNear(center: EquatorialCoords, radiusDeg: number, limitMag: number, epochUtcMs?: number): CatalogStar[] {
    const s = this.stars;
    const years = epochUtcMs === undefined ? 0 : (epochUtcMs - J2000_UTC_MS) / MS_PER_JULIAN_YEAR;
    const searchDeg = radiusDeg + (years === 0 ? 0 : PM_MARGIN_DEG);
    const ra0 = center.raHours * 15;
    const cosLimit = Math.cos(Math.min(180, radiusDeg) * DEG);
    const c0 = unit(ra0, center.decDeg);
    const out: CatalogStar[] = [];
    const visit = (i: number): void => {
      const mag = s.vMag[i] as number;
      if (mag > limitMag) return;
      let dec = s.decDeg[i] as number;
      let ra = s.raDeg[i] as number;
      if (years !== 0) {
        const cosDec = Math.max(1e-6, Math.cos(dec * DEG));
        ra += ((s.pmRaMasPerYr[i] as number) * years) / 3.6e6 / cosDec;
        dec += ((s.pmDecMasPerYr[i] as number) * years) / 3.6e6;
      }
      const u = unit(ra, dec);
      if (u[0] * c0[0] + u[1] * c0[1] + u[2] * c0[2] < cosLimit) return;
      out.push({ raHours: (((ra % 360) + 360) % 360) / 15, decDeg: dec, mag });
    };
    const decLo = Math.max(-90, center.decDeg - searchDeg);
    const decHi = Math.min(90, center.decDeg + searchDeg);
    // Every point within r of (α0, δ0) has |α − α0| ≤ asin(sin r / cos δ0) unless the cone holds a pole.
    const wholeBands = Math.abs(center.decDeg) + searchDeg >= 89.999 || searchDeg >= 90;
    const halfRaDeg = wholeBands ? 360 : Math.asin(Math.min(1, Math.sin(searchDeg * DEG) / Math.cos(center.decDeg * DEG))) / DEG;
    for (let b = bandOf(decLo); b <= bandOf(decHi); b++) {
      const band = this.bands[b];
      if (!band) continue;
      if (halfRaDeg >= 180) {
        for (const i of band.index) visit(i);
        continue;
      }
      const lo = ra0 - halfRaDeg;
      const hi = ra0 + halfRaDeg;
      // Up to two [from, to) RA intervals in [0, 360).
      const spans: [number, number][] = lo < 0 ? [[lo + 360, 360], [0, hi]] : hi >= 360 ? [[lo, 360], [0, hi - 360]] : [[lo, hi]];
      for (const [from, to] of spans) {
        for (let k = lowerBound(band.raDeg, from); k < band.raDeg.length && (band.raDeg[k] as number) <= to; k++) visit(band.index[k] as number);
      }
    }
    return out;
  }
}

function bandOf(decDeg: number): number {
  return Math.min(BANDS - 1, Math.max(0, Math.floor((decDeg + 90) / BAND_DEG)));
}

function unit(raDeg: number, decDeg: number): [number, number, number] {
  const ra = raDeg * DEG;
  const dec = decDeg * DEG;
  return [Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)];
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Parsed catalogues by file path: each file is read and indexed once per process. */
const LOADED = new Map<string, BundledStarCatalog>();

/**
 * The catalogue in `path` (a `nightshift.stars/1` file), read and indexed on first use and shared
 * by every caller in the process. Throws AppError('config.invalid') on a malformed file and the
 * filesystem error when it cannot be read.
 */
export function loadBundledStarCatalog(path: string): BundledStarCatalog {
  const hit = LOADED.get(path);
  if (hit) return hit;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { magLimit?: unknown };
  const catalog = new BundledStarCatalog(decodeStarCatalog(raw), typeof raw.magLimit === 'number' ? raw.magLimit : 6.5);
  LOADED.set(path, catalog);
  return catalog;
}
