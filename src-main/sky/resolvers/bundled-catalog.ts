/** The offline name resolver over the catalogues bundled in resources/catalogs (stars.json, dso.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogResolver, decodeDsoCatalog, decodeStarCatalog } from '../../../src-shared/sky';

/** Reads and decodes both catalogues (a few MB: call once and keep the resolver). */
export function loadBundledCatalog(resourcesDir: string): CatalogResolver {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(resourcesDir, 'catalogs', name), 'utf8'));
  return new CatalogResolver(decodeStarCatalog(read('stars.json')), decodeDsoCatalog(read('dso.json')));
}
