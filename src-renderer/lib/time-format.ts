/**
 * Time and angle formatting for the console. Everything takes UTC milliseconds and an IANA time
 * zone explicitly: the console never formats with the browser's own zone, because the operator
 * cares about the site's local time, which need not be the zone of the machine running the browser.
 */

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions, tag: string): Intl.DateTimeFormat {
  const key = `${tag}|${timeZone}`;
  let f = formatterCache.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    formatterCache.set(key, f);
  }
  return f;
}

function parts(utcMs: number, timeZone: string): Record<string, string> {
  const f = formatter(
    timeZone,
    {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    },
    'parts',
  );
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(utcMs))) out[p.type] = p.value;
  return out;
}

/** `HH:MM:SS` (24 h) in `timeZone`; `HH:MM` when `seconds` is false. */
export function formatClock(utcMs: number, timeZone: string, seconds = true): string {
  const p = parts(utcMs, timeZone);
  const hh = p.hour === '24' ? '00' : (p.hour ?? '00');
  return seconds ? `${hh}:${p.minute}:${p.second}` : `${hh}:${p.minute}`;
}

/** ISO-style calendar date `YYYY-MM-DD` in `timeZone`. */
export function formatDate(utcMs: number, timeZone: string): string {
  const p = parts(utcMs, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `YYYY-MM-DD HH:MM` in `timeZone`. */
export function formatDateTime(utcMs: number, timeZone: string): string {
  return `${formatDate(utcMs, timeZone)} ${formatClock(utcMs, timeZone, false)}`;
}

/**
 * Offset of `timeZone` from UTC at `utcMs`, minutes (east positive; e.g. +60 for CET in winter).
 * Computed from the zone's wall-clock fields so it needs no `shortOffset` support.
 */
export function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const p = parts(utcMs, timeZone);
  const hour = p.hour === '24' ? 0 : Number(p.hour);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), hour, Number(p.minute), Number(p.second));
  const wholeSecondMs = Math.floor(utcMs / 1000) * 1000;
  return Math.round((asUtc - wholeSecondMs) / 60_000);
}

/**
 * UTC ms of a wall-clock time in `timeZone`, given as the ms that time would be in UTC
 * (`Date.UTC(y, mo, d, h, mi)`). Inside a DST gap or overlap the earlier offset is used: the
 * offset is taken at the guess, then again at the instant it gives.
 */
export function wallTimeToUtcMs(wallAsUtcMs: number, timeZone: string): number {
  const guess = wallAsUtcMs - zoneOffsetMinutes(wallAsUtcMs, timeZone) * 60_000;
  return wallAsUtcMs - zoneOffsetMinutes(guess, timeZone) * 60_000;
}

/** Offset label such as `UTC+1`, `UTC−3:30`, or `UTC+0`. */
export function formatZoneOffset(utcMs: number, timeZone: string): string {
  const minutes = zoneOffsetMinutes(utcMs, timeZone);
  if (minutes === 0) return 'UTC+0';
  const sign = minutes > 0 ? '+' : '\u2212';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return m === 0 ? `UTC${sign}${h}` : `UTC${sign}${h}:${String(m).padStart(2, '0')}`;
}

/** Degrees with one decimal and a true minus sign, e.g. `−12.4°`. Null gives `—`. */
export function formatDeg(deg: number | null, decimals = 1): string {
  if (deg === null || !Number.isFinite(deg)) return '\u2014';
  const s = Math.abs(deg).toFixed(decimals);
  const negative = deg < 0 && Number(s) !== 0;
  return `${negative ? '\u2212' : ''}${s}\u00b0`;
}

/** A duration in seconds as `2h 05m`, `12m 30s` or `45s`. Null gives `—`. */
export function formatDurationSec(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec) || sec < 0) return '\u2014';
  const total = Math.round(sec);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Age of an event relative to `nowMs`, e.g. `3 s ago`, `5 min ago`, `2 h ago`; future times give `in …`. */
export function formatAge(thenMs: number, nowMs: number): string {
  const deltaSec = Math.round((nowMs - thenMs) / 1000);
  const abs = Math.abs(deltaSec);
  let text: string;
  if (abs < 60) text = `${abs} s`;
  else if (abs < 3600) text = `${Math.floor(abs / 60)} min`;
  else if (abs < 86_400 * 2) text = `${Math.floor(abs / 3600)} h`;
  else text = `${Math.floor(abs / 86_400)} d`;
  return deltaSec >= 0 ? `${text} ago` : `in ${text}`;
}
