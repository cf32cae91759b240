/**
 * Geometry of the planning chart (altitude or airmass against time) and the coordinate parsing of
 * the "add target" form. Pure: the chart component only maps these numbers to SVG.
 */

/** Plot area inside the SVG, pixels. */
export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type ChartMode = 'altitude' | 'airmass';

/** Airmass axis: 1 at the top to this at the bottom (altitude ~19.5°). */
export const AIRMASS_AXIS_MAX = 3;

/** Fraction from the top of the plot (0 top, 1 bottom) for an altitude; null when off the chart. */
export function yFraction(mode: ChartMode, altitudeDeg: number): number | null {
  if (mode === 'altitude') {
    if (altitudeDeg < 0) return null;
    return 1 - Math.min(altitudeDeg, 90) / 90;
  }
  if (altitudeDeg <= 0) return null;
  const airmass = 1 / Math.sin((altitudeDeg * Math.PI) / 180);
  if (airmass > AIRMASS_AXIS_MAX) return null;
  return (airmass - 1) / (AIRMASS_AXIS_MAX - 1);
}

/** x pixel of `utcMs` in the plot (unclamped). */
export function xOf(box: PlotBox, startMs: number, endMs: number, utcMs: number): number {
  return box.left + ((utcMs - startMs) / (endMs - startMs)) * box.width;
}

/** Time at x pixel (inverse of xOf). */
export function timeAtX(box: PlotBox, startMs: number, endMs: number, x: number): number {
  return startMs + ((x - box.left) / box.width) * (endMs - startMs);
}

/**
 * An SVG path `d` through the samples that are on the chart; a gap (below the horizon or beyond the
 * airmass axis) starts a new sub-path, so the curve is not drawn through the ground.
 */
export function seriesPath(
  box: PlotBox,
  mode: ChartMode,
  timesMs: readonly number[],
  altitudeDeg: readonly number[],
  span: { startMs: number; endMs: number } | null = null,
): string {
  const startMs = span?.startMs ?? timesMs[0];
  const endMs = span?.endMs ?? timesMs[timesMs.length - 1];
  if (startMs === undefined || endMs === undefined || !(endMs > startMs)) return '';
  const parts: string[] = [];
  let pen = false;
  for (let i = 0; i < timesMs.length; i++) {
    const f = yFraction(mode, altitudeDeg[i] ?? -90);
    if (f === null) {
      pen = false;
      continue;
    }
    const x = xOf(box, startMs, endMs, timesMs[i] as number);
    const y = box.top + f * box.height;
    parts.push(`${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`);
    pen = true;
  }
  return parts.join('');
}

/** Linear interpolation of `values` at `utcMs` (clamped to the ends); null without samples. */
export function interpolateAt(timesMs: readonly number[], values: readonly number[], utcMs: number): number | null {
  const n = Math.min(timesMs.length, values.length);
  if (n === 0) return null;
  if (utcMs <= (timesMs[0] as number)) return values[0] as number;
  if (utcMs >= (timesMs[n - 1] as number)) return values[n - 1] as number;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((timesMs[mid] as number) <= utcMs) lo = mid;
    else hi = mid;
  }
  const t0 = timesMs[lo] as number;
  const t1 = timesMs[hi] as number;
  const f = (utcMs - t0) / (t1 - t0);
  return (values[lo] as number) + f * ((values[hi] as number) - (values[lo] as number));
}

/**
 * The part of a series inside each interval (edges interpolated), as one path `d` on the chart span:
 * drawn bold over the curve where the target is observable.
 */
export function intervalsPath(
  box: PlotBox,
  mode: ChartMode,
  timesMs: readonly number[],
  altitudeDeg: readonly number[],
  intervals: readonly { startMs: number; endMs: number }[],
  span: { startMs: number; endMs: number },
): string {
  return intervals
    .map((iv) => {
      const a = Math.max(iv.startMs, span.startMs);
      const b = Math.min(iv.endMs, span.endMs);
      if (!(b > a)) return '';
      const ts: number[] = [a];
      for (const t of timesMs) if (t > a && t < b) ts.push(t);
      ts.push(b);
      const alts = ts.map((t) => interpolateAt(timesMs, altitudeDeg, t) ?? -90);
      return seriesPath(box, mode, ts, alts, span);
    })
    .join('');
}

/** Index of the sample nearest `utcMs` (samples sorted); -1 when there are none. */
export function nearestIndex(timesMs: readonly number[], utcMs: number): number {
  if (timesMs.length === 0) return -1;
  let lo = 0;
  let hi = timesMs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((timesMs[mid] as number) <= utcMs) lo = mid;
    else hi = mid;
  }
  return Math.abs((timesMs[lo] as number) - utcMs) <= Math.abs((timesMs[hi] as number) - utcMs) ? lo : hi;
}

/** Gridlines of the y axis: value label and fraction from the top. */
export function yTicks(mode: ChartMode): { label: string; fraction: number }[] {
  if (mode === 'altitude') return [0, 15, 30, 45, 60, 75, 90].map((a) => ({ label: `${a}°`, fraction: 1 - a / 90 }));
  return [1, 1.25, 1.5, 2, 2.5, 3].map((am) => ({ label: am.toFixed(am % 1 === 0 ? 1 : 2), fraction: (am - 1) / (AIRMASS_AXIS_MAX - 1) }));
}

/**
 * Right ascension from degrees (`83.633`) or sexagesimal hours (`05 34 31.9`, `5:34:31.9`,
 * `5h34m31.9s`). Null when it cannot be read or is outside [0, 360).
 */
export function parseRaDeg(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const parts = t.split(/[\s:hms]+/).filter((p) => p !== '');
  if (parts.length === 1 && !/[:hms\s]/.test(t)) {
    const deg = Number(t);
    return Number.isFinite(deg) && deg >= 0 && deg < 360 ? deg : null;
  }
  const [h, m = '0', s = '0'] = parts;
  const hours = Number(h) + Number(m) / 60 + Number(s) / 3600;
  if (!Number.isFinite(hours) || Number(h) < 0 || Number(m) >= 60 || Number(s) >= 60 || hours >= 24) return null;
  return hours * 15;
}

/**
 * Declination from degrees (`-5.39`) or sexagesimal (`-05 23 28`, `+22:00:52`, `22d00m52s`).
 * The sign applies to the whole value (so `-00 30 00` is −0.5°). Null when unreadable or |δ| > 90°.
 */
export function parseDecDeg(text: string): number | null {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '') return null;
  const negative = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  const parts = body.split(/[\s:d°'′"″ms]+/).filter((p) => p !== '');
  if (parts.length === 0) return null;
  const [d, m = '0', s = '0'] = parts;
  const value = parts.length === 1 ? Number(d) : Number(d) + Number(m) / 60 + Number(s) / 3600;
  if (!Number.isFinite(value) || value > 90 || (parts.length > 1 && (Number(m) >= 60 || Number(s) >= 60))) return null;
  return negative ? -value : value;
}
