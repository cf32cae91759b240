/** Sexagesimal coordinates for the console (ICRS degrees in, text out). */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Right ascension in degrees [0, 360) as `05h35m17.3s`; `—` when null or not finite. */
export function formatRaHms(raDeg: number | null): string {
  if (raDeg === null || !Number.isFinite(raDeg)) return '\u2014';
  // Work in tenths of a second so rounding carries into minutes and hours.
  const tenths = Math.round((((raDeg % 360) + 360) % 360) * 2400) % (24 * 36000);
  const h = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = (tenths % 600) / 10;
  return `${pad(h)}h${pad(m)}m${s.toFixed(1).padStart(4, '0')}s`;
}

/** Declination in degrees [−90, 90] as `−05°23′28″`; `—` when null or not finite. */
export function formatDecDms(decDeg: number | null): string {
  if (decDeg === null || !Number.isFinite(decDeg)) return '\u2014';
  const totalSec = Math.round(Math.abs(decDeg) * 3600);
  const d = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  const s = totalSec % 60;
  return `${decDeg < 0 && totalSec > 0 ? '\u2212' : '+'}${pad(d)}\u00b0${pad(m)}\u2032${pad(s)}\u2033`;
}
