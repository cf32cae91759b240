/**
 * OCS observing constraints → time intervals (ocs-contract §8): dark ∩ above effective horizon ∩
 * HA limits ∩ outside the zenith blind spot ∩ moon distance ∩ moon phase, for one telescope and
 * one target, within a window. Edges are found by root finding (≤ 1 s), not by sampling alone.
 *
 * Differences from OCS rise_set, all deliberate: edges are exact rather than 15/30-min chunks;
 * moving targets use the same code as stars; hour-angle limits are applied to the true hour
 * angle at every site (rise_set swaps them for southern sites — identical for symmetric limits).
 */
import { altitudeForAirmassDeg } from './airmass';
import { moonIllumination } from './bodies';
import { frameAt, type Frame, type TimeOptions } from './frame';
import { angleBetweenRad } from './vec';
import { intersectAll, normalize, type Interval } from './intervals';
import { intervalsWhere } from './root-find';
import type { GeoSite } from './observer';
import { prepareTarget, type PreparedTarget, type Target } from './target';
import { maskAltitudeDeg, type TelescopeLimits } from './telescope';
import { TWILIGHT_ALTITUDE_DEG } from './sun';

/** OCS request constraints (defaults: 1.6, 30°, 1.0). */
export interface ObservingConstraints {
  /** Plane-parallel airmass limit, 1–25. */
  maxAirmass: number;
  /** Minimum topocentric Moon–target separation, degrees. 0 disables. */
  minLunarDistanceDeg: number;
  /** Maximum illuminated fraction of the Moon, 0–1. ≥ 1 disables. */
  maxLunarPhase: number;
}

export const DEFAULT_CONSTRAINTS: ObservingConstraints = { maxAirmass: 1.6, minLunarDistanceDeg: 30, maxLunarPhase: 1 };

export interface VisibilityOptions extends TimeOptions {
  /** Sun altitude below which it is dark, degrees (default −12, OCS nautical). */
  twilightAltitudeDeg?: number;
  /** Sampling step, ms (default 10 min). */
  stepMs?: number;
  /** Edge tolerance, ms (default 200). */
  toleranceMs?: number;
}

/** Memoises frames per instant: all constraints of one query evaluate the same grid. */
export class FrameCache {
  private readonly frames = new Map<number, Frame>();
  constructor(
    readonly site: GeoSite,
    private readonly opts: TimeOptions = {},
  ) {}
  at(utcMs: number): Frame {
    let f = this.frames.get(utcMs);
    if (!f) {
      f = frameAt(this.site, utcMs, this.opts);
      if (this.frames.size > 20_000) this.frames.clear();
      this.frames.set(utcMs, f);
    }
    return f;
  }
}

const SUN = prepareTarget({ type: 'MAJOR_BODY', body: 'sun' });
const MOON = prepareTarget({ type: 'MAJOR_BODY', body: 'moon' });

/** Intervals in [startMs, endMs) when the Sun's geometric altitude is below the twilight altitude. */
export function darkIntervals(site: GeoSite, startMs: number, endMs: number, opts: VisibilityOptions = {}, cache = new FrameCache(site, opts)): Interval[] {
  const limit = opts.twilightAltitudeDeg ?? TWILIGHT_ALTITUDE_DEG.nautical;
  return intervalsWhere((t) => limit - SUN.positionIn(cache.at(t)).altitudeDeg, startMs, endMs, solve(opts));
}

function solve(opts: VisibilityOptions): { stepMs?: number; toleranceMs?: number } {
  const o: { stepMs?: number; toleranceMs?: number } = {};
  if (opts.stepMs !== undefined) o.stepMs = opts.stepMs;
  if (opts.toleranceMs !== undefined) o.toleranceMs = opts.toleranceMs;
  return o;
}

/** Each constraint's intervals and their intersection (`observable`), all within the window. */
export interface ConstraintIntervals {
  dark: Interval[];
  /** Above max(horizon, airmass altitude, mask). */
  aboveHorizon: Interval[];
  hourAngle: Interval[];
  zenithBlindSpot: Interval[];
  moonDistance: Interval[];
  moonPhase: Interval[];
  observable: Interval[];
}

/**
 * Every constraint of `constraints` for `target` on `telescope` within [startMs, endMs).
 * `dark` may be passed in when already computed for the same telescope and window.
 */
export function constraintIntervals(
  telescope: TelescopeLimits,
  target: Target | PreparedTarget,
  constraints: ObservingConstraints,
  startMs: number,
  endMs: number,
  opts: VisibilityOptions = {},
  shared: { cache?: FrameCache; dark?: Interval[] } = {},
): ConstraintIntervals {
  const cache = shared.cache ?? new FrameCache(telescope.site, opts);
  const prepared = 'positionIn' in target ? target : prepareTarget(target);
  const s = solve(opts);
  const pos = (t: number) => prepared.positionIn(cache.at(t));
  const full: Interval[] = [{ startMs, endMs }];
  const dark = shared.dark ?? darkIntervals(telescope.site, startMs, endMs, opts, cache);
  const minAlt = Math.max(telescope.horizonDeg, altitudeForAirmassDeg(constraints.maxAirmass));
  const mask = telescope.horizonMask ?? null;
  const aboveHorizon = intervalsWhere(
    (t) => {
      const p = pos(t);
      return p.altitudeDeg - Math.max(minAlt, maskAltitudeDeg(mask, p.azimuthDeg));
    },
    startMs,
    endMs,
    s,
  );
  const haNone = telescope.haLimitNegHours <= -12 && telescope.haLimitPosHours >= 12;
  const hourAngle = haNone
    ? full
    : intervalsWhere(
        (t) => {
          const ha = pos(t).hourAngleHours;
          return Math.min(ha - telescope.haLimitNegHours, telescope.haLimitPosHours - ha);
        },
        startMs,
        endMs,
        s,
      );
  const zenithBlindSpot = telescope.zenithBlindSpotDeg > 0 ? intervalsWhere((t) => 90 - pos(t).altitudeDeg - telescope.zenithBlindSpotDeg, startMs, endMs, s) : full;
  const moonDistance =
    constraints.minLunarDistanceDeg > 0 && !(prepared.target.type === 'MAJOR_BODY' && prepared.target.body === 'moon')
      ? intervalsWhere(
          (t) => {
            const f = cache.at(t);
            const sep = (angleBetweenRad(pos(t).apparentDirection, MOON.positionIn(f).apparentDirection) * 180) / Math.PI;
            return sep - constraints.minLunarDistanceDeg;
          },
          startMs,
          endMs,
          s,
        )
      : full;
  const moonPhase = constraints.maxLunarPhase < 1 ? moonPhaseIntervals(telescope.site, constraints.maxLunarPhase, startMs, endMs, cache, s) : full;
  return {
    dark,
    aboveHorizon,
    hourAngle,
    zenithBlindSpot,
    moonDistance,
    moonPhase,
    observable: intersectAll([dark, aboveHorizon, hourAngle, zenithBlindSpot, moonDistance, moonPhase]),
  };
}

/**
 * Intervals when the Moon's illuminated fraction ≤ `maxPhase` OR the Moon is below the horizon
 * (OCS evaluates the phase only while the Moon is up).
 */
function moonPhaseIntervals(site: GeoSite, maxPhase: number, startMs: number, endMs: number, cache: FrameCache, s: { stepMs?: number; toleranceMs?: number }): Interval[] {
  const phaseOk = intervalsWhere((t) => maxPhase - moonIllumination(cache.at(t)).illuminatedFraction, startMs, endMs, s);
  const moonDown = intervalsWhere((t) => -MOON.positionIn(cache.at(t)).altitudeDeg, startMs, endMs, s);
  return normalize([...phaseOk, ...moonDown]);
}

/** Observable intervals of `target` on `telescope` within [startMs, endMs). */
export function observableIntervals(
  telescope: TelescopeLimits,
  target: Target,
  constraints: ObservingConstraints,
  startMs: number,
  endMs: number,
  opts: VisibilityOptions = {},
): Interval[] {
  return constraintIntervals(telescope, target, constraints, startMs, endMs, opts).observable;
}
