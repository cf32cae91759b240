/**
 * Time scales. Instants are UTC milliseconds (`Date.getTime()`); astronomy-engine wants days since
 * J2000 in UT1 (`ut`) and TT (`tt`).
 *
 * - TT − UTC = 32.184 s + (TAI − UTC) from the leap-second table below (exact since 1972). Before
 *   1972 astronomy-engine's Espenak–Meeus ΔT model is used.
 * - UT1 − UTC (DUT1, |DUT1| < 0.9 s) is not predictable; callers may pass it (e.g. from IERS
 *   Bulletin A). Left at 0 it shifts the Earth's rotation by up to 0.9 s, i.e. up to 13.5″ in hour
 *   angle — irrelevant for scheduling, but the astropy reference comparison passes astropy's DUT1.
 *
 * Importing this module installs our ΔT function into astronomy-engine (a process-wide setting;
 * this folder is the only user of astronomy-engine, so nothing else depends on the default).
 */
import { AstroTime, DeltaT_EspenakMeeus, SetDeltaTFunction } from 'astronomy-engine';

/** 2000-01-01T12:00:00Z as UTC ms: the J2000 origin of astronomy-engine's day counts. */
export const J2000_UTC_MS = Date.UTC(2000, 0, 1, 12, 0, 0);
export const MS_PER_DAY = 86_400_000;

/** [first UTC day of validity, TAI − UTC seconds]. Source: IERS Bulletin C (no leap second since 2017). */
const LEAP_SECONDS: readonly (readonly [string, number])[] = [
  ['1972-01-01', 10], ['1972-07-01', 11], ['1973-01-01', 12], ['1974-01-01', 13], ['1975-01-01', 14],
  ['1976-01-01', 15], ['1977-01-01', 16], ['1978-01-01', 17], ['1979-01-01', 18], ['1980-01-01', 19],
  ['1981-07-01', 20], ['1982-07-01', 21], ['1983-07-01', 22], ['1985-07-01', 23], ['1988-01-01', 24],
  ['1990-01-01', 25], ['1991-01-01', 26], ['1992-07-01', 27], ['1993-07-01', 28], ['1994-07-01', 29],
  ['1996-01-01', 30], ['1997-07-01', 31], ['1999-01-01', 32], ['2006-01-01', 33], ['2009-01-01', 34],
  ['2012-07-01', 35], ['2015-07-01', 36], ['2017-01-01', 37],
];
const LEAP_TABLE = LEAP_SECONDS.map(([day, s]) => [Date.parse(`${day}T00:00:00Z`), s] as const);

/** TAI − UTC in seconds at `utcMs`, or null before 1972 (no integer-second UTC then). */
export function taiMinusUtcSec(utcMs: number): number | null {
  let result: number | null = null;
  for (const [fromMs, s] of LEAP_TABLE) {
    if (utcMs >= fromMs) result = s;
    else break;
  }
  return result;
}

/** TT − UTC in seconds at `utcMs` (32.184 + leap seconds; the ΔT model before 1972). */
export function ttMinusUtcSec(utcMs: number): number {
  const tai = taiMinusUtcSec(utcMs);
  if (tai === null) return DeltaT_EspenakMeeus((utcMs - J2000_UTC_MS) / MS_PER_DAY);
  return 32.184 + tai;
}

// astronomy-engine derives tt from ut for its internal light-time steps; TT − UTC is a good
// stand-in for TT − UT1 there (the ≤ 0.9 s difference moves nothing it computes that way).
SetDeltaTFunction((ut: number) => ttMinusUtcSec(J2000_UTC_MS + ut * MS_PER_DAY));

/** Days since J2000 (TT) for a UTC instant. */
export function ttDaysSinceJ2000(utcMs: number): number {
  return (utcMs - J2000_UTC_MS) / MS_PER_DAY + ttMinusUtcSec(utcMs) / 86_400;
}

/** UTC ms → modified Julian date (UTC). */
export const utcMsToMjd = (utcMs: number): number => utcMs / MS_PER_DAY + 40_587;
/** Modified Julian date (UTC) → UTC ms. */
export const mjdToUtcMs = (mjd: number): number => (mjd - 40_587) * MS_PER_DAY;

/**
 * astronomy-engine time for a UTC instant: `ut` is UT1 (UTC + `dut1Sec`), `tt` is exact TT.
 * Internal to src-shared/astro.
 */
export function astroTime(utcMs: number, dut1Sec = 0): AstroTime {
  const utcDays = (utcMs - J2000_UTC_MS) / MS_PER_DAY;
  const t = new AstroTime(utcDays + dut1Sec / 86_400);
  // AstroTime derives tt from ut with the ΔT function; set it exactly from UTC instead.
  t.tt = utcDays + ttMinusUtcSec(utcMs) / 86_400;
  return t;
}
