/** Apparent direction (J2000 axes) → topocentric altitude/azimuth, hour angle and place of date. */
import { aberrate } from './aberration';
import type { Frame } from './frame';
import { refractHorizontal, refractionConstants, type RefractionConditions } from './refraction';
import { mulMat, type Vec3 } from './vec';

const RAD = 180 / Math.PI;

/** Where a target appears from a site at an instant. All angles degrees. */
export interface TopocentricPosition {
  /** Altitude above the horizon, −90…90; refracted only if refraction conditions were given. */
  altitudeDeg: number;
  /** Azimuth from north through east, [0, 360). */
  azimuthDeg: number;
  /** Local hour angle of the apparent place, hours in (−12, 12]; positive west of the meridian. */
  hourAngleHours: number;
  /** Apparent right ascension of date (true equator and equinox), [0, 360). */
  raOfDateDeg: number;
  /** Apparent declination of date, −90…90. */
  decOfDateDeg: number;
  /** Apparent unit direction with J2000 axes (aberration applied): use for separations. */
  apparentDirection: Vec3;
}

/** Wraps an angle in hours into (−12, 12]. */
export function wrapHours(h: number): number {
  let x = h % 24;
  if (x > 12) x -= 24;
  if (x <= -12) x += 24;
  return x;
}

/**
 * Topocentric position of a target whose geometric direction from the observer (J2000 axes) is
 * `geometricDirection`. Aberration (annual + diurnal) is applied here; `refraction` null/undefined
 * gives geometric altitudes.
 */
export function horizontalFromGeometric(
  frame: Frame,
  geometricDirection: Vec3,
  refraction?: RefractionConditions | null,
): TopocentricPosition {
  return horizontalFromApparent(frame, aberrate(geometricDirection, frame.beta), refraction);
}

/** As `horizontalFromGeometric`, for a direction that already includes aberration. */
export function horizontalFromApparent(
  frame: Frame,
  apparent: Vec3,
  refraction?: RefractionConditions | null,
): TopocentricPosition {
  let h = mulMat(frame.eqjToHor, apparent);
  if (refraction && refraction.pressureHpa > 0) h = refractHorizontal(h, refractionConstants(refraction));
  const altitudeDeg = Math.atan2(h[2], Math.hypot(h[0], h[1])) * RAD;
  let azimuthDeg = Math.atan2(-h[1], h[0]) * RAD;
  if (azimuthDeg < 0) azimuthDeg += 360;
  const d = mulMat(frame.eqjToEqd, apparent);
  let raOfDateDeg = Math.atan2(d[1], d[0]) * RAD;
  if (raOfDateDeg < 0) raOfDateDeg += 360;
  const decOfDateDeg = Math.atan2(d[2], Math.hypot(d[0], d[1])) * RAD;
  return {
    altitudeDeg,
    azimuthDeg,
    hourAngleHours: wrapHours((frame.lastDeg - raOfDateDeg) / 15),
    raOfDateDeg,
    decOfDateDeg,
    apparentDirection: apparent,
  };
}

/**
 * Apparent direction (J2000 axes) of a fixed place in hour angle / declination of date (OCS
 * HOUR_ANGLE targets): RA of date = LAST − HA, then rotated back to J2000 axes.
 */
export function apparentFromHourAngle(frame: Frame, hourAngleHours: number, decOfDateDeg: number): Vec3 {
  const ra = ((frame.lastDeg - hourAngleHours * 15) * Math.PI) / 180;
  const dec = (decOfDateDeg * Math.PI) / 180;
  const v: Vec3 = [Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)];
  const m = frame.eqjToEqd; // orthogonal: inverse = transpose
  return [m[0] * v[0] + m[3] * v[1] + m[6] * v[2], m[1] * v[0] + m[4] * v[1] + m[7] * v[2], m[2] * v[0] + m[5] * v[1] + m[8] * v[2]];
}
