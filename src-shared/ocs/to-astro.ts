/**
 * OCS shapes (request targets and constraints, configdb telescopes) → the visibility engine's own
 * types (src-shared/astro), and the request validator's visibility seam (rule 12) built on them.
 * This is the one place where OCS field names meet engine field names, so the validator, the
 * scheduler and the console all read an OCS target the same way.
 */
import {
  darkIntervals,
  intersect,
  largest,
  normalize,
  requestVisibility,
  type Interval,
  type ObservingConstraints,
  type HorizonMaskPoint,
  type Target as AstroTarget,
  type TelescopeLimits,
  type VisibilityOptions,
} from '../astro';
import type { Constraints, HorizonMask, Location, Request, SitesResponse, Target as OcsTarget, Telescope } from '../schemas';
import { SCHEDULABLE_ORBITAL_SCHEMES, parseOcsDatetimeMs } from '../schemas';
import { placementsAt, type ConfigdbIndex } from './configdb-index';

/**
 * The engine's target for an OCS target, or null when the engine cannot compute it (the ASA_* and
 * JPL_MINOR_PLANET schemes, which the OCS rise-set adapter rejects too).
 */
export function toAstroTarget(t: OcsTarget): AstroTarget | null {
  switch (t.type) {
    case 'ICRS':
      return {
        type: 'ICRS',
        raDeg: t.ra,
        decDeg: t.dec,
        // OCS proper_motion_ra is μα·cos δ (mas/yr), which is what the engine expects too.
        properMotionRaMasPerYr: t.proper_motion_ra,
        properMotionDecMasPerYr: t.proper_motion_dec,
        parallaxMas: t.parallax,
        epochJulianYear: t.epoch,
      };
    case 'HOUR_ANGLE':
      return { type: 'HOUR_ANGLE', hourAngleHours: t.hour_angle, decDeg: t.dec };
    case 'SATELLITE':
      return {
        type: 'SATELLITE',
        altitudeDeg: t.altitude,
        azimuthDeg: t.azimuth,
        diffEpochMjd: t.diff_epoch,
        diffAltitudeRateArcsecPerSec: t.diff_altitude_rate,
        diffAzimuthRateArcsecPerSec: t.diff_azimuth_rate,
        diffAltitudeAccelerationArcsecPerSec2: t.diff_altitude_acceleration,
        diffAzimuthAccelerationArcsecPerSec2: t.diff_azimuth_acceleration,
      };
    case 'ORBITAL_ELEMENTS': {
      if (!SCHEDULABLE_ORBITAL_SCHEMES.includes(t.scheme)) return null;
      const el = t as Extract<OcsTarget, { scheme: 'MPC_MINOR_PLANET' | 'MPC_COMET' | 'JPL_MAJOR_PLANET' }>;
      const base = { type: 'ORBITAL_ELEMENTS' as const, epochofel: el.epochofel, orbinc: el.orbinc, longascnode: el.longascnode, eccentricity: el.eccentricity };
      switch (el.scheme) {
        case 'MPC_COMET':
          return { ...base, scheme: el.scheme, argofperih: el.argofperih, perihdist: el.perihdist, epochofperih: el.epochofperih };
        case 'MPC_MINOR_PLANET':
          return { ...base, scheme: el.scheme, argofperih: el.argofperih, meandist: el.meandist, meananom: el.meananom };
        case 'JPL_MAJOR_PLANET':
          return { ...base, scheme: el.scheme, argofperih: el.argofperih, meandist: el.meandist, meananom: el.meananom, dailymot: el.dailymot };
      }
    }
  }
}

/** True for targets OCS rise-set treats as static (visible whenever it is dark): SATELLITE, HOUR_ANGLE. */
export function isStaticOcsTarget(t: OcsTarget): boolean {
  return t.type === 'SATELLITE' || t.type === 'HOUR_ANGLE';
}

/** Engine constraints from OCS constraints (defaults already filled by the schema). */
export function toObservingConstraints(c: Pick<Constraints, 'max_airmass' | 'min_lunar_distance' | 'max_lunar_phase'>): ObservingConstraints {
  return { maxAirmass: c.max_airmass, minLunarDistanceDeg: c.min_lunar_distance, maxLunarPhase: c.max_lunar_phase };
}

/**
 * Engine limits of a configdb telescope. The telescope's own lat/long are used (configdb carries
 * them per telescope); the height comes from its site (configdb telescopes have none), 0 m if absent.
 */
export function toTelescopeLimits(
  tel: Pick<Telescope, 'lat' | 'long' | 'horizon' | 'ha_limit_neg' | 'ha_limit_pos' | 'zenith_blind_spot'> & Partial<Pick<Telescope, 'horizon_mask'>>,
  siteElevationM: number | null | undefined,
): TelescopeLimits {
  return {
    site: { latitudeDeg: tel.lat, longitudeDeg: tel.long, elevationM: siteElevationM ?? 0 },
    horizonDeg: tel.horizon,
    haLimitNegHours: tel.ha_limit_neg,
    haLimitPosHours: tel.ha_limit_pos,
    zenithBlindSpotDeg: tel.zenith_blind_spot,
    horizonMask: toHorizonMaskPoints(tel.horizon_mask),
  };
}

/** The engine's mask points of a configdb `horizon_mask` (`[[az, alt], …]`, degrees); null when absent or empty. */
export function toHorizonMaskPoints(mask: HorizonMask | null | undefined): HorizonMaskPoint[] | null {
  if (!mask || mask.length === 0) return null;
  return mask.map(([azimuthDeg, altitudeDeg]) => ({ azimuthDeg, altitudeDeg }));
}

/** A telescope of the observatory as the engine sees it, with its OCS resource names. */
export interface ObservatoryTelescope {
  /** `site.enclosure.telescope`, e.g. `tfn.doma.1m0a` (the console's telescope id). */
  id: string;
  site: string;
  enclosure: string;
  telescope: string;
  limits: TelescopeLimits;
}

/** Every active telescope of a configdb `/sites/` dump, in dump order. */
export function observatoryTelescopes(sites: SitesResponse): ObservatoryTelescope[] {
  const out: ObservatoryTelescope[] = [];
  for (const s of sites.results) {
    if (!s.active) continue;
    for (const e of s.enclosure_set) {
      if (!e.active) continue;
      for (const t of e.telescope_set) {
        if (!t.active) continue;
        out.push({ id: `${s.code}.${e.code}.${t.code}`, site: s.code, enclosure: e.code, telescope: t.code, limits: toTelescopeLimits(t, s.elevation) });
      }
    }
  }
  return out;
}

/**
 * Telescopes a request may use (ocs-contract §8.5): those that carry the first configuration's
 * instrument type at the request's location (site/enclosure/telescope/class; blanks match all).
 */
export function telescopesForRequest(index: ConfigdbIndex, sites: SitesResponse, location: Location, instrumentType: string): ObservatoryTelescope[] {
  const entry = index.instrumentTypes.get(instrumentType);
  if (!entry) return [];
  const all = new Map(observatoryTelescopes(sites).map((t) => [t.id, t]));
  const out = new Map<string, ObservatoryTelescope>();
  for (const p of placementsAt(entry, location)) {
    const id = `${p.site}.${p.enclosure}.${p.telescope}`;
    const t = all.get(id);
    if (t) out.set(id, t);
  }
  return [...out.values()];
}

/** The validator's seam (same signature as src-main/requests `VisibilityFn`). */
export type RequestVisibilityFn = (request: Request, requestIndex: number) => number | null;

/**
 * Builds rule 12's visibility function for one validation at `nowMs`: the largest interval (seconds)
 * in which every distinct (target, constraints) pair of the request is observable at once, within
 * its windows (truncated at now), on any telescope the location and first instrument type allow.
 * Returns 0 when never visible (the validator then answers the OCS "will not be visible" error),
 * and null — rule skipped — when it cannot be computed: no location, no windows, an unknown
 * instrument type, or a target the engine cannot compute (the ASA_… and JPL_MINOR_PLANET schemes).
 * Static targets (SATELLITE, HOUR_ANGLE) need only darkness, as in OCS rise-set. No downtime is
 * subtracted (the observatory has no downtime source yet).
 */
export function makeVisibilityFn(index: ConfigdbIndex, sites: SitesResponse, nowMs: number, opts: VisibilityOptions = {}): RequestVisibilityFn {
  return (request) => {
    const first = request.configurations[0];
    if (!request.location || !first || request.windows.length === 0) return null;
    const windows: Interval[] = [];
    for (const w of request.windows) {
      const startMs = w.start === undefined ? nowMs : parseOcsDatetimeMs(w.start);
      const endMs = parseOcsDatetimeMs(w.end);
      if (startMs === null || endMs === null) return null;
      if (endMs > startMs) windows.push({ startMs, endMs });
    }
    if (index.instrumentTypes.get(first.instrument_type) === undefined) return null;
    const telescopes = telescopesForRequest(index, sites, request.location, first.instrument_type);
    const pointings: { target: AstroTarget; constraints: ObservingConstraints }[] = [];
    for (const c of request.configurations) {
      if (isStaticOcsTarget(c.target)) continue;
      const target = toAstroTarget(c.target);
      if (target === null) return null;
      pointings.push({ target, constraints: toObservingConstraints(c.constraints) });
    }
    if (pointings.length === 0) return staticLargestSec(telescopes, windows, nowMs, opts);
    const vis = requestVisibility({ pointings, windows, telescopes: telescopes.map((t) => ({ id: t.id, limits: t.limits })), nowMs }, opts);
    return vis.largest === null ? 0 : vis.largest.durationMs / 1000;
  };
}

/** Largest dark interval within the windows on any telescope (static targets), seconds. */
function staticLargestSec(telescopes: readonly ObservatoryTelescope[], windows: readonly Interval[], nowMs: number, opts: VisibilityOptions): number {
  const clipped = normalize(windows.map((w) => ({ startMs: Math.max(w.startMs, nowMs), endMs: w.endMs })));
  let bestMs = 0;
  for (const t of telescopes) {
    const dark = clipped.flatMap((w) => darkIntervals(t.limits.site, w.startMs, w.endMs, opts));
    const l = largest(intersect(dark, clipped));
    if (l) bestMs = Math.max(bestMs, l.endMs - l.startMs);
  }
  return bestMs / 1000;
}
