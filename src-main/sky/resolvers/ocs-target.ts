/**
 * A resolved name as an OCS request target (the fields `POST /api/requestgroups/` takes): ICRS for
 * sidereal places, ORBITAL_ELEMENTS for orbits, null for bodies OCS has no target type for (the Sun
 * and Moon, and planets the catalog knows only by name).
 */
import type { ResolvedName } from '../../../src-shared/sky';

/** OCS target names are at most 50 characters. */
const MAX_NAME = 50;

/** The OCS target for `result` named `name` (trimmed, cut to 50 characters), or null (see above). */
export function ocsTargetOf(name: string, result: ResolvedName): Record<string, unknown> | null {
  const n = (name.trim() || result.canonicalName).slice(0, MAX_NAME);
  const t = result.target;
  switch (t.kind) {
    case 'sidereal':
      return {
        type: 'ICRS',
        name: n,
        ra: t.place.raDeg,
        dec: t.place.decDeg,
        proper_motion_ra: t.place.properMotionRaMasPerYr ?? 0,
        proper_motion_dec: t.place.properMotionDecMasPerYr ?? 0,
        parallax: t.place.parallaxMas ?? 0,
        epoch: t.place.epochJulianYear ?? 2000,
      };
    case 'orbital-elements': {
      const e = t.elements;
      const base = { type: 'ORBITAL_ELEMENTS', name: n, scheme: e.scheme, epochofel: e.epochofel, orbinc: e.orbinc, longascnode: e.longascnode, argofperih: e.argofperih, eccentricity: e.eccentricity };
      switch (e.scheme) {
        case 'MPC_COMET':
          return { ...base, perihdist: e.perihdist ?? null, epochofperih: e.epochofperih ?? null };
        case 'MPC_MINOR_PLANET':
          return { ...base, meandist: e.meandist ?? null, meananom: e.meananom ?? null };
        case 'JPL_MAJOR_PLANET':
          return { ...base, meandist: e.meandist ?? null, meananom: e.meananom ?? null, dailymot: e.dailymot ?? null };
      }
      break;
    }
    case 'major-body':
      return null;
  }
  return null;
}
