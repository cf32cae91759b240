/**
 * Visibility queries for the console, the CLI and the contract (`visibility.target`,
 * `visibility.calendar`): a target's altitude/airmass/HA/Moon series through a night, its
 * observable intervals and rise/transit/set on each telescope, and observable hours per night over
 * many nights. Everything comes from the shared engine (src-shared/astro) through the OCS mapping
 * (src-shared/ocs/to-astro), so the charts show exactly what the validator and the scheduler use.
 */
import {
  FrameCache,
  altitudeForAirmassDeg,
  constraintIntervals,
  darkIntervals,
  localNoonBeforeMs,
  moonIllumination,
  frameAt,
  nightEvents,
  prepareTarget,
  riseTransitSet,
  targetSeries,
  totalMs,
  type GeoSite,
  type Interval,
  type NightEvents,
  type ObservingConstraints,
  type TelescopeLimits,
  type Target as AstroTarget,
  type VisibilityOptions,
} from '../../src-shared/astro';
import { AppError } from '../../src-shared/errors';
import { nightCalendar, type CalendarNight } from './night-calendar';
import type { InvocationArgs, VisibilityCalendar, VisibilityTarget } from '../../src-shared/ipc/contract';
import { observatoryTelescopes, toAstroTarget, toObservingConstraints, type ObservatoryTelescope } from '../../src-shared/ocs';
import { sitesResponseSchema, type SitesResponse, type Target as OcsTarget } from '../../src-shared/schemas';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A night's chart span: sunset − 1 h to sunrise + 1 h (24 h from local noon without a sunset). */
export interface NightSpan {
  startMs: number;
  endMs: number;
  events: NightEvents;
}

/**
 * "Tonight" as the console's timeline shows it: the night around `nowMs`, or the coming one once
 * this morning's sunrise is more than an hour past.
 */
export function tonightSpan(site: GeoSite, nowMs: number): NightSpan {
  let events = nightEvents(site, nowMs);
  if (events.sunriseMs !== null && nowMs > events.sunriseMs + HOUR_MS) events = nightEvents(site, nowMs + 12 * HOUR_MS);
  return spanOf(site, events, localNoonBeforeMs(site.longitudeDeg, events.sunsetMs ?? nowMs));
}

/** The night that starts on the local (mean solar) afternoon of calendar date `yyyy-mm-dd`. */
export function nightOfDate(site: GeoSite, date: string): NightSpan {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new AppError('validation.invalid', `Date must be YYYY-MM-DD, got "${date}"`, { date: ['Date must be YYYY-MM-DD'] });
  const noonUtcMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12) - (site.longitudeDeg / 15) * HOUR_MS;
  return spanOf(site, nightEvents(site, noonUtcMs + 1), noonUtcMs);
}

function spanOf(_site: GeoSite, events: NightEvents, noonMs: number): NightSpan {
  const startMs = events.sunsetMs !== null ? events.sunsetMs - HOUR_MS : noonMs;
  const endMs = events.sunriseMs !== null ? events.sunriseMs + HOUR_MS : noonMs + DAY_MS;
  return { startMs, endMs, events };
}

/** Where the service reads the observatory from, and how it tells "now". */
export interface VisibilityServiceDeps {
  /** The configdb `/sites/` dump (as ObservatoryService.dump() returns it). */
  sitesDump: () => unknown;
  nowMs: () => number;
  /** The IANA zone of a site code (for answers); 'UTC' when unknown. */
  timeZoneOf?: (siteCode: string) => string;
  opts?: VisibilityOptions;
}

type TargetArgs = InvocationArgs<'visibility.target'>;
type CalendarArgs = InvocationArgs<'visibility.calendar'>;

export class VisibilityService {
  constructor(private readonly deps: VisibilityServiceDeps) {}

  private sites(): SitesResponse {
    const parsed = sitesResponseSchema.safeParse(this.deps.sitesDump());
    if (!parsed.success) throw new AppError('not_found', 'The observatory model is not usable (configdb /sites/ dump does not parse)');
    return parsed.data;
  }

  /** The telescopes asked for: one by id, or every telescope of the first site. */
  telescopes(telescopeId: string | undefined): ObservatoryTelescope[] {
    const all = observatoryTelescopes(this.sites());
    if (all.length === 0) throw new AppError('not_found', 'The observatory has no telescope yet');
    if (telescopeId !== undefined) {
      const t = all.find((x) => x.id === telescopeId);
      if (!t) throw new AppError('not_found', `No telescope "${telescopeId}"`, { telescopeId: [`No telescope "${telescopeId}"`] });
      return [t];
    }
    const first = all[0] as ObservatoryTelescope;
    return all.filter((t) => t.site === first.site);
  }

  /** Series, intervals and events of one target for a night (default tonight) on each telescope. */
  target(args: TargetArgs, span?: NightSpan): VisibilityTarget {
    const tels = this.telescopes(args.telescopeId);
    const first = tels[0] as ObservatoryTelescope;
    const target = astroTargetOf(args.target);
    const constraints = toObservingConstraints(args.constraints ?? { max_airmass: 1.6, min_lunar_distance: 30, max_lunar_phase: 1 });
    const night = span ?? this.spanFor(first.limits.site, args.startMs, args.endMs);
    const { startMs, endMs } = night;
    if (!(endMs > startMs)) throw new AppError('validation.invalid', 'endMs must be after startMs', { endMs: ['must be after startMs'] });
    if (endMs - startMs > 7 * DAY_MS) throw new AppError('validation.invalid', 'A chart spans at most 7 days', { endMs: ['at most 7 days after startMs'] });
    const stepMs = Math.max(args.stepMin * 60_000, (endMs - startMs) / 5000);
    const opts = this.deps.opts ?? {};
    // Telescopes of one site usually share lat/long: compute each distinct place once.
    const seriesCache = new Map<string, ReturnType<typeof targetSeries>>();
    const seriesAt = (site: GeoSite) => {
      const key = `${site.latitudeDeg},${site.longitudeDeg},${site.elevationM}`;
      let s = seriesCache.get(key);
      if (!s) {
        s = targetSeries(site, target, startMs, endMs, stepMs, opts);
        seriesCache.set(key, s);
      }
      return s;
    };
    const base = seriesAt(first.limits.site);
    const cache = new FrameCache(first.limits.site, opts);
    const dark = darkIntervals(first.limits.site, startMs, endMs, opts, cache);
    const telescopes = tels.map((t) => {
      const s = seriesAt(t.limits.site);
      const sameSite = s === base;
      const c = constraintIntervals(t.limits, target, constraints, startMs, endMs, opts, sameSite ? { cache, dark } : {});
      const rts = riseTransitSet(t.limits.site, target, startMs, endMs, t.limits.horizonDeg, opts);
      return {
        telescopeId: t.id,
        horizonDeg: t.limits.horizonDeg,
        effectiveHorizonDeg: Math.max(t.limits.horizonDeg, altitudeForAirmassDeg(constraints.maxAirmass)),
        haLimitNegHours: t.limits.haLimitNegHours,
        haLimitPosHours: t.limits.haLimitPosHours,
        zenithBlindSpotDeg: t.limits.zenithBlindSpotDeg,
        horizonMask: t.limits.horizonMask ? t.limits.horizonMask.map((p) => ({ azimuthDeg: p.azimuthDeg, altitudeDeg: p.altitudeDeg })) : null,
        altitudeDeg: s.altitudeDeg,
        azimuthDeg: s.azimuthDeg,
        airmass: s.airmass,
        hourAngleHours: s.hourAngleHours,
        moonDistanceDeg: s.moonDistanceDeg,
        observable: c.observable,
        observableHours: totalMs(c.observable) / HOUR_MS,
        riseTransitSet: { altitudeDeg: t.limits.horizonDeg, ...rts },
      };
    });
    const mid = Math.floor(base.utcMs.length / 2);
    return {
      siteCode: first.site,
      timeZone: this.deps.timeZoneOf?.(first.site) ?? 'UTC',
      targetName: args.target.name,
      targetType: args.target.type,
      constraints,
      startMs,
      endMs,
      timesMs: base.utcMs,
      sunAltitudeDeg: base.sunAltitudeDeg,
      moonAltitudeDeg: base.moonAltitudeDeg,
      moonIlluminatedFraction: base.moonIlluminatedFraction[mid] ?? 0,
      events: night.events,
      darkIntervals: dark,
      telescopes,
    };
  }

  /**
   * Dark and observable hours per night (local noon to local noon) over `nights` nights, with each
   * night's intervals, sunset/sunrise and Moon. Sidereal targets use the night model (a semester
   * in tens of ms, edges within seconds of the exact engine); other targets the exact engine.
   */
  calendar(args: CalendarArgs): VisibilityCalendar {
    const tels = this.telescopes(args.telescopeId);
    const first = tels[0] as ObservatoryTelescope;
    const astro = astroTargetOf(args.target);
    const constraints: ObservingConstraints = toObservingConstraints(args.constraints ?? { max_airmass: 1.6, min_lunar_distance: 30, max_lunar_phase: 1 });
    const firstNoon = localNoonBeforeMs(first.limits.site.longitudeDeg, args.startMs ?? tonightSpan(first.limits.site, this.deps.nowMs()).startMs);
    const opts = this.deps.opts ?? {};
    return {
      siteCode: first.site,
      timeZone: this.deps.timeZoneOf?.(first.site) ?? 'UTC',
      targetName: args.target.name,
      telescopes: tels.map((t) => {
        const nights = astro.type === 'ICRS' ? nightCalendar(t.limits, astro, constraints, firstNoon, args.nights, opts) : exactCalendar(t.limits, astro, constraints, firstNoon, args.nights, opts);
        return {
          telescopeId: t.id,
          nights: nights.map((n) => ({
            noonMs: n.noonMs,
            darkHours: totalMs(n.dark) / HOUR_MS,
            observableHours: totalMs(n.observable) / HOUR_MS,
            moonIlluminatedFraction: n.moonIlluminatedFraction,
            moonWaxing: n.moonWaxing,
            sunsetMs: n.sunsetMs,
            sunriseMs: n.sunriseMs,
            dark: n.dark,
            observable: n.observable,
          })),
        };
      }),
    };
  }

  private spanFor(site: GeoSite, startMs: number | undefined, endMs: number | undefined): NightSpan {
    const tonight = tonightSpan(site, startMs ?? this.deps.nowMs());
    if (startMs === undefined && endMs === undefined) return tonight;
    const s = startMs ?? tonight.startMs;
    const e = endMs ?? s + (tonight.endMs - tonight.startMs);
    return { startMs: s, endMs: e, events: nightEvents(site, s) };
  }
}

/** The calendar on the exact engine (moving targets): one `constraintIntervals` per night. */
function exactCalendar(limits: TelescopeLimits, target: AstroTarget, constraints: ObservingConstraints, firstNoonMs: number, nights: number, base: VisibilityOptions): CalendarNight[] {
  // A coarser grid than the charts: edges are still root-found, only intervals < 30 min could be missed.
  const opts: VisibilityOptions = { stepMs: 1_800_000, ...base };
  const prepared = prepareTarget(target);
  const cache = new FrameCache(limits.site, opts);
  const out: CalendarNight[] = [];
  for (let i = 0; i < nights; i++) {
    const noonMs = Math.round(firstNoonMs + i * DAY_MS);
    const dark = darkIntervals(limits.site, noonMs, noonMs + DAY_MS, opts, cache);
    const observable = dark.length === 0 ? [] : constraintIntervals(limits, prepared, constraints, noonMs, noonMs + DAY_MS, opts, { cache, dark }).observable;
    const events = nightEvents(limits.site, noonMs + 1, opts);
    const moon = moonIllumination(frameAt(limits.site, noonMs + DAY_MS / 2, opts));
    out.push({ noonMs, dark, observable, sunsetMs: events.sunsetMs, sunriseMs: events.sunriseMs, moonIlluminatedFraction: moon.illuminatedFraction, moonWaxing: moon.waxing });
  }
  return out;
}

/** The engine target of an OCS target, or a validation error naming the unsupported scheme. */
function astroTargetOf(t: OcsTarget): AstroTarget {
  const a = toAstroTarget(t);
  if (a === null) {
    const scheme = 'scheme' in t ? String(t.scheme) : t.type;
    throw new AppError('validation.invalid', `Visibility cannot be computed for ${scheme} targets (as in OCS rise-set)`, { target: { scheme: [`${scheme} is not supported for visibility`] } });
  }
  return a;
}

/** Intervals helper for callers printing them: clipped to [startMs, endMs]. */
export function clipTo(list: readonly Interval[], startMs: number, endMs: number): Interval[] {
  return list.map((i) => ({ startMs: Math.max(i.startMs, startMs), endMs: Math.min(i.endMs, endMs) })).filter((i) => i.endMs > i.startMs);
}
