/**
 * Observability per night over many nights (a semester) for one sidereal target on one telescope:
 * the same constraints as `constraintIntervals` (dark ∩ effective horizon/mask ∩ HA limits ∩ zenith
 * blind spot ∩ Moon distance ∩ Moon phase), evaluated on the cheap `NightModel` instead of one
 * exact frame per sample. Edges are root-found on the model to 1 s; the model agrees with the
 * exact engine to well under a second of time (see night-model.ts), so a semester takes tens of
 * milliseconds instead of seconds.
 */
import {
  TWILIGHT_ALTITUDE_DEG,
  altitudeForAirmassDeg,
  intersectAll,
  intervalsWhere,
  maskAltitudeDeg,
  normalize,
  wrapHours,
  type IcrsPlace,
  type Interval,
  type ObservingConstraints,
  type TelescopeLimits,
  type VisibilityOptions,
} from '../../src-shared/astro';
import { BodyTrack, NightModel, dot3, type NightBodies, type NightPose } from './night-model';

const DAY_MS = 86_400_000;
const DEG = Math.PI / 180;

/** One night (local noon to local noon) of a calendar. */
export interface CalendarNight {
  /** Local mean noon that starts the night, UTC ms. */
  noonMs: number;
  /** Sun below the twilight altitude (default −12°), within [noonMs, noonMs + 24 h). */
  dark: Interval[];
  /** When every constraint holds. */
  observable: Interval[];
  /** Sunset and sunrise (Sun's centre at −0.833°, geometric), UTC ms; null in polar day or night. */
  sunsetMs: number | null;
  sunriseMs: number | null;
  /** Moon at local midnight (noon + 12 h): illuminated fraction 0–1, and whether it waxes. */
  moonIlluminatedFraction: number;
  moonWaxing: boolean;
}

export interface NightCalendarOptions extends VisibilityOptions {
  /** Sampling step for the root finder, ms (default 10 min, like the exact engine). */
  stepMs?: number;
}

/**
 * `nights` consecutive nights from `firstNoonMs` (local mean noon, UTC ms) for an ICRS place on
 * `telescope` under `constraints`. Intervals are UTC ms, edges to ≤ 1 s of the model.
 */
export function nightCalendar(
  telescope: TelescopeLimits,
  place: IcrsPlace,
  constraints: ObservingConstraints,
  firstNoonMs: number,
  nights: number,
  opts: NightCalendarOptions = {},
): CalendarNight[] {
  const site = telescope.site;
  const bodies = new BodyTrack(site, firstNoonMs, firstNoonMs + nights * DAY_MS, opts);
  const solve = { stepMs: opts.stepMs ?? 600_000, toleranceMs: opts.toleranceMs ?? 1000 };
  const sinDark = Math.sin((opts.twilightAltitudeDeg ?? TWILIGHT_ALTITUDE_DEG.nautical) * DEG);
  const sinSunset = Math.sin(TWILIGHT_ALTITUDE_DEG.sunriseSunset * DEG);
  const minAltDeg = Math.max(telescope.horizonDeg, altitudeForAirmassDeg(constraints.maxAirmass));
  const sinMinAlt = Math.sin(minAltDeg * DEG);
  const mask = telescope.horizonMask && telescope.horizonMask.length > 0 ? telescope.horizonMask : null;
  const haLimited = telescope.haLimitNegHours > -12 || telescope.haLimitPosHours < 12;
  const cosBlind = Math.cos(telescope.zenithBlindSpotDeg * DEG);
  const cosMoonDist = Math.cos(constraints.minLunarDistanceDeg * DEG);
  const out: CalendarNight[] = [];
  for (let i = 0; i < nights; i++) {
    const noonMs = Math.round(firstNoonMs + i * DAY_MS);
    const endMs = noonMs + DAY_MS;
    const model = new NightModel(site, noonMs + DAY_MS / 2, bodies, opts);
    // Memoise: the constraints sample the same instants.
    const poses = new Map<number, NightPose>();
    const bodyMemo = new Map<number, NightBodies>();
    const at = (t: number): NightPose => {
      let s = poses.get(t);
      if (s === undefined) poses.set(t, (s = model.pose(t)));
      return s;
    };
    const body = (t: number): NightBodies => {
      let s = bodyMemo.get(t);
      if (s === undefined) bodyMemo.set(t, (s = model.bodiesAt(t)));
      return s;
    };
    const mid = body(model.midMs);
    // The Sun moves slowly: a 30-min grid cannot miss a night (only dark spells < 30 min).
    const sunSolve = { ...solve, stepMs: Math.max(solve.stepMs, 1_800_000) };
    const daylight = intervalsWhere((t) => dot3(at(t).zenith, body(t).sun) - sinSunset, noonMs, endMs, sunSolve);
    const nightGap = gapOf(daylight, noonMs, endMs);
    const dark = intervalsWhere((t) => sinDark - dot3(at(t).zenith, body(t).sun), noonMs, endMs, sunSolve);
    const night: CalendarNight = {
      noonMs,
      dark,
      observable: [],
      sunsetMs: nightGap?.startMs ?? null,
      sunriseMs: nightGap?.endMs ?? null,
      moonIlluminatedFraction: mid.moonFraction,
      moonWaxing: waxing(mid),
    };
    out.push(night);
    if (dark.length === 0) continue;
    // Only the dark part of the day can be observable: search there alone.
    const fromMs = (dark[0] as Interval).startMs;
    const toMs = (dark[dark.length - 1] as Interval).endMs;
    const v = model.starApparent(place);
    const raDeg = NightModel.raOfDateDeg(v);
    const lists: Interval[][] = [dark];
    lists.push(
      intervalsWhere(
        (t) => {
          const s = at(t);
          const z = dot3(s.zenith, v);
          if (mask === null) return z - sinMinAlt;
          const az = Math.atan2(-dot3(s.west, v), dot3(s.north, v)) / DEG;
          return z - Math.sin(Math.max(minAltDeg, maskAltitudeDeg(mask, az)) * DEG);
        },
        fromMs,
        toMs,
        solve,
      ),
    );
    if (haLimited) {
      lists.push(
        intervalsWhere(
          (t) => {
            const ha = wrapHours((at(t).lastDeg - raDeg) / 15);
            return Math.min(ha - telescope.haLimitNegHours, telescope.haLimitPosHours - ha);
          },
          fromMs,
          toMs,
          solve,
        ),
      );
    }
    if (telescope.zenithBlindSpotDeg > 0) lists.push(intervalsWhere((t) => cosBlind - dot3(at(t).zenith, v), fromMs, toMs, solve));
    if (constraints.minLunarDistanceDeg > 0) lists.push(intervalsWhere((t) => cosMoonDist - dot3(body(t).moon, v), fromMs, toMs, solve));
    if (constraints.maxLunarPhase < 1) {
      // OCS judges the phase only while the Moon is up: fine when dim enough or below the horizon.
      lists.push(
        normalize(
          intervalsWhere(
            (t) => {
              const b = body(t);
              return Math.max(constraints.maxLunarPhase - b.moonFraction, -dot3(at(t).zenith, b.moon));
            },
            fromMs,
            toMs,
            solve,
          ),
        ),
      );
    }
    night.observable = intersectAll(lists);
  }
  return out;
}

/** The gap between the first daylight interval and the next one (or the window end): the night. */
function gapOf(daylight: readonly Interval[], startMs: number, endMs: number): Interval | null {
  // Without a sunset and a sunrise inside the window (polar day or night) there is no such gap.
  const first = daylight[0];
  const last = daylight[daylight.length - 1];
  if (!first || !last || first.startMs !== startMs || last.endMs !== endMs || daylight.length < 2) return null;
  return { startMs: first.endMs, endMs: (daylight[1] as Interval).startMs };
}

/** Waxing while the Moon is east of the Sun (their cross product points north). */
function waxing(s: NightBodies): boolean {
  return s.sun[0] * s.moon[1] - s.sun[1] * s.moon[0] > 0;
}
