/** Time series for planning charts (altitude/airmass/HA/moon over a night) and rise/transit/set. */
import { airmassPlaneParallel } from './airmass';
import { moonIllumination } from './bodies';
import { frameAt, type TimeOptions } from './frame';
import type { GeoSite } from './observer';
import type { RefractionConditions } from './refraction';
import { crossingsOf } from './root-find';
import { prepareTarget, type Target } from './target';
import { angleBetweenRad } from './vec';

/** Parallel arrays, one entry per instant. Angles in degrees, hour angle in hours. */
export interface TargetSeries {
  utcMs: number[];
  altitudeDeg: number[];
  azimuthDeg: number[];
  /** Plane-parallel airmass; null at or below the horizon. */
  airmass: (number | null)[];
  hourAngleHours: number[];
  /** Topocentric Moon–target separation. */
  moonDistanceDeg: number[];
  moonAltitudeDeg: number[];
  sunAltitudeDeg: number[];
  /** Moon illuminated fraction 0–1. */
  moonIlluminatedFraction: number[];
}

const SUN = prepareTarget({ type: 'MAJOR_BODY', body: 'sun' });
const MOON = prepareTarget({ type: 'MAJOR_BODY', body: 'moon' });

/**
 * Samples `target` from `site` every `stepMs` over [startMs, endMs] (both ends included).
 * Altitudes are geometric unless refraction conditions are given.
 */
export function targetSeries(
  site: GeoSite,
  target: Target,
  startMs: number,
  endMs: number,
  stepMs: number,
  opts: TimeOptions & { refraction?: RefractionConditions | null } = {},
): TargetSeries {
  const prepared = prepareTarget(target);
  const s: TargetSeries = { utcMs: [], altitudeDeg: [], azimuthDeg: [], airmass: [], hourAngleHours: [], moonDistanceDeg: [], moonAltitudeDeg: [], sunAltitudeDeg: [], moonIlluminatedFraction: [] };
  const n = Math.max(0, Math.floor((endMs - startMs) / stepMs));
  for (let i = 0; i <= n; i++) {
    const t = startMs + i * stepMs;
    const f = frameAt(site, t, opts);
    const p = prepared.positionIn(f, opts.refraction ?? null);
    const geometric = opts.refraction ? prepared.positionIn(f) : p;
    const moon = MOON.positionIn(f);
    s.utcMs.push(t);
    s.altitudeDeg.push(p.altitudeDeg);
    s.azimuthDeg.push(p.azimuthDeg);
    s.airmass.push(airmassPlaneParallel(geometric.altitudeDeg));
    s.hourAngleHours.push(p.hourAngleHours);
    s.moonDistanceDeg.push((angleBetweenRad(p.apparentDirection, moon.apparentDirection) * 180) / Math.PI);
    s.moonAltitudeDeg.push(moon.altitudeDeg);
    s.sunAltitudeDeg.push(SUN.positionIn(f).altitudeDeg);
    s.moonIlluminatedFraction.push(moonIllumination(f).illuminatedFraction);
  }
  return s;
}

/** Rise, set (crossing `altitudeDeg`, geometric) and transit (upper culmination) instants. */
export interface RiseTransitSet {
  risesMs: number[];
  setsMs: number[];
  transitsMs: number[];
}

/** Every rise/set through `altitudeDeg` and every upper transit within [startMs, endMs], to 0.2 s. */
export function riseTransitSet(site: GeoSite, target: Target, startMs: number, endMs: number, altitudeDeg: number, opts: TimeOptions = {}): RiseTransitSet {
  const prepared = prepareTarget(target);
  const pos = (t: number) => prepared.positionIn(frameAt(site, t, opts));
  const xs = crossingsOf((t) => pos(t).altitudeDeg - altitudeDeg, startMs, endMs, { stepMs: 600_000 });
  // Upper transit: HA goes from negative to positive through 0 (not through ±12 h).
  const tr = crossingsOf(
    (t) => {
      const ha = pos(t).hourAngleHours;
      return Math.abs(ha) < 6 ? ha : ha > 0 ? -ha : ha;
    },
    startMs,
    endMs,
    { stepMs: 600_000 },
  ).filter((x) => x.rising && Math.abs(pos(x.utcMs).hourAngleHours) < 0.01);
  return { risesMs: xs.filter((x) => x.rising).map((x) => x.utcMs), setsMs: xs.filter((x) => !x.rising).map((x) => x.utcMs), transitsMs: tr.map((x) => x.utcMs) };
}
