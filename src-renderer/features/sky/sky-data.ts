/**
 * Loads and decodes the bundled catalogs (resources/catalogs/). Dynamic imports let Vite split the
 * ~1.3 MB of JSON into their own chunks, fetched only when the Sky view opens; they work the same in
 * Electron (file://) and in the browser console, and in tests under Node.
 */
import {
  decodeConstellations,
  decodeDsoCatalog,
  decodeMilkyWay,
  decodeStarCatalog,
  type ConstellationCatalog,
  type DsoCatalog,
  type MilkyWayOutline,
  type StarCatalog,
} from '../../../src-shared/sky';

export interface SkyCatalogs {
  stars: StarCatalog;
  dso: DsoCatalog;
  constellations: ConstellationCatalog;
  milkyWay: MilkyWayOutline;
}

let cached: Promise<SkyCatalogs> | null = null;

/** The decoded catalogs, loaded once per page. Rejects with AppError('config.invalid') on a bad file. */
export function loadSkyCatalogs(): Promise<SkyCatalogs> {
  cached ??= Promise.all([
    import('../../../resources/catalogs/stars.json'),
    import('../../../resources/catalogs/dso.json'),
    import('../../../resources/catalogs/constellations.json'),
    import('../../../resources/catalogs/milky-way.json'),
  ]).then(([stars, dso, constellations, milkyWay]) => ({
    stars: decodeStarCatalog(stars.default),
    dso: decodeDsoCatalog(dso.default),
    constellations: decodeConstellations(constellations.default),
    milkyWay: decodeMilkyWay(milkyWay.default),
  }));
  return cached;
}
