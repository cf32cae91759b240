/**
 * Time formats used in archive headers and the frames API.
 *
 * DAY-OBS follows LCO's "date at start of local observing night": the night is labelled with the
 * local calendar date of its evening, and the label changes at local noon. With the site's
 * standard UTC offset (configdb `site.timezone`, whole hours) that is the UTC calendar date of
 * `t + offset − 12 h`. Daylight saving is ignored on purpose (observatories keep standard time and
 * the label must not jump during a night).
 */
import { AppError } from '../../src-shared/errors';

const MS_PER_HOUR = 3_600_000;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function assertTime(utcMs: number): void {
  if (!Number.isFinite(utcMs)) throw new AppError('validation.invalid', `time must be finite, got ${utcMs}`);
}

/** `YYYY-MM-DDTHH:MM:SS.sss` (UTC, no zone letter): the FITS DATE-OBS / L1PUBDAT form. */
export function fitsDateTime(utcMs: number): string {
  assertTime(utcMs);
  return new Date(utcMs).toISOString().slice(0, 23);
}

/** `HH:MM:SS.sss` (UTC): the UTSTART / UTSTOP form. */
export function fitsTimeOfDay(utcMs: number): string {
  assertTime(utcMs);
  return new Date(utcMs).toISOString().slice(11, 23);
}

/**
 * DAY-OBS `YYYYMMDD` for an exposure starting at `utcMs` at a site `utcOffsetHours` from UTC
 * (east positive, e.g. −7 for Arizona, +10 for Siding Spring). Range: offsets −12 … +14.
 */
export function dayObs(utcMs: number, utcOffsetHours: number): string {
  assertTime(utcMs);
  if (!(utcOffsetHours >= -12 && utcOffsetHours <= 14)) {
    throw new AppError('validation.invalid', `UTC offset must be within −12…+14 h, got ${utcOffsetHours}`);
  }
  const d = new Date(utcMs + (utcOffsetHours - 12) * MS_PER_HOUR);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`;
}

/** `YYYYMMDD` → `YYYY-MM-DD` (the API's observation_day), or null when not a date. */
export function dayObsToIsoDate(day: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(day);
  if (m === null) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso ? null : iso;
}

/**
 * API timestamp as Django REST framework renders a UTC DateTimeField:
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ` (microseconds; ours are always whole milliseconds).
 */
export function apiDateTime(utcMs: number): string {
  assertTime(utcMs);
  return `${new Date(utcMs).toISOString().slice(0, 23)}000Z`;
}

/**
 * Parses a FITS or ISO date-time. A value without a zone is UTC (FITS convention). Returns null
 * when unparseable.
 */
export function parseUtc(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(t);
  const hasZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(t);
  const ms = Date.parse(dateOnly ? `${t}T00:00:00Z` : hasZone ? t : `${t}Z`);
  return Number.isNaN(ms) ? null : ms;
}
