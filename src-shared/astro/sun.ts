import { Body, Equator, Horizon, MakeTime, SearchAltitude } from 'astronomy-engine';
import { toObserver, type GeoSite } from './observer';

/** Sun altitude thresholds of the twilight definitions, degrees. OCS "dark" is nautical (−12°). */
export const TWILIGHT_ALTITUDE_DEG = {
  sunriseSunset: -0.833,
  civil: -6,
  nautical: -12,
  astronomical: -18,
} as const;

export type NightPhase = 'day' | 'civil' | 'nautical' | 'astronomical' | 'night';

/**
 * Geometric (unrefracted) topocentric altitude of the Sun's centre, degrees, at `utcMs`.
 * Twilight limits are defined on the unrefracted altitude.
 */
export function sunAltitudeDeg(site: GeoSite, utcMs: number): number {
  const time = MakeTime(new Date(utcMs));
  const observer = toObserver(site);
  const eq = Equator(Body.Sun, time, observer, true, true);
  return Horizon(time, observer, eq.ra, eq.dec).altitude;
}

/**
 * Night phase for a Sun altitude: `day` above −0.833°, `civil` down to −6°, `nautical` to −12°,
 * `astronomical` to −18°, `night` below.
 */
export function nightPhaseForSunAltitude(sunAltDeg: number): NightPhase {
  if (sunAltDeg > TWILIGHT_ALTITUDE_DEG.sunriseSunset) return 'day';
  if (sunAltDeg > TWILIGHT_ALTITUDE_DEG.civil) return 'civil';
  if (sunAltDeg > TWILIGHT_ALTITUDE_DEG.nautical) return 'nautical';
  if (sunAltDeg > TWILIGHT_ALTITUDE_DEG.astronomical) return 'astronomical';
  return 'night';
}

/** One night's Sun events, UTC ms; null where the Sun does not cross that altitude (polar day/night). */
export interface NightEvents {
  sunsetMs: number | null;
  civilDuskMs: number | null;
  nauticalDuskMs: number | null;
  astronomicalDuskMs: number | null;
  astronomicalDawnMs: number | null;
  nauticalDawnMs: number | null;
  civilDawnMs: number | null;
  sunriseMs: number | null;
}

function crossing(site: GeoSite, fromMs: number, direction: 1 | -1, altitudeDeg: number, limitDays: number): number | null {
  const found = SearchAltitude(Body.Sun, toObserver(site), direction, MakeTime(new Date(fromMs)), limitDays, altitudeDeg);
  return found ? found.date.getTime() : null;
}

/**
 * The Sun events of the night that follows local noon before `utcMs` (or the current night, if
 * `utcMs` is during it). Local noon is estimated from the longitude, which is enough to choose the night.
 */
export function nightEvents(site: GeoSite, utcMs: number): NightEvents {
  const localNoonOffsetMs = (-site.longitudeDeg / 15) * 3_600_000 + 12 * 3_600_000;
  const dayMs = 86_400_000;
  // The most recent local noon at or before utcMs.
  const noonMs = Math.floor((utcMs - localNoonOffsetMs) / dayMs) * dayMs + localNoonOffsetMs;
  const dusk = (alt: number): number | null => crossing(site, noonMs, -1, alt, 1);
  const dawn = (alt: number, afterMs: number | null): number | null => crossing(site, afterMs ?? noonMs, 1, alt, 1);
  const sunsetMs = dusk(TWILIGHT_ALTITUDE_DEG.sunriseSunset);
  const civilDuskMs = dusk(TWILIGHT_ALTITUDE_DEG.civil);
  const nauticalDuskMs = dusk(TWILIGHT_ALTITUDE_DEG.nautical);
  const astronomicalDuskMs = dusk(TWILIGHT_ALTITUDE_DEG.astronomical);
  return {
    sunsetMs,
    civilDuskMs,
    nauticalDuskMs,
    astronomicalDuskMs,
    astronomicalDawnMs: dawn(TWILIGHT_ALTITUDE_DEG.astronomical, astronomicalDuskMs),
    nauticalDawnMs: dawn(TWILIGHT_ALTITUDE_DEG.nautical, nauticalDuskMs),
    civilDawnMs: dawn(TWILIGHT_ALTITUDE_DEG.civil, civilDuskMs),
    sunriseMs: dawn(TWILIGHT_ALTITUDE_DEG.sunriseSunset, sunsetMs),
  };
}
