/**
 * Two-body heliocentric orbits from OCS ORBITAL_ELEMENTS (as OCS/SLALIB do: no perturbations).
 * One universal-variable Kepler solver covers elliptic, near-parabolic, parabolic and hyperbolic
 * orbits, so comets with e ≈ 1 need no special case. Elements are referred to the J2000 ecliptic
 * and equinox; epochs are MJD in TT.
 */
import { AppError } from '../errors';
import type { Vec3 } from './vec';

/** Gaussian gravitational constant k (AU^1.5 / day); GM_sun = k². */
export const GAUSS_K = 0.01720209895;
/** Mean obliquity of the J2000 ecliptic (IAU 1976, 84381.448″), radians. */
const OBLIQUITY_J2000_RAD = (84381.448 / 3600) * (Math.PI / 180);
const DEG = Math.PI / 180;
/** MJD of J2000.0 (2000-01-01T12:00 TT). */
const MJD_J2000 = 51_544.5;

/** OCS orbital-element schemes that the rise-set library (and so this engine) supports. */
export type OrbitalScheme = 'MPC_MINOR_PLANET' | 'MPC_COMET' | 'JPL_MAJOR_PLANET';

/** OCS ORBITAL_ELEMENTS fields (degrees, AU, MJD TT, degrees/day). Which are needed depends on the scheme. */
export interface OrbitalElements {
  scheme: OrbitalScheme;
  /** Epoch of the elements, MJD (TT). */
  epochofel: number;
  orbinc: number;
  longascnode: number;
  argofperih: number;
  eccentricity: number;
  /** Semi-major axis, AU (MPC_MINOR_PLANET, JPL_MAJOR_PLANET). */
  meandist?: number | null;
  /** Mean anomaly at epochofel, degrees (MPC_MINOR_PLANET, JPL_MAJOR_PLANET). */
  meananom?: number | null;
  /** Perihelion distance, AU (MPC_COMET). */
  perihdist?: number | null;
  /** Time of perihelion, MJD TT (MPC_COMET). */
  epochofperih?: number | null;
  /** Daily motion, degrees/day (JPL_MAJOR_PLANET). */
  dailymot?: number | null;
}

/** Normalised orbit: perihelion distance q, eccentricity e, perihelion time T, GM, orientation. */
interface Orbit {
  qAu: number;
  e: number;
  perihelionTtDays: number;
  mu: number;
  /** Perifocal → J2000 equatorial rotation columns: P (to perihelion) and Q (along velocity there). */
  p: Vec3;
  q: Vec3;
}

function required(value: number | null | undefined, field: string, scheme: string): number {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    throw new AppError('validation.invalid', `${scheme} elements need ${field}`, { [field]: [`required for ${scheme}`] });
  }
  return value;
}

function orientation(incDeg: number, nodeDeg: number, periDeg: number): { p: Vec3; q: Vec3 } {
  const [si, ci] = [Math.sin(incDeg * DEG), Math.cos(incDeg * DEG)];
  const [sn, cn] = [Math.sin(nodeDeg * DEG), Math.cos(nodeDeg * DEG)];
  const [sw, cw] = [Math.sin(periDeg * DEG), Math.cos(periDeg * DEG)];
  const [se, ce] = [Math.sin(OBLIQUITY_J2000_RAD), Math.cos(OBLIQUITY_J2000_RAD)];
  // Ecliptic components, then rotate about x by the obliquity into the equatorial frame.
  const pe: Vec3 = [cn * cw - sn * sw * ci, sn * cw + cn * sw * ci, sw * si];
  const qe: Vec3 = [-cn * sw - sn * cw * ci, -sn * sw + cn * cw * ci, cw * si];
  const toEq = (v: Vec3): Vec3 => [v[0], ce * v[1] - se * v[2], se * v[1] + ce * v[2]];
  return { p: toEq(pe), q: toEq(qe) };
}

/** Validates and normalises elements. Throws AppError('validation.invalid') on missing/absurd fields. */
export function toOrbit(el: OrbitalElements): Orbit {
  const e = el.eccentricity;
  if (!(e >= 0)) throw new AppError('validation.invalid', 'eccentricity must be ≥ 0', { eccentricity: ['must be ≥ 0'] });
  const { p, q } = orientation(el.orbinc, el.longascnode, el.argofperih);
  switch (el.scheme) {
    case 'MPC_COMET': {
      const qAu = required(el.perihdist, 'perihdist', el.scheme);
      const t = required(el.epochofperih, 'epochofperih', el.scheme);
      return { qAu, e, perihelionTtDays: t - MJD_J2000, mu: GAUSS_K * GAUSS_K, p, q };
    }
    case 'MPC_MINOR_PLANET':
    case 'JPL_MAJOR_PLANET': {
      const a = required(el.meandist, 'meandist', el.scheme);
      const m = required(el.meananom, 'meananom', el.scheme) * DEG;
      if (!(e < 1) || !(a > 0)) throw new AppError('validation.invalid', `${el.scheme} needs an elliptic orbit`, { eccentricity: ['must be < 1'] });
      // JPL_MAJOR_PLANET carries its own daily motion (it may include the planet's mass); use it.
      const nRadPerDay = el.scheme === 'JPL_MAJOR_PLANET' ? required(el.dailymot, 'dailymot', el.scheme) * DEG : GAUSS_K / Math.pow(a, 1.5);
      return { qAu: a * (1 - e), e, perihelionTtDays: el.epochofel - MJD_J2000 - m / nRadPerDay, mu: nRadPerDay * nRadPerDay * a * a * a, p, q };
    }
  }
}

/** Stumpff functions c0…c3 of x (series near 0 where the closed forms lose digits). */
function stumpff(x: number): [number, number, number, number] {
  if (Math.abs(x) < 0.1) {
    // c2 = Σ (−x)^k/(2k+2)!, c3 = Σ (−x)^k/(2k+3)!
    let c2 = 0;
    let c3 = 0;
    let term2 = 1 / 2;
    let term3 = 1 / 6;
    for (let k = 0; k < 12; k++) {
      c2 += term2;
      c3 += term3;
      term2 *= -x / ((2 * k + 3) * (2 * k + 4));
      term3 *= -x / ((2 * k + 4) * (2 * k + 5));
    }
    return [1 - x * c2, 1 - x * c3, c2, c3];
  }
  let c0: number;
  let c1: number;
  if (x > 0) {
    const s = Math.sqrt(x);
    c0 = Math.cos(s);
    c1 = Math.sin(s) / s;
  } else {
    const s = Math.sqrt(-x);
    c0 = Math.cosh(s);
    c1 = Math.sinh(s) / s;
  }
  return [c0, c1, (1 - c0) / x, (1 - c1) / x];
}

/** Heliocentric position (AU, J2000 equatorial axes) at `ttDays` (days since J2000 TT). */
export function heliocentricPositionAu(orbit: Orbit, ttDays: number): Vec3 {
  const { qAu: r0, e, mu } = orbit;
  const alpha = (mu * (1 - e)) / r0; // 1/a · μ; > 0 elliptic, 0 parabolic, < 0 hyperbolic
  const v0 = Math.sqrt((mu * (1 + e)) / r0);
  let dt = ttDays - orbit.perihelionTtDays;
  if (e < 1) {
    const period = (2 * Math.PI) / Math.sqrt(Math.pow(alpha, 3) / (mu * mu));
    dt -= period * Math.round(dt / period);
  }
  const f = (s: number): [number, number] => {
    const [c0, c1, c2, c3] = stumpff(alpha * s * s);
    return [r0 * s * c1 + mu * s * s * s * c3 - dt, r0 * c0 + mu * s * s * c2];
  };
  // t(s) increases monotonically (dt/ds = r > 0): bracket, then safeguarded Newton.
  let lo = 0;
  let hi = 0;
  let step = dt / r0 || 1e-9;
  if (dt > 0) {
    hi = step;
    while (f(hi)[0] < 0) hi *= 2;
  } else if (dt < 0) {
    lo = step;
    while (f(lo)[0] > 0) lo *= 2;
  }
  let s = dt === 0 ? 0 : (lo + hi) / 2;
  for (let i = 0; i < 100 && dt !== 0; i++) {
    const [fv, dv] = f(s);
    if (fv > 0) hi = s;
    else lo = s;
    let next = s - fv / dv;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    step = Math.abs(next - s);
    s = next;
    if (step <= 1e-14 * Math.max(1, Math.abs(s))) break;
  }
  const [, , c2, c3] = stumpff(alpha * s * s);
  const fl = 1 - (mu * s * s * c2) / r0;
  const g = dt - mu * s * s * s * c3;
  const x = fl * r0;
  const y = g * v0;
  const { p, q } = orbit;
  return [x * p[0] + y * q[0], x * p[1] + y * q[1], x * p[2] + y * q[2]];
}
