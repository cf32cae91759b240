/**
 * The sky the simulated camera sees: the bundled bright-star catalogue (V ≤ 6.5, real positions,
 * proper motion to the exposure epoch) with synthetic stars below its limit (faint-stars.ts).
 * Simulated devices get the catalogue file through their `starCatalogPath` option, which
 * loadTelescopeDevices fills from the resources directory; without it they fall back to the fully
 * synthetic sky (star-field.ts).
 */
import { join } from 'node:path';
import type { EquatorialCoords } from '../types';
import { loadBundledStarCatalog } from './bundled-catalog';
import { FaintStarField } from './faint-stars';
import type { CatalogStar, StarCatalog } from './star-field';

/** Sim device option naming the `nightshift.stars/1` file (absolute path). */
export const STAR_CATALOG_OPTION = 'starCatalogPath';

/** Where the bundled star catalogue lives under the app's resources directory. */
export function bundledStarCatalogPath(resourcesDir: string): string {
  return join(resourcesDir, 'catalogs', 'stars.json');
}

/** A bright catalogue complete to `brightLimitMag` plus a fill-in for fainter stars. */
export class LayeredStarCatalog implements StarCatalog {
  /** The last fill-in query: successive exposures of one field reuse its (epoch-free) stars. */
  private memo: { key: string; stars: CatalogStar[] } | null = null;

  constructor(
    private readonly bright: () => { catalog: StarCatalog; limitMag: number },
    private readonly faint: (brightLimitMag: number) => StarCatalog,
  ) {}

  starsNear(center: EquatorialCoords, radiusDeg: number, limitMag: number, epochUtcMs?: number): CatalogStar[] {
    const { catalog, limitMag: split } = this.bright();
    const out = catalog.starsNear(center, radiusDeg, Math.min(limitMag, split), epochUtcMs);
    if (limitMag <= split) return out;
    const key = `${center.raHours},${center.decDeg},${radiusDeg},${limitMag},${split}`;
    if (this.memo?.key !== key) this.memo = { key, stars: this.faint(split).starsNear(center, radiusDeg, limitMag).filter((s) => s.mag > split) };
    for (const s of this.memo.stars) out.push(s);
    return out;
  }
}

/**
 * The bundled catalogue at `path` plus synthetic stars to `faintestMag` (default 20). The file is
 * read on the first query (device factories must not do IO) and shared by the whole process; a
 * missing or malformed file makes that query throw (the exposure then fails with the error).
 */
export function createSkyCatalog(path: string, faintestMag = 20): StarCatalog {
  let faint: FaintStarField | null = null;
  return new LayeredStarCatalog(
    () => {
      const c = loadBundledStarCatalog(path);
      return { catalog: c, limitMag: c.limitMag };
    },
    (split) => (faint ??= new FaintStarField({ brightestMag: split, faintestMag })),
  );
}
