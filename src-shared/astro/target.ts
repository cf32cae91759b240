/**
 * Targets (OCS types plus the major bodies) and their topocentric position at an instant.
 * `prepareTarget` does the per-target work once (validating elements, building the orbit) so that
 * evaluating many instants is cheap.
 */
import { bodyVectorAu, lightTimeCorrected, type MajorBody } from './bodies';
import { guard } from './engine';
import { frameAt, type Frame, type TimeOptions } from './frame';
import { apparentFromHourAngle, horizontalFromApparent, horizontalFromGeometric, type TopocentricPosition } from './horizontal';
import { heliocentricPositionAu, toOrbit, type OrbitalElements } from './orbit';
import type { RefractionConditions } from './refraction';
import { starDirection, type IcrsPlace } from './star';
import type { GeoSite } from './observer';
import { BaryState, Body } from 'astronomy-engine';
import { unit, type Vec3 } from './vec';
import { mjdToUtcMs } from './time';

/** OCS ICRS target. */
export type IcrsTarget = { type: 'ICRS' } & IcrsPlace;
/** OCS HOUR_ANGLE target: a fixed hour angle (hours, + west) and declination of date (degrees). */
export interface HourAngleTarget {
  type: 'HOUR_ANGLE';
  hourAngleHours: number;
  decDeg: number;
}
/** OCS ORBITAL_ELEMENTS target (two-body heliocentric orbit). */
export type OrbitalElementsTarget = { type: 'ORBITAL_ELEMENTS' } & OrbitalElements;
/** Sun, Moon or a planet from astronomy-engine's ephemerides (not an OCS target type). */
export interface MajorBodyTarget {
  type: 'MAJOR_BODY';
  body: MajorBody;
}
/**
 * OCS SATELLITE target: topocentric alt/az at `diffEpochMjd` (UTC) moving with the given rates
 * (arcsec/s) and accelerations (arcsec/s²). Positions are taken as observed (no refraction added).
 */
export interface SatelliteTarget {
  type: 'SATELLITE';
  altitudeDeg: number;
  azimuthDeg: number;
  diffEpochMjd: number;
  diffAltitudeRateArcsecPerSec: number;
  diffAzimuthRateArcsecPerSec: number;
  diffAltitudeAccelerationArcsecPerSec2: number;
  diffAzimuthAccelerationArcsecPerSec2: number;
}

export type Target = IcrsTarget | HourAngleTarget | OrbitalElementsTarget | MajorBodyTarget | SatelliteTarget;

/** True for targets fixed on the celestial sphere (apart from proper motion). */
export function isSidereal(target: Target): target is IcrsTarget {
  return target.type === 'ICRS';
}

/** A target ready for repeated evaluation. */
export interface PreparedTarget {
  target: Target;
  /** Topocentric position in a frame (refraction only if conditions are given). */
  positionIn(frame: Frame, refraction?: RefractionConditions | null): TopocentricPosition;
}

/** Validates and precomputes a target. Throws AppError('validation.invalid') for bad orbital elements. */
export function prepareTarget(target: Target): PreparedTarget {
  switch (target.type) {
    case 'ICRS':
      return { target, positionIn: (frame, refr) => horizontalFromGeometric(frame, starDirection(target, frame.utcMs, frame.observerPosAu), refr) };
    case 'HOUR_ANGLE':
      return { target, positionIn: (frame) => horizontalFromApparent(frame, apparentFromHourAngle(frame, target.hourAngleHours, target.decDeg)) };
    case 'MAJOR_BODY':
      return { target, positionIn: (frame, refr) => horizontalFromGeometric(frame, unit(bodyVectorAu(target.body, frame)), refr) };
    case 'ORBITAL_ELEMENTS': {
      const orbit = toOrbit(target);
      return {
        target,
        positionIn: (frame, refr) => {
          const sun = guard('sun barycentre', () => BaryState(Body.Sun, frame.time));
          // The Sun's barycentric motion during the light time (≤ ~1 h) is < 50 km: held fixed.
          const v = lightTimeCorrected(frame, (daysBack) => {
            const h = heliocentricPositionAu(orbit, frame.time.tt - daysBack);
            return [h[0] + sun.x, h[1] + sun.y, h[2] + sun.z];
          });
          return horizontalFromGeometric(frame, unit(v), refr);
        },
      };
    }
    case 'SATELLITE': {
      const epochMs = mjdToUtcMs(target.diffEpochMjd);
      return {
        target,
        positionIn: (frame) => {
          const dt = (frame.utcMs - epochMs) / 1000;
          const alt = target.altitudeDeg + (target.diffAltitudeRateArcsecPerSec * dt + 0.5 * target.diffAltitudeAccelerationArcsecPerSec2 * dt * dt) / 3600;
          const az = target.azimuthDeg + (target.diffAzimuthRateArcsecPerSec * dt + 0.5 * target.diffAzimuthAccelerationArcsecPerSec2 * dt * dt) / 3600;
          const a = (alt * Math.PI) / 180;
          const z = (az * Math.PI) / 180;
          const h: Vec3 = [Math.cos(a) * Math.cos(z), -Math.cos(a) * Math.sin(z), Math.sin(a)];
          const m = frame.eqjToHor; // orthogonal: HOR → J2000 is the transpose
          const apparent: Vec3 = [m[0] * h[0] + m[3] * h[1] + m[6] * h[2], m[1] * h[0] + m[4] * h[1] + m[7] * h[2], m[2] * h[0] + m[5] * h[1] + m[8] * h[2]];
          return horizontalFromApparent(frame, apparent);
        },
      };
    }
  }
}

/** One-shot: topocentric position of `target` from `site` at `utcMs`. */
export function targetPosition(
  target: Target,
  site: GeoSite,
  utcMs: number,
  opts: TimeOptions & { refraction?: RefractionConditions | null } = {},
): TopocentricPosition {
  return prepareTarget(target).positionIn(frameAt(site, utcMs, opts), opts.refraction ?? null);
}
