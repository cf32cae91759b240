/**
 * Name resolution in the core: the bundled catalog first (instant, offline), then the online
 * services, each answer cached in the data dir. Never throws: when no online service could be
 * asked the answer is `offline` and says that only the bundled catalog was searched.
 */
import { join } from 'node:path';
import type { NameResolver, ResolveAnswer, ResolveOptions, ResolverId } from '../../../src-shared/sky';
import type { Clock } from '../../clock';
import { HorizonsResolver } from './horizons';
import { HORIZONS_MAJOR_IDS, looksLikeSolarSystem } from './horizons-parse';
import type { HttpGet } from './http-get';
import { MpcResolver, type HttpGetJsonBody } from './mpc';
import { ResolverCache, cachedResolver } from './resolver-cache';
import { SesameResolver } from './sesame';

export interface OnlineResolverOptions {
  /** The data dir; the cache is `<dataDir>/cache/name-resolver.json`. */
  dataDir: string;
  clock: Clock;
  /** Defaults: the public endpoints (SESAME_BASE_URL, HORIZONS_BASE_URL, MPC_BASE_URL). */
  sesameBaseUrl?: string;
  horizonsBaseUrl?: string;
  mpcBaseUrl?: string;
  /** Real milliseconds per query before it counts as offline (defaults 8 s Sesame, 15 s Horizons, 10 s MPC). */
  timeoutMs?: number;
  get?: HttpGet;
  /** The MPC's API takes a JSON body on GET; default `httpGetJsonBody`. */
  getJsonBody?: HttpGetJsonBody;
}

/**
 * Sesame, the MPC and Horizons, each behind the shared on-disk cache. `resolveName` reorders them
 * per name (planets → Horizons first; small-body designations → the MPC first).
 */
export function createOnlineResolvers(o: OnlineResolverOptions): NameResolver[] {
  const cache = new ResolverCache(join(o.dataDir, 'cache', 'name-resolver.json'), o.clock);
  const timeout = o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs };
  const get = o.get === undefined ? {} : { get: o.get };
  return [
    cachedResolver(new SesameResolver({ ...timeout, ...get, ...(o.sesameBaseUrl === undefined ? {} : { baseUrl: o.sesameBaseUrl }) }), cache),
    cachedResolver(new MpcResolver({ ...timeout, ...(o.getJsonBody === undefined ? {} : { get: o.getJsonBody }), ...(o.mpcBaseUrl === undefined ? {} : { baseUrl: o.mpcBaseUrl }) }), cache),
    cachedResolver(new HorizonsResolver({ ...timeout, ...get, ...(o.horizonsBaseUrl === undefined ? {} : { baseUrl: o.horizonsBaseUrl }) }), cache),
  ];
}

/**
 * A planet the catalog knows only by name has no OCS target; Horizons can give its osculating
 * elements (JPL_MAJOR_PLANET). The catalog's answer stands when Horizons is absent or unreachable.
 */
async function withPlanetElements(answer: Extract<ResolveAnswer, { status: 'found' }>, online: readonly NameResolver[], opts: ResolveOptions): Promise<ResolveAnswer> {
  const t = answer.result.target;
  const horizons = online.find((r) => r.id === 'horizons');
  if (t.kind !== 'major-body' || horizons === undefined || HORIZONS_MAJOR_IDS[t.body] === undefined) return answer;
  try {
    const h = await horizons.resolve(answer.result.canonicalName, opts);
    return h.status === 'found' ? { status: 'found', result: { ...h.result, canonicalName: answer.result.canonicalName, objectType: answer.result.objectType } } : answer;
  } catch {
    return answer;
  }
}

const LABEL: Record<ResolverId, string> = { catalog: 'the bundled catalog', sesame: 'Sesame (Simbad/NED/VizieR)', horizons: 'JPL Horizons', mpc: 'the MPC' };

/**
 * The order in which `online` is asked for `name`: planet names ask Horizons first (the MPC has no
 * planets); small-body designations ('29P', 'C/2023 A3', '433', '2024 AB') ask the MPC, then
 * Horizons (the fallback when the MPC is down or does not know it), then Sesame; any other name
 * keeps the given order (Sesame first for stars and galaxies, then the MPC for asteroid names such
 * as 'Ceres').
 */
export function onlineOrder(online: readonly NameResolver[], name: string): NameResolver[] {
  const rank = (id: ResolverId): number => {
    if (HORIZONS_MAJOR_IDS[name.trim().toLowerCase()] !== undefined) return id === 'horizons' ? 0 : 1;
    if (looksLikeSolarSystem(name)) return id === 'mpc' ? 0 : id === 'horizons' ? 1 : 2;
    return 0;
  };
  // Array.prototype.sort is stable: equal ranks keep the given order.
  return [...online].sort((a, b) => rank(a.id) - rank(b.id));
}

/**
 * Resolves `name`: `catalog` first, then `online` in `onlineOrder`.
 * Answers: the first `found` (its `resolver` says which source); `offline` when no online resolver
 * could be asked ("offline; only the bundled catalog was searched"); otherwise `not-found` naming
 * every source that looked and any that could not be reached.
 */
export async function resolveName(catalog: NameResolver, online: readonly NameResolver[], name: string, opts: ResolveOptions): Promise<ResolveAnswer> {
  const ordered = onlineOrder(online, name);
  const looked: ResolverId[] = [];
  const unreachable: string[] = [];
  let lastNotFound: ResolveAnswer | null = null;
  for (const r of [catalog, ...ordered]) {
    let answer: ResolveAnswer;
    try {
      answer = await r.resolve(name, opts);
    } catch (e) {
      answer = { status: 'offline', resolver: r.id, message: e instanceof Error ? e.message : String(e) };
    }
    if (answer.status === 'found') return r === catalog ? withPlanetElements(answer, online, opts) : answer;
    if (answer.status === 'offline') unreachable.push(`${LABEL[r.id]}: ${answer.message}`);
    else {
      looked.push(r.id);
      lastNotFound = answer;
    }
  }
  const n = name.trim();
  if (looked.every((id) => id === catalog.id) && online.length > 0 && unreachable.length === online.length) {
    return { status: 'offline', resolver: catalog.id, message: `Offline; only the bundled catalog was searched, and "${n}" is not in it (${unreachable.join('; ')})` };
  }
  if (online.length === 0) return lastNotFound ?? { status: 'not-found', resolver: catalog.id, message: `"${n}" is not in the bundled catalog` };
  const where = looked.map((id) => LABEL[id]).join(', ');
  const also = unreachable.length > 0 ? `; could not reach ${unreachable.join('; ')}` : '';
  // The last resolver's own words say why (ambiguous designation, nothing found).
  const why = lastNotFound !== null && lastNotFound.status === 'not-found' && lastNotFound.resolver !== catalog.id ? ` (${lastNotFound.message})` : '';
  return { status: 'not-found', resolver: lastNotFound?.resolver ?? catalog.id, message: `"${n}" was not found in ${where}${why}${also}` };
}
