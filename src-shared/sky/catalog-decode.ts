/**
 * Decoders for the bundled catalogs in resources/catalogs/ (columnar JSON written by
 * scripts/catalogs/build-catalogs.mjs). They check the shape once and copy the columns into typed
 * arrays so per-frame code never touches JSON objects. A malformed file throws
 * AppError('config.invalid') naming the file and field.
 */
import { AppError } from '../errors';

/** Bright stars, brightest first. Positions ICRS at epoch J2000.0. */
export interface StarCatalog {
  count: number;
  raDeg: Float64Array;
  decDeg: Float64Array;
  /** μα·cos δ, mas/yr. */
  pmRaMasPerYr: Float32Array;
  pmDecMasPerYr: Float32Array;
  parallaxMas: Float32Array;
  /** Visual magnitude V. */
  vMag: Float32Array;
  /** B−V colour index, magnitudes. */
  bv: Float32Array;
  /** Yale Bright Star number, 0 when none. */
  hr: Int32Array;
  /** Two-character spectral class ('' when unknown). */
  spectral: readonly string[];
  /** Proper names by star index (e.g. 0 → 'Sirius'). */
  properNames: ReadonlyMap<number, string>;
  /** Bayer/Flamsteed designations by star index. */
  designations: ReadonlyMap<number, StarDesignation>;
}

export interface StarDesignation {
  /** Three-letter Bayer abbreviation with optional superscript digit ('alp', 'alp1'), '' when none. */
  bayer: string;
  /** Flamsteed number, 0 when none. */
  flamsteed: number;
  /** IAU constellation abbreviation ('CMa'). */
  constellation: string;
}

export interface ConstellationLabel {
  /** IAU abbreviation ('UMa'; both parts of Serpens are 'Ser'). */
  abbr: string;
  name: string;
  raDeg: number;
  decDeg: number;
}

export interface ConstellationCatalog {
  labels: readonly ConstellationLabel[];
  /** Stick-figure segments, flat [ra1, dec1, ra2, dec2, …] degrees (J2000). */
  segmentsRaDecDeg: Float64Array;
}

export interface MilkyWayOutline {
  /** Each polyline flat [ra, dec, ra, dec, …] degrees (J2000). */
  polylinesRaDecDeg: readonly Float64Array[];
}

export type DsoType =
  | 'star'
  | 'open-cluster'
  | 'globular-cluster'
  | 'nebula'
  | 'planetary-nebula'
  | 'supernova-remnant'
  | 'galaxy'
  | 'asterism'
  | 'galaxy-cluster'
  | 'dark-nebula'
  | 'multiple-star'
  | 'other';

const DSO_TYPES: readonly DsoType[] = ['star', 'open-cluster', 'globular-cluster', 'nebula', 'planetary-nebula', 'supernova-remnant', 'galaxy', 'asterism', 'galaxy-cluster', 'dark-nebula', 'multiple-star', 'other'];

/** NGC/IC objects (OpenNGC), NGC first then IC, by number. Positions ICRS J2000. */
export interface DsoCatalog {
  count: number;
  /** Primary designation, 'NGC 224', 'IC 434', or 'M 45' for the two Messier objects outside NGC/IC. */
  id: readonly string[];
  /** Messier number, 0 when none. */
  messier: Int32Array;
  type: readonly DsoType[];
  raDeg: Float64Array;
  decDeg: Float64Array;
  /** Magnitude, NaN when unknown. */
  vMag: Float32Array;
  /** Major / minor axis, arcmin, NaN when unknown. */
  majorArcmin: Float32Array;
  minorArcmin: Float32Array;
  /** Position angle of the major axis, degrees east of north, NaN when unknown. */
  paDeg: Float32Array;
  /** Other NGC/IC designations of the same object. */
  aliases: readonly (readonly string[])[];
  /** Common names ('Andromeda Galaxy'). */
  commonNames: readonly (readonly string[])[];
}

type Json = Record<string, unknown>;

function fail(file: string, field: string, why: string): never {
  throw new AppError('config.invalid', `catalog ${file}: ${field} ${why}`, { file, field });
}
function obj(raw: unknown, file: string, format: string): Json {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(file, 'root', 'is not an object');
  const o = raw as Json;
  if (o.format !== format) fail(file, 'format', `is ${String(o.format)}, expected ${format}`);
  return o;
}
function numbers(o: Json, file: string, field: string, length: number | null, nullable = false): number[] {
  const a = o[field];
  if (!Array.isArray(a)) fail(file, field, 'is not an array');
  if (length !== null && a.length !== length) fail(file, field, `has ${a.length} entries, expected ${length}`);
  for (const x of a) {
    if (x === null && nullable) continue;
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(file, field, 'holds a non-number');
  }
  return (a as (number | null)[]).map((x) => (x === null ? Number.NaN : x));
}
function strings(o: Json, file: string, field: string, length: number): string[] {
  const a = o[field];
  if (!Array.isArray(a) || a.length !== length || !a.every((x) => typeof x === 'string')) fail(file, field, `is not ${length} strings`);
  return a;
}
function tuples(o: Json, file: string, field: string): unknown[][] {
  const a = o[field];
  if (!Array.isArray(a) || !a.every((x) => Array.isArray(x))) fail(file, field, 'is not a list of tuples');
  return a as unknown[][];
}

/** Decodes resources/catalogs/stars.json. */
export function decodeStarCatalog(raw: unknown): StarCatalog {
  const f = 'stars.json';
  const o = obj(raw, f, 'nightshift.stars/1');
  const n = numbers({ c: [o.count] }, f, 'c', 1)[0] ?? 0;
  const spectral = typeof o.spectral === 'string' ? o.spectral.split('|') : fail(f, 'spectral', 'is not a string');
  if (spectral.length !== n) fail(f, 'spectral', `has ${spectral.length} entries, expected ${n}`);
  const properNames = new Map<number, string>();
  for (const t of tuples(o, f, 'names')) {
    const [i, name] = t;
    if (typeof i !== 'number' || i < 0 || i >= n || typeof name !== 'string') fail(f, 'names', 'holds a bad entry');
    properNames.set(i, name);
  }
  const designations = new Map<number, StarDesignation>();
  for (const t of tuples(o, f, 'designations')) {
    const [i, bayer, flamsteed, constellation] = t;
    if (typeof i !== 'number' || i < 0 || i >= n || typeof bayer !== 'string' || typeof flamsteed !== 'number' || typeof constellation !== 'string') fail(f, 'designations', 'holds a bad entry');
    designations.set(i, { bayer, flamsteed, constellation });
  }
  return {
    count: n,
    raDeg: Float64Array.from(numbers(o, f, 'raDeg', n)),
    decDeg: Float64Array.from(numbers(o, f, 'decDeg', n)),
    pmRaMasPerYr: Float32Array.from(numbers(o, f, 'pmRaMasPerYr', n)),
    pmDecMasPerYr: Float32Array.from(numbers(o, f, 'pmDecMasPerYr', n)),
    parallaxMas: Float32Array.from(numbers(o, f, 'parallaxMas', n)),
    vMag: Float32Array.from(numbers(o, f, 'vMag', n)),
    bv: Float32Array.from(numbers(o, f, 'bv', n)),
    hr: Int32Array.from(numbers(o, f, 'hr', n)),
    spectral,
    properNames,
    designations,
  };
}

/** Decodes resources/catalogs/constellations.json. */
export function decodeConstellations(raw: unknown): ConstellationCatalog {
  const f = 'constellations.json';
  const o = obj(raw, f, 'nightshift.constellations/1');
  const labels = o.labels;
  if (!Array.isArray(labels)) fail(f, 'labels', 'is not an array');
  const out: ConstellationLabel[] = labels.map((l: unknown) => {
    const x = l as Partial<ConstellationLabel> | null;
    if (!x || typeof x.abbr !== 'string' || typeof x.name !== 'string' || typeof x.raDeg !== 'number' || typeof x.decDeg !== 'number') fail(f, 'labels', 'holds a bad entry');
    return { abbr: x.abbr, name: x.name, raDeg: x.raDeg, decDeg: x.decDeg };
  });
  const seg = numbers(o, f, 'segmentsRaDecDeg', null);
  if (seg.length % 4 !== 0) fail(f, 'segmentsRaDecDeg', 'length is not a multiple of 4');
  return { labels: out, segmentsRaDecDeg: Float64Array.from(seg) };
}

/** Decodes resources/catalogs/milky-way.json. */
export function decodeMilkyWay(raw: unknown): MilkyWayOutline {
  const f = 'milky-way.json';
  const o = obj(raw, f, 'nightshift.milky-way/1');
  const lines = o.polylinesRaDecDeg;
  if (!Array.isArray(lines)) fail(f, 'polylinesRaDecDeg', 'is not an array');
  return {
    polylinesRaDecDeg: lines.map((_l, i) => {
      const a = numbers(lines as unknown as Json, f, String(i), null);
      if (a.length % 2 !== 0) fail(f, 'polylinesRaDecDeg', 'holds an odd-length polyline');
      return Float64Array.from(a);
    }),
  };
}

/** Decodes resources/catalogs/dso.json. */
export function decodeDsoCatalog(raw: unknown): DsoCatalog {
  const f = 'dso.json';
  const o = obj(raw, f, 'nightshift.dso/1');
  const n = numbers({ c: [o.count] }, f, 'c', 1)[0] ?? 0;
  const types = strings(o, f, 'types', Array.isArray(o.types) ? o.types.length : -1);
  const typeIndex = numbers(o, f, 'type', n);
  const type = typeIndex.map((t) => {
    const name = types[t];
    const known = DSO_TYPES.find((d) => d === name);
    if (known === undefined) fail(f, 'type', `holds unknown type ${String(name)}`);
    return known;
  });
  const split = (s: string): string[] => (s === '' ? [] : s.split('|'));
  return {
    count: n,
    id: strings(o, f, 'id', n),
    messier: Int32Array.from(numbers(o, f, 'messier', n)),
    type,
    raDeg: Float64Array.from(numbers(o, f, 'raDeg', n)),
    decDeg: Float64Array.from(numbers(o, f, 'decDeg', n)),
    vMag: Float32Array.from(numbers(o, f, 'vMag', n, true)),
    majorArcmin: Float32Array.from(numbers(o, f, 'majorArcmin', n, true)),
    minorArcmin: Float32Array.from(numbers(o, f, 'minorArcmin', n, true)),
    paDeg: Float32Array.from(numbers(o, f, 'paDeg', n, true)),
    aliases: strings(o, f, 'aliases', n).map(split),
    commonNames: strings(o, f, 'common', n).map(split),
  };
}
