/**
 * Sun, Moon and major planets as seen from a site: light-time corrected geometric directions
 * (aberration is added by `horizontalFromGeometric`), the Moon's illumination.
 */
import { BaryState, Body, GeoMoon } from 'astronomy-engine';
import type { AstroTime } from 'astronomy-engine';
import { guard } from './engine';
import { C_AU_PER_DAY, type Frame } from './frame';
import { angleBetweenRad, norm, sub, type Vec3 } from './vec';

/** Solar-system bodies computed by astronomy-engine. */
export type MajorBody = 'sun' | 'moon' | 'mercury' | 'venus' | 'mars' | 'jupiter' | 'saturn' | 'uranus' | 'neptune' | 'pluto';

export const MAJOR_BODIES: readonly MajorBody[] = ['sun', 'moon', 'mercury', 'venus', 'mars', 'jupiter', 'saturn', 'uranus', 'neptune', 'pluto'];

const ENGINE_BODY = {
  sun: Body.Sun,
  moon: Body.Moon,
  mercury: Body.Mercury,
  venus: Body.Venus,
  mars: Body.Mars,
  jupiter: Body.Jupiter,
  saturn: Body.Saturn,
  uranus: Body.Uranus,
  neptune: Body.Neptune,
  pluto: Body.Pluto,
} satisfies Record<MajorBody, Body>;

/** Barycentric position (AU, J2000 axes) of a major body at an astronomy-engine time. */
function baryPositionAu(body: MajorBody, t: AstroTime): Vec3 {
  if (body === 'moon') {
    const e = BaryState(Body.Earth, t);
    const m = GeoMoon(t);
    return [e.x + m.x, e.y + m.y, e.z + m.z];
  }
  const s = BaryState(ENGINE_BODY[body], t);
  return [s.x, s.y, s.z];
}

/**
 * Observer → body vector (AU, J2000 axes) with light-time: the body where it was when the light
 * now arriving left it. `positionAt(daysBack)` gives the body's barycentric position `daysBack`
 * days before the frame's instant.
 */
export function lightTimeCorrected(frame: Frame, positionAt: (daysBack: number) => Vec3): Vec3 {
  let r = sub(positionAt(0), frame.observerPosAu);
  for (let i = 0; i < 3; i++) r = sub(positionAt(norm(r) / C_AU_PER_DAY), frame.observerPosAu);
  return r;
}

/** Observer → body vector (AU, J2000 axes), light-time corrected, geometric (no aberration). */
export function bodyVectorAu(body: MajorBody, frame: Frame): Vec3 {
  return guard(`position of ${body}`, () => lightTimeCorrected(frame, (daysBack) => baryPositionAu(body, daysBack === 0 ? frame.time : frame.time.AddDays(-daysBack))));
}

/** The Moon's illumination as seen from the observer. */
export interface MoonIllumination {
  /** Illuminated fraction of the disc, 0 (new) … 1 (full). OCS `max_lunar_phase` compares with this. */
  illuminatedFraction: number;
  /** Sun–Moon–observer phase angle, degrees 0 (full) … 180 (new). */
  phaseAngleDeg: number;
  /** Sun–observer–Moon elongation, degrees. */
  elongationDeg: number;
  /** True while the Moon waxes (its elongation grows, eastward of the Sun). */
  waxing: boolean;
}

/** Moon illumination from the frame's observer (geometric vectors; good to ~1e-4 in fraction). */
export function moonIllumination(frame: Frame): MoonIllumination {
  const moon = bodyVectorAu('moon', frame);
  const sun = bodyVectorAu('sun', frame);
  const moonToSun = sub(sun, moon);
  const moonToObs: Vec3 = [-moon[0], -moon[1], -moon[2]];
  const i = angleBetweenRad(moonToSun, moonToObs);
  // Waxing when the Moon is east of the Sun: (sun × moon) points to the north ecliptic pole side.
  const cz = sun[0] * moon[1] - sun[1] * moon[0];
  return {
    illuminatedFraction: (1 + Math.cos(i)) / 2,
    phaseAngleDeg: (i * 180) / Math.PI,
    elongationDeg: (angleBetweenRad(sun, moon) * 180) / Math.PI,
    waxing: cz > 0,
  };
}
