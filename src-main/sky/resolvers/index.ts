/**
 * Online name resolvers for the core: CDS Sesame (sidereal names), the Minor Planet Center (asteroids
 * and comets as OCS orbital elements), JPL Horizons (planets, and small bodies when the MPC fails), a JSON cache in the data dir, and `resolveName`, which puts
 * the bundled catalog first and answers "offline" clearly when no service can be reached.
 */
export type { HttpGet, HttpGetOptions, HttpGetResult } from './http-get';
export { httpGet } from './http-get';
export type { SesameOptions } from './sesame';
export { SESAME_BASE_URL, SesameResolver, parseSesameXml } from './sesame';
export type { HorizonsOptions } from './horizons';
export { HORIZONS_BASE_URL, HorizonsResolver, horizonsUrl } from './horizons';
export type { HorizonsParse } from './horizons-parse';
export { HORIZONS_MAJOR_IDS, horizonsCommand, looksLikeComet, looksLikeSolarSystem, parseHorizonsElements } from './horizons-parse';
export type { HttpGetJsonBody, MpcOptions } from './mpc';
export { MPC_BASE_URL, MpcResolver, httpGetJsonBody } from './mpc';
export type { MpcParse } from './mpc-parse';
export { mpcDesignation, parseMpcOrbit } from './mpc-parse';
export { FOUND_TTL_MS, NOT_FOUND_TTL_MS, ResolverCache, cachedResolver } from './resolver-cache';
export type { OnlineResolverOptions } from './resolve-name';
export { createOnlineResolvers, onlineOrder, resolveName } from './resolve-name';
export { ocsTargetOf } from './ocs-target';
export { loadBundledCatalog } from './bundled-catalog';
