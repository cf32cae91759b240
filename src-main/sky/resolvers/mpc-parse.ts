/**
 * Reading the Minor Planet Center's Orbits API answer (`get-orb`, the mpc_orb JSON format, schema
 * v0.4–0.7) into OCS ORBITAL_ELEMENTS. Pure: no IO.
 *
 * The format (documented at docs.minorplanetcenter.net, "Orbits API" and "MPC_ORB JSON Format")
 * keeps each element set as parallel `coefficient_names` / `coefficient_values` lists:
 * `COM` (q, e, i, node, argperi, peri_time), `KEP` (a, e, i, node, argperi, mean_anomaly; absent in
 * some answers), with `epoch_data` {epoch, timeform 'MJD', timesystem 'TDT'} and the reference
 * `system_data.refsys` 'Ecliptic' (J2000 ecliptic and equinox, as OCS wants). Angles degrees,
 * distances AU.
 */
import type { OrbitalElements } from '../../../src-shared/astro';
import { looksLikeComet } from './horizons-parse';

/** MJD = JD − 2400000.5. */
const MJD_OFFSET = 2_400_000.5;
/** Gaussian gravitational constant in degrees/day for a = 1 AU (k · 180/π). */
const GAUSS_K_DEG = 0.01720209895 * (180 / Math.PI);

export type MpcParse = { kind: 'elements'; canonicalName: string; objectType: 'comet' | 'minor planet'; elements: OrbitalElements } | { kind: 'not-found'; message: string };

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The designation to send for a typed name: '1P/Halley' → '1P', 'C/2023 A3 (Tsuchinshan-ATLAS)' →
 * 'C/2023 A3', '(433) Eros' → '433', '(433)' → '433'; other names are sent as typed (trimmed).
 */
export function mpcDesignation(name: string): string {
  const n = name.trim();
  if (/^\d+[PDI]\//i.test(n)) return n.slice(0, n.indexOf('/'));
  if (looksLikeComet(n)) return n.replace(/\s*\(.*\)\s*$/, '');
  const numbered = /^\((\d+)\)/.exec(n);
  return numbered?.[1] ?? n;
}

/** The one mpc_orb object in an answer: `[{mpc_orb: {...} | [{...}]}, status]`, or the object itself. */
function findOrbit(body: unknown): Rec | null {
  const first: unknown = Array.isArray(body) ? (body as unknown[])[0] : body;
  if (!isRec(first)) return null;
  const orb = first['mpc_orb'] ?? (isRec(first['COM']) || isRec(first['KEP']) ? first : undefined);
  const one: unknown = Array.isArray(orb) ? orb[0] : orb;
  return isRec(one) ? one : null;
}

/** `{name: value}` of one element block, or null when the block is absent or malformed. */
function block(orb: Rec, key: string): Record<string, number> | null {
  const b = orb[key];
  if (!isRec(b) || !Array.isArray(b['coefficient_names']) || !Array.isArray(b['coefficient_values'])) return null;
  const names = b['coefficient_names'] as unknown[];
  const values = b['coefficient_values'] as unknown[];
  const out: Record<string, number> = {};
  names.forEach((n, i) => {
    const v = values[i];
    if (typeof n === 'string' && typeof v === 'number' && Number.isFinite(v)) out[n] = v;
  });
  return out;
}

/** A time in the answer as MJD: values above JD 2400000 are JDs (older answers), else MJDs. */
const asMjd = (t: number): number => (t > MJD_OFFSET ? t - MJD_OFFSET : t);

function canonicalNameOf(orb: Rec, queried: string): string {
  const d = isRec(orb['designation_data']) ? orb['designation_data'] : {};
  const str = (k: string): string | null => (typeof d[k] === 'string' && d[k] !== '' ? d[k] : null);
  const permid = str('permid');
  const name = str('name');
  const prov = str('unpacked_primary_provisional_designation');
  // Numbered comets have permids like '1P'; numbered asteroids '1' → '1 Ceres' as Horizons writes it.
  if (permid !== null && name !== null) return /^\d+$/.test(permid) ? `${permid} ${name}` : `${permid}/${name}`;
  return permid ?? prov ?? name ?? queried.trim();
}

/**
 * Parses a get-orb answer for `queriedName`. Scheme: MPC_COMET when the MPC calls the object a comet,
 * the name is a comet designation, or e > 0.9 (OCS allows the other schemes only up to 0.9);
 * otherwise MPC_MINOR_PLANET, from the KEP block (or derived from COM when KEP is absent:
 * a = q/(1−e), M = n·(epoch − T)). Epochs MJD (TT).
 */
export function parseMpcOrbit(body: unknown, queriedName: string): MpcParse {
  const q = queriedName.trim();
  const orb = findOrbit(body);
  if (orb === null) return { kind: 'not-found', message: `The MPC knows no "${q}"` };
  const com = block(orb, 'COM');
  const kep = block(orb, 'KEP');
  const epochData = isRec(orb['epoch_data']) ? orb['epoch_data'] : {};
  const epochRaw = epochData['epoch'];
  if (typeof epochRaw !== 'number' || !Number.isFinite(epochRaw)) return { kind: 'not-found', message: `The MPC's orbit for "${q}" has no epoch` };
  const epochofel = epochData['timeform'] === 'JD' ? epochRaw - MJD_OFFSET : asMjd(epochRaw);
  const src = com ?? kep;
  const e = src?.['e'];
  const i = src?.['i'];
  const node = src?.['node'];
  const peri = src?.['argperi'];
  if (e === undefined || i === undefined || node === undefined || peri === undefined) return { kind: 'not-found', message: `The MPC's orbit for "${q}" has no readable elements` };
  const cat = isRec(orb['categorization']) ? orb['categorization'] : {};
  const typeStr = typeof cat['object_type_str'] === 'string' ? cat['object_type_str'] : '';
  const canonicalName = canonicalNameOf(orb, q);
  const comet = /comet/i.test(typeStr) || looksLikeComet(q) || looksLikeComet(canonicalName) || e > 0.9;
  const common = { epochofel, orbinc: i, longascnode: node, argofperih: peri, eccentricity: e };
  if (comet) {
    const qAu = com?.['q'] ?? (kep?.['a'] !== undefined ? kep['a'] * (1 - e) : undefined);
    const tp = com?.['peri_time'];
    if (qAu === undefined || tp === undefined) return { kind: 'not-found', message: `The MPC's orbit for "${q}" has no perihelion distance or time` };
    return { kind: 'elements', canonicalName, objectType: 'comet', elements: { scheme: 'MPC_COMET', ...common, perihdist: qAu, epochofperih: asMjd(tp) } };
  }
  let a = kep?.['a'];
  let m = kep?.['mean_anomaly'];
  if ((a === undefined || m === undefined) && com?.['q'] !== undefined && com['peri_time'] !== undefined && e < 1) {
    a = com['q'] / (1 - e);
    const nDegPerDay = GAUSS_K_DEG / Math.pow(a, 1.5);
    m = (((nDegPerDay * (epochofel - asMjd(com['peri_time']))) % 360) + 360) % 360;
  }
  if (a === undefined || m === undefined) return { kind: 'not-found', message: `The MPC's orbit for "${q}" has no semi-major axis` };
  return { kind: 'elements', canonicalName, objectType: 'minor planet', elements: { scheme: 'MPC_MINOR_PLANET', ...common, meandist: a, meananom: m } };
}
