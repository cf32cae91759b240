/**
 * Reading JPL Horizons ELEMENTS answers (heliocentric osculating elements, J2000 ecliptic, AU and
 * days) into OCS ORBITAL_ELEMENTS. Pure: no IO.
 */
import type { OrbitalElements } from '../../../src-shared/astro';

/** MJD = JD − 2400000.5. */
const MJD_OFFSET = 2_400_000.5;

/** Horizons' ids of the planets (and Pluto), whose elements OCS takes as JPL_MAJOR_PLANET. */
export const HORIZONS_MAJOR_IDS: Record<string, string> = {
  mercury: '199', venus: '299', mars: '499', jupiter: '599', saturn: '699', uranus: '799', neptune: '899', pluto: '999',
};

/** True for comet designations: '29P', '1P/Halley', 'C/2023 A3', 'P/2010 A2', '12P/Pons-Brooks'. */
export function looksLikeComet(name: string): boolean {
  return /^\s*(\d+[PDI](\/|\s|$)|[PCDXI]\/\s*\d{4})/i.test(name);
}

/** True for names that are more likely solar-system bodies than stars (comets, numbered or provisional asteroids). */
export function looksLikeSolarSystem(name: string): boolean {
  return looksLikeComet(name) || /^\s*\(?\d+\)?\s*$/.test(name) || /^\s*\d{4}\s+[A-Z]{2}\d*\s*$/.test(name) || HORIZONS_MAJOR_IDS[name.trim().toLowerCase()] !== undefined;
}

/** The COMMAND value for a name: a planet's id, a comet's designation (closest apparition, no fragments), or a small-body search. */
export function horizonsCommand(name: string): { command: string; major: boolean } {
  const n = name.trim();
  const major = HORIZONS_MAJOR_IDS[n.toLowerCase()];
  if (major !== undefined) return { command: major, major: true };
  if (looksLikeComet(n)) {
    // '12P/Pons-Brooks' → '12P'; 'C/2023 A3 (Tsuchinshan-ATLAS)' → 'C/2023 A3'.
    const des = /^\d+[PDI]\//i.test(n) ? n.slice(0, n.indexOf('/')) : n.replace(/\s*\(.*\)\s*$/, '');
    return { command: `DES=${des};CAP;NOFRAG;`, major: false };
  }
  // A trailing ';' limits the search to small bodies (asteroids and comets).
  return { command: `${n.replace(/^\((\d+)\)$/, '$1')};`, major: false };
}

export type HorizonsParse =
  | { kind: 'elements'; canonicalName: string; elements: OrbitalElements }
  | { kind: 'not-found'; message: string }
  | { kind: 'ambiguous'; message: string };

const ELEMENT_RE = /(?:^|\s)(EC|QR|IN|OM|W|Tp|N|MA|TA|A|AD|PR)\s*=\s*([-+]?\d+(?:\.\d*)?(?:[Ee][-+]?\d+)?)/g;

/**
 * Parses the `result` text of an ELEMENTS query. The first row between `$$SOE` and `$$EOE` gives the
 * elements at its epoch (JD TDB → MJD). Scheme: JPL_MAJOR_PLANET when `major`, MPC_COMET for comet
 * designations or eccentricity > 0.9 (OCS allows non-comet schemes only up to 0.9), else
 * MPC_MINOR_PLANET. Angles degrees, distances AU, daily motion degrees/day.
 */
export function parseHorizonsElements(result: string, queriedName: string, major: boolean): HorizonsParse {
  const soe = result.indexOf('$$SOE');
  const eoe = result.indexOf('$$EOE');
  if (soe < 0 || eoe < soe) {
    if (/No matches found/i.test(result)) return { kind: 'not-found', message: `JPL Horizons knows no "${queriedName.trim()}"` };
    if (/Multiple major-bodies match|Matching small-bodies|Number of matches/i.test(result)) {
      const count = /Number of matches\s*=\s*(\d+)/i.exec(result)?.[1];
      return { kind: 'ambiguous', message: `"${queriedName.trim()}" matches ${count ?? 'several'} bodies in JPL Horizons: give a number or full designation` };
    }
    const err = result.split('\n').find((l) => /error|cannot|not found/i.test(l))?.trim();
    return { kind: 'not-found', message: `JPL Horizons gave no elements for "${queriedName.trim()}"${err ? ` (${err.slice(0, 120)})` : ''}` };
  }
  const body = result.slice(soe + 5, eoe);
  const epochJd = Number(/^\s*(\d+\.\d+)/.exec(body)?.[1]);
  // Only the first row: the next epoch starts at the next 'JD = A.D.' line.
  const afterEpoch = body.replace(/^\s*\d+\.\d+[^\n]*\n/, '');
  const firstRow = afterEpoch.split(/\n\s*\d+\.\d+\s*=\s*A\.D\./)[0] ?? afterEpoch;
  const v: Record<string, number> = {};
  for (const m of firstRow.matchAll(ELEMENT_RE)) if (m[1] !== undefined && v[m[1]] === undefined) v[m[1]] = Number(m[2]);
  const need = ['EC', 'QR', 'IN', 'OM', 'W'];
  if (!Number.isFinite(epochJd) || need.some((k) => !Number.isFinite(v[k]))) return { kind: 'not-found', message: `JPL Horizons' answer for "${queriedName.trim()}" had no readable elements` };
  const rawName = /Target body name:\s*(.+?)(?:\s{2,}|\s*\{|$)/m.exec(result)?.[1]?.trim() ?? queriedName.trim();
  const e = v['EC'] ?? 0;
  const common = { epochofel: epochJd - MJD_OFFSET, orbinc: v['IN'] ?? 0, longascnode: v['OM'] ?? 0, argofperih: v['W'] ?? 0, eccentricity: e };
  let elements: OrbitalElements;
  if (major) elements = { scheme: 'JPL_MAJOR_PLANET', ...common, meandist: v['A'] ?? null, meananom: v['MA'] ?? null, dailymot: v['N'] ?? null };
  else if (looksLikeComet(queriedName) || looksLikeComet(rawName) || e > 0.9) {
    const tp = v['Tp'];
    if (tp === undefined) return { kind: 'not-found', message: `JPL Horizons' answer for "${queriedName.trim()}" had no perihelion time` };
    elements = { scheme: 'MPC_COMET', ...common, perihdist: v['QR'] ?? null, epochofperih: tp - MJD_OFFSET };
  } else elements = { scheme: 'MPC_MINOR_PLANET', ...common, meandist: v['A'] ?? null, meananom: v['MA'] ?? null };
  if (elements.scheme !== 'MPC_COMET' && (elements.meandist === null || elements.meananom === null)) return { kind: 'not-found', message: `JPL Horizons' answer for "${queriedName.trim()}" had no semi-major axis` };
  return { kind: 'elements', canonicalName: rawName, elements };
}
