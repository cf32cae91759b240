/**
 * Which span of time "the night of DAY-OBS" is at a site. OCS names a night by DAY-OBS, the local
 * date on which it begins; we take it from local mean noon of that date to local mean noon of the
 * next (mean solar time from the longitude, so no time-zone database and no DST jumps).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Local mean time at which the console's default report switches from last night to tonight,
 * hours after local mean midnight: by 16:00 the coming night is the one of interest.
 */
export const DEFAULT_NIGHT_SWITCH_HOUR = 16;

/** `YYYY-MM-DD` or `YYYYMMDD` → `YYYY-MM-DD`; null when it is not a real calendar date. */
export function normalizeDayObs(text: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [, y = '', mo = '', d = ''] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  const iso = new Date(ms).toISOString().slice(0, 10);
  return iso === `${y}-${mo}-${d}` ? iso : null;
}

/**
 * The night of `dayObs` (`YYYY-MM-DD`) at east-positive longitude `longitudeDeg`: [local mean noon of
 * that date, the next local mean noon), UTC ms. Throws nothing; pass a normalized date.
 */
export function nightSpanUtcMs(dayObs: string, longitudeDeg: number): { fromUtcMs: number; toUtcMs: number } {
  const midnightUtcMs = Date.parse(`${dayObs}T00:00:00Z`);
  const fromUtcMs = midnightUtcMs + 12 * HOUR_MS - (longitudeDeg / 15) * HOUR_MS;
  return { fromUtcMs, toUtcMs: fromUtcMs + DAY_MS };
}

/**
 * The DAY-OBS a console means by "the report" at `nowUtcMs`: the night in progress, or last night
 * until `switchHour` local mean time the next day.
 */
export function defaultDayObs(nowUtcMs: number, longitudeDeg: number, switchHour = DEFAULT_NIGHT_SWITCH_HOUR): string {
  const localMeanMs = nowUtcMs + (longitudeDeg / 15) * HOUR_MS;
  return new Date(localMeanMs - switchHour * HOUR_MS).toISOString().slice(0, 10);
}
