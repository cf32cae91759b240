/** The Sun: altitude, night phases (twilights) and one night's events. */
import { frameAt, type TimeOptions } from './frame';
import type { GeoSite } from './observer';
import { crossingsOf } from './root-find';
import { prepareTarget } from './target';

/** Sun altitude thresholds of the twilight definitions, degrees. OCS "dark" is nautical (−12°). */
export const TWILIGHT_ALTITUDE_DEG = {
  sunriseSunset: -0.833,
  civil: -6,
  nautical: -12,
  astronomical: -18,
} as const;

export type NightPhase = 'day' | 'civil' | 'nautical' | 'astronomical' | 'night';

const SUN = prepareTarget({ type: 'MAJOR_BODY', body: 'sun' });

/**
 * Geometric (unrefracted) topocentric altitude of the Sun's centre, degrees, at `utcMs`.
 * Twilight limits are defined on the unrefracted altitude (sunrise/sunset −0.833° includes the
 * standard 34′ refraction and the 16′ semi-diameter).
 */
export function sunAltitudeDeg(site: GeoSite, utcMs: number, opts: TimeOptions = {}): number {
  return SUN.positionIn(frameAt(site, utcMs, opts)).altitudeDeg;
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

/** The most recent local noon (mean solar, from the longitude) at or before `utcMs`. */
export function localNoonBeforeMs(longitudeDeg: number, utcMs: number): number {
  const dayMs = 86_400_000;
  const offsetMs = (-longitudeDeg / 15) * 3_600_000 + 12 * 3_600_000;
  return Math.floor((utcMs - offsetMs) / dayMs) * dayMs + offsetMs;
}

/**
 * The Sun events of the night that follows local noon before `utcMs` (or the current night, if
 * `utcMs` is during it). Each dusk is the first descending crossing in the 24 h after that noon;
 * each dawn the first ascending crossing after its dusk (or after noon when there is no dusk).
 * Times are good to 0.2 s.
 */
export function nightEvents(site: GeoSite, utcMs: number, opts: TimeOptions = {}): NightEvents {
  const noonMs = localNoonBeforeMs(site.longitudeDeg, utcMs);
  const endMs = noonMs + 86_400_000;
  const cache = new Map<number, number>();
  const alt = (t: number): number => {
    let a = cache.get(t);
    if (a === undefined) {
      a = sunAltitudeDeg(site, t, opts);
      cache.set(t, a);
    }
    return a;
  };
  const pair = (limitDeg: number): [number | null, number | null] => {
    const xs = crossingsOf((t) => alt(t) - limitDeg, noonMs, endMs, { stepMs: 900_000 });
    const dusk = xs.find((x) => !x.rising)?.utcMs ?? null;
    const dawn = xs.find((x) => x.rising && (dusk === null || x.utcMs > dusk))?.utcMs ?? null;
    return [dusk, dawn];
  };
  const [sunsetMs, sunriseMs] = pair(TWILIGHT_ALTITUDE_DEG.sunriseSunset);
  const [civilDuskMs, civilDawnMs] = pair(TWILIGHT_ALTITUDE_DEG.civil);
  const [nauticalDuskMs, nauticalDawnMs] = pair(TWILIGHT_ALTITUDE_DEG.nautical);
  const [astronomicalDuskMs, astronomicalDawnMs] = pair(TWILIGHT_ALTITUDE_DEG.astronomical);
  return { sunsetMs, civilDuskMs, nauticalDuskMs, astronomicalDuskMs, astronomicalDawnMs, nauticalDawnMs, civilDawnMs, sunriseMs };
}
