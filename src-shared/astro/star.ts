/**
 * Sidereal (ICRS) targets: catalogue place + proper motion + parallax → direction from the observer.
 * Proper motion is applied as uniform space motion with zero radial velocity (OCS has no radial
 * velocity field), from the catalogue epoch to the date.
 */
import type { Frame } from './frame';
import { ttDaysSinceJ2000 } from './time';
import type { Vec3 } from './vec';

const MAS_TO_RAD = Math.PI / 180 / 3_600_000;
const AU_PER_PARSEC = 206_264.80624709636;

/** ICRS catalogue place, OCS units: degrees, mas/yr (μα·cos δ), mas, Julian epoch (2000.0). */
export interface IcrsPlace {
  raDeg: number;
  decDeg: number;
  /** μα·cos δ, mas/yr. Default 0. */
  properMotionRaMasPerYr?: number;
  /** μδ, mas/yr. Default 0. */
  properMotionDecMasPerYr?: number;
  /** Annual parallax, mas. Default 0 (infinitely distant). */
  parallaxMas?: number;
  /** Julian epoch of the position, e.g. 2000.0. Default 2000. */
  epochJulianYear?: number;
}

/**
 * Geometric (astrometric) unit direction, J2000 axes, of the star at `utcMs` as seen from
 * `observerPosAu` (barycentric AU); pass null to ignore parallax.
 */
export function starDirection(place: IcrsPlace, utcMs: number, observerPosAu: Vec3 | null): Vec3 {
  const ra = (place.raDeg * Math.PI) / 180;
  const dec = (place.decDeg * Math.PI) / 180;
  const sr = Math.sin(ra);
  const cr = Math.cos(ra);
  const sd = Math.sin(dec);
  const cd = Math.cos(dec);
  const u: Vec3 = [cd * cr, cd * sr, sd];
  const pmRa = (place.properMotionRaMasPerYr ?? 0) * MAS_TO_RAD;
  const pmDec = (place.properMotionDecMasPerYr ?? 0) * MAS_TO_RAD;
  if (pmRa !== 0 || pmDec !== 0) {
    const epochTtDays = ((place.epochJulianYear ?? 2000) - 2000) * 365.25;
    const years = (ttDaysSinceJ2000(utcMs) - epochTtDays) / 365.25;
    // Unit vectors towards increasing RA and Dec; the position moves linearly in space.
    u[0] += years * (-pmRa * sr - pmDec * sd * cr);
    u[1] += years * (pmRa * cr - pmDec * sd * sr);
    u[2] += years * (pmDec * cd);
  }
  const parallaxMas = place.parallaxMas ?? 0;
  if (parallaxMas > 0 && observerPosAu !== null) {
    const distanceAu = AU_PER_PARSEC / (parallaxMas / 1000);
    u[0] = u[0] * distanceAu - observerPosAu[0];
    u[1] = u[1] * distanceAu - observerPosAu[1];
    u[2] = u[2] * distanceAu - observerPosAu[2];
  }
  const n = Math.hypot(u[0], u[1], u[2]);
  return [u[0] / n, u[1] / n, u[2] / n];
}

/** Convenience: the star's direction from the frame's observer. */
export function starDirectionInFrame(place: IcrsPlace, frame: Frame): Vec3 {
  return starDirection(place, frame.utcMs, frame.observerPosAu);
}
