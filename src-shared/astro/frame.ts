/**
 * The per-instant, per-site frame: everything that does not depend on the target, computed once
 * and reused for any number of targets (this is what makes the batch path cheap).
 */
import { BaryState, Body, CombineRotation, ObserverState, Rotation_EQD_HOR, Rotation_EQJ_EQD, SiderealTime } from 'astronomy-engine';
import type { AstroTime, RotationMatrix } from 'astronomy-engine';
import { guard } from './engine';
import { toObserver, type GeoSite } from './observer';
import { MS_PER_DAY, astroTime } from './time';
import type { Mat3, Vec3 } from './vec';

/** Speed of light, AU per day. */
export const C_AU_PER_DAY = 173.14463267424034;

/** Options shared by position calculations. */
export interface TimeOptions {
  /** UT1 − UTC, seconds (|x| < 0.9); 0 when unknown. */
  dut1Sec?: number;
}

export interface Frame {
  utcMs: number;
  /** Internal astronomy-engine time (UT1 from dut1, exact TT). */
  time: AstroTime;
  site: GeoSite;
  /** J2000 mean equator (≈ ICRS) → horizontal; rows are north, west, zenith. */
  eqjToHor: Mat3;
  /** J2000 mean equator → true equator and equinox of date (precession + nutation). */
  eqjToEqd: Mat3;
  /** Observer's barycentric position (AU) and velocity (AU/day), J2000 axes. */
  observerPosAu: Vec3;
  observerVelAuPerDay: Vec3;
  /** Earth-centre barycentric position (AU) and velocity (AU/day), J2000 axes. */
  earthPosAu: Vec3;
  earthVelAuPerDay: Vec3;
  /** Observer velocity / c (dimensionless), J2000 axes: drives annual + diurnal aberration. */
  beta: Vec3;
  /** Local apparent sidereal time, degrees [0, 360). */
  lastDeg: number;
}

/** astronomy-engine matrices act as out_i = Σ_j rot[j][i] v_j; convert to row-major M with out = M·v. */
function toMat3(r: RotationMatrix): Mat3 {
  const m = r.rot;
  const at = (i: number, j: number): number => m[j]?.[i] ?? 0;
  return [at(0, 0), at(0, 1), at(0, 2), at(1, 0), at(1, 1), at(1, 2), at(2, 0), at(2, 1), at(2, 2)];
}

/** Builds the frame for `site` at `utcMs`. Costs a few astronomy-engine calls (~tens of µs). */
export function frameAt(site: GeoSite, utcMs: number, opts: TimeOptions = {}): Frame {
  return guard('frame', () => {
    const time = astroTime(utcMs, opts.dut1Sec ?? 0);
    const observer = toObserver(site);
    const precess = Rotation_EQJ_EQD(time);
    const eqjToHor = toMat3(CombineRotation(precess, Rotation_EQD_HOR(time, observer)));
    const earth = BaryState(Body.Earth, time);
    const obs = ObserverState(time, observer, false);
    const earthPosAu: Vec3 = [earth.x, earth.y, earth.z];
    const earthVelAuPerDay: Vec3 = [earth.vx, earth.vy, earth.vz];
    const observerVelAuPerDay: Vec3 = [earth.vx + obs.vx, earth.vy + obs.vy, earth.vz + obs.vz];
    const lastDeg = (((SiderealTime(time) * 15 + site.longitudeDeg) % 360) + 360) % 360;
    return {
      utcMs,
      time,
      site,
      eqjToHor,
      eqjToEqd: toMat3(precess),
      observerPosAu: [earth.x + obs.x, earth.y + obs.y, earth.z + obs.z],
      observerVelAuPerDay,
      earthPosAu,
      earthVelAuPerDay,
      beta: [observerVelAuPerDay[0] / C_AU_PER_DAY, observerVelAuPerDay[1] / C_AU_PER_DAY, observerVelAuPerDay[2] / C_AU_PER_DAY],
      lastDeg,
    };
  });
}

/** Earth's rotation rate relative to the equinox of date, radians per ms (1.00273781191 turns/UT day). */
const EARTH_ROTATION_RAD_PER_MS = (2 * Math.PI * 1.0027378119113546) / MS_PER_DAY;

function mul(a: Mat3, b: Mat3): Mat3 {
  const o = [0, 0, 0, 0, 0, 0, 0, 0, 0] as Mat3;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) o[3 * i + j] = (a[3 * i] as number) * (b[j] as number) + (a[3 * i + 1] as number) * (b[3 + j] as number) + (a[3 * i + 2] as number) * (b[6 + j] as number);
  return o;
}
function transpose(a: Mat3): Mat3 {
  return [a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]];
}

/**
 * A frame `dtMs` later (or earlier), obtained by turning the Earth about the pole of date instead
 * of recomputing precession, nutation and the Earth's orbit (which change < 0.02″ in 10 minutes).
 * For sidereal targets only: the observer's barycentric position is not updated beyond its
 * rotation, so do not use it for the Moon. Keep |dtMs| ≤ 10 min.
 */
export function propagateFrame(frame: Frame, dtMs: number): Frame {
  const a = EARTH_ROTATION_RAD_PER_MS * dtMs;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const r3: Mat3 = [c, s, 0, -s, c, 0, 0, 0, 1];
  const q = frame.eqjToEqd;
  const p = mul(transpose(q), mul(r3, q));
  const pt = transpose(p);
  const rot = (v: Vec3): Vec3 => [pt[0] * v[0] + pt[1] * v[1] + pt[2] * v[2], pt[3] * v[0] + pt[4] * v[1] + pt[5] * v[2], pt[6] * v[0] + pt[7] * v[1] + pt[8] * v[2]];
  const ev = frame.earthVelAuPerDay;
  const diurnal = rot([frame.observerVelAuPerDay[0] - ev[0], frame.observerVelAuPerDay[1] - ev[1], frame.observerVelAuPerDay[2] - ev[2]]);
  const ep = frame.earthPosAu;
  const geo = rot([frame.observerPosAu[0] - ep[0], frame.observerPosAu[1] - ep[1], frame.observerPosAu[2] - ep[2]]);
  const days = dtMs / MS_PER_DAY;
  const earthPosAu: Vec3 = [ep[0] + ev[0] * days, ep[1] + ev[1] * days, ep[2] + ev[2] * days];
  const vel: Vec3 = [ev[0] + diurnal[0], ev[1] + diurnal[1], ev[2] + diurnal[2]];
  return {
    ...frame,
    utcMs: frame.utcMs + dtMs,
    time: frame.time.AddDays(days),
    eqjToHor: mul(frame.eqjToHor, p),
    earthPosAu,
    observerPosAu: [earthPosAu[0] + geo[0], earthPosAu[1] + geo[1], earthPosAu[2] + geo[2]],
    observerVelAuPerDay: vel,
    beta: [vel[0] / C_AU_PER_DAY, vel[1] / C_AU_PER_DAY, vel[2] / C_AU_PER_DAY],
    lastDeg: (((frame.lastDeg + (a * 180) / Math.PI) % 360) + 360) % 360,
  };
}
