/** Test helper: reads and decodes the bundled catalogs from resources/catalogs/. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeConstellations, decodeDsoCatalog, decodeMilkyWay, decodeStarCatalog } from '../../../src-shared/sky';

const DIR = join(import.meta.dirname, '..', '..', '..', 'resources', 'catalogs');
export const readCatalogJson = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));

export const loadStars = () => decodeStarCatalog(readCatalogJson('stars.json'));
export const loadDso = () => decodeDsoCatalog(readCatalogJson('dso.json'));
export const loadConstellations = () => decodeConstellations(readCatalogJson('constellations.json'));
export const loadMilkyWay = () => decodeMilkyWay(readCatalogJson('milky-way.json'));
