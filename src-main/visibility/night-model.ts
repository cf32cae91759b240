/**
 * A cheap model of one night at one site, for calendars over many nights: one exact frame at the
 * night's middle, then the Earth turned about the pole of date (as `propagateFrame` does) for any
 * instant of the night, and the Sun and Moon from geocentric positions computed every 6 h and
 * interpolated (cubic Lagrange). Every quantity the constraints need is then a few dot products.
 *
 * Error budget against the exact engine (src-shared/astro), over ±12 h of the middle: precession
 * and nutation held fixed < 0.1″; aberration held at the middle's velocity < 0.5″ (the diurnal part
 * turns with the Earth); Sun interpolation < 0.1″; Sun parallax neglected in its light time
 * only; 12-hourly nodes with cubic interpolation are good to ~1″ for the Moon (its
 * distance limit moves ~0.5″/s). At the slowest altitude rates that matter this is well under a second of time; the
 * calendar test checks the intervals against the exact engine.
 */
import { aberrate, bodyVectorAu, frameAt, starDirection, type Frame, type GeoSite, type IcrsPlace, type Mat3, type TimeOptions, type Vec3 } from '../../src-shared/astro';

const DAY_MS = 86_400_000;
/** Earth's rotation relative to the equinox of date, rad per ms (same constant as propagateFrame). */
const EARTH_ROTATION_RAD_PER_MS = (2 * Math.PI * 1.0027378119113546) / DAY_MS;
/** Spacing of the Sun/Moon nodes, ms. */
export const BODY_NODE_MS = 12 * 3_600_000;

/** Geocentric Sun and Moon (AU, J2000 axes, light-time as seen from the site) on a regular grid. */
export class BodyTrack {
  private readonly sun: Float64Array;
  private readonly moon: Float64Array;
  readonly startMs: number;
  readonly nodes: number;

  /** Nodes cover [fromMs − 2 nodes, toMs + 2 nodes] so cubic interpolation works at both ends. */
  constructor(site: GeoSite, fromMs: number, toMs: number, opts: TimeOptions = {}) {
    this.startMs = fromMs - 2 * BODY_NODE_MS;
    this.nodes = Math.ceil((toMs - this.startMs) / BODY_NODE_MS) + 3;
    this.sun = new Float64Array(this.nodes * 3);
    this.moon = new Float64Array(this.nodes * 3);
    for (let k = 0; k < this.nodes; k++) {
      const f = frameAt(site, this.startMs + k * BODY_NODE_MS, opts);
      // Observer → body plus Earth-centre → observer = Earth-centre → body.
      const gx = f.observerPosAu[0] - f.earthPosAu[0];
      const gy = f.observerPosAu[1] - f.earthPosAu[1];
      const gz = f.observerPosAu[2] - f.earthPosAu[2];
      const s = bodyVectorAu('sun', f);
      const m = bodyVectorAu('moon', f);
      this.sun.set([s[0] + gx, s[1] + gy, s[2] + gz], 3 * k);
      this.moon.set([m[0] + gx, m[1] + gy, m[2] + gz], 3 * k);
    }
  }

  /** Geocentric Sun (`which` 0) or Moon (1) at `utcMs`, AU, J2000 axes, into `out`. */
  at(which: 0 | 1, utcMs: number, out: Vec3): Vec3 {
    const a = which === 0 ? this.sun : this.moon;
    const x = (utcMs - this.startMs) / BODY_NODE_MS;
    const k = Math.min(Math.max(Math.floor(x), 1), this.nodes - 3);
    const u = x - k;
    // Lagrange weights on nodes k−1, k, k+1, k+2.
    const w0 = (-u * (u - 1) * (u - 2)) / 6;
    const w1 = ((u + 1) * (u - 1) * (u - 2)) / 2;
    const w2 = (-(u + 1) * u * (u - 2)) / 2;
    const w3 = ((u + 1) * u * (u - 1)) / 6;
    const j = 3 * (k - 1);
    for (let c = 0; c < 3; c++) {
      out[c] = w0 * (a[j + c] as number) + w1 * (a[j + 3 + c] as number) + w2 * (a[j + 6 + c] as number) + w3 * (a[j + 9 + c] as number);
    }
    return out;
  }
}

function mulMat(m: Mat3, v: Vec3): Vec3 {
  return [m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2], m[6] * v[0] + m[7] * v[1] + m[8] * v[2]];
}

/** The site's axes at one instant, in the equator-of-date axes of the night's middle. */
export interface NightPose {
  /** Unit vectors of the local north, west and zenith. */
  north: Vec3;
  west: Vec3;
  zenith: Vec3;
  /** Local apparent sidereal time, degrees (not wrapped). */
  lastDeg: number;
}

/** Apparent topocentric Sun and Moon at one instant, same axes. */
export interface NightBodies {
  sun: Vec3;
  moon: Vec3;
  /** Moon's illuminated fraction as seen from the site, 0–1. */
  moonFraction: number;
}

/** The night around `midMs`: one exact frame, everything else by rotation and interpolation. */
export class NightModel {
  readonly frame: Frame;
  private readonly q: Mat3;
  private readonly north0: Vec3;
  private readonly west0: Vec3;
  private readonly zenith0: Vec3;
  private readonly geo0: Vec3;
  private readonly beta: Vec3;
  private readonly tmp: Vec3 = [0, 0, 0];

  constructor(
    site: GeoSite,
    readonly midMs: number,
    private readonly bodies: BodyTrack,
    opts: TimeOptions = {},
  ) {
    const f = frameAt(site, midMs, opts);
    this.frame = f;
    this.q = f.eqjToEqd;
    const h = f.eqjToHor;
    // Rows of J2000 → horizontal are the horizontal axes in J2000 coordinates.
    this.north0 = mulMat(this.q, [h[0], h[1], h[2]]);
    this.west0 = mulMat(this.q, [h[3], h[4], h[5]]);
    this.zenith0 = mulMat(this.q, [h[6], h[7], h[8]]);
    this.geo0 = mulMat(this.q, [f.observerPosAu[0] - f.earthPosAu[0], f.observerPosAu[1] - f.earthPosAu[1], f.observerPosAu[2] - f.earthPosAu[2]]);
    this.beta = mulMat(this.q, f.beta);
  }

  /** Apparent unit direction (equator of date) of a sidereal place, fixed over the night. */
  starApparent(place: IcrsPlace): Vec3 {
    return mulMat(this.q, aberrate(starDirection(place, this.midMs, this.frame.observerPosAu), this.frame.beta));
  }

  /** Right ascension of date of an apparent direction from `starApparent`, degrees. */
  static raOfDateDeg(v: Vec3): number {
    return (Math.atan2(v[1], v[0]) * 180) / Math.PI;
  }

  /** Earth rotation angle since the middle, radians. */
  private angle(utcMs: number): number {
    return EARTH_ROTATION_RAD_PER_MS * (utcMs - this.midMs);
  }

  /** The site's axes at `utcMs` (keep within ±12 h of the middle). */
  pose(utcMs: number): NightPose {
    const a = this.angle(utcMs);
    const c = Math.cos(a);
    const s = Math.sin(a);
    return { north: turn(this.north0, c, s), west: turn(this.west0, c, s), zenith: turn(this.zenith0, c, s), lastDeg: this.frame.lastDeg + (a * 180) / Math.PI };
  }

  /** Sun and Moon at `utcMs` (keep within ±12 h of the middle). */
  bodiesAt(utcMs: number): NightBodies {
    const a = this.angle(utcMs);
    const geo = turn(this.geo0, Math.cos(a), Math.sin(a));
    const sunTopo = this.topocentric(0, utcMs, geo);
    const moonTopo = this.topocentric(1, utcMs, geo);
    // Phase angle at the Moon between the Sun and the observer (geometric, as moonIllumination).
    const ms: Vec3 = [sunTopo[0] - moonTopo[0], sunTopo[1] - moonTopo[1], sunTopo[2] - moonTopo[2]];
    const cosI = -(ms[0] * moonTopo[0] + ms[1] * moonTopo[1] + ms[2] * moonTopo[2]) / (Math.hypot(ms[0], ms[1], ms[2]) * Math.hypot(moonTopo[0], moonTopo[1], moonTopo[2]));
    return { sun: this.apparent(sunTopo), moon: this.apparent(moonTopo), moonFraction: (1 + cosI) / 2 };
  }

  /** Observer → body (AU, equator of date). */
  private topocentric(which: 0 | 1, utcMs: number, geo: Vec3): Vec3 {
    const g = mulMat(this.q, this.bodies.at(which, utcMs, this.tmp));
    return [g[0] - geo[0], g[1] - geo[1], g[2] - geo[2]];
  }

  /** Unit direction with first-order aberration (second order < 0.002″ here). */
  private apparent(v: Vec3): Vec3 {
    const n = Math.hypot(v[0], v[1], v[2]);
    const b = this.beta;
    const px = v[0] / n;
    const py = v[1] / n;
    const pz = v[2] / n;
    const pb = px * b[0] + py * b[1] + pz * b[2];
    const x = px + b[0] - pb * px;
    const y = py + b[1] - pb * py;
    const z = pz + b[2] - pb * pz;
    const m = Math.hypot(x, y, z);
    return [x / m, y / m, z / m];
  }
}

/** The Earth turns eastward about the pole of date: R3(a)ᵀ in equator-of-date axes. */
function turn(v: Vec3, c: number, s: number): Vec3 {
  return [c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]];
}

/** Dot product. */
export function dot3(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
