/**
 * Pure helpers for the semester calendar: which nights a semester covers, where months start, how
 * a night's hours shade its cell, and the Moon's lit shape for a phase.
 */
import { formatDate } from '../../lib/time-format';

export const DAY_MS = 86_400_000;

/** A semester as `requests.options` gives it: [startMs, endMs), UTC ms. */
export interface SemesterSpan {
  id: string;
  startMs: number;
  endMs: number;
}

/**
 * The `visibility.calendar` arguments covering a semester: one night per calendar day, the first
 * starting on the local afternoon of the semester's first (UTC) date. `startMs` is the end of that
 * UTC date, so "local noon before it" is that date's local noon at every longitude (±180°).
 */
export function semesterRequest(s: SemesterSpan): { startMs: number; nights: number } {
  const firstDayMs = Math.floor(s.startMs / DAY_MS) * DAY_MS;
  const nights = Math.max(1, Math.round((s.endMs - firstDayMs) / DAY_MS));
  return { startMs: firstDayMs + DAY_MS - 1, nights: Math.min(nights, 200) };
}

/** The semester containing `utcMs`, else the next one to start, else the last one; null if none. */
export function currentSemester<S extends SemesterSpan>(list: readonly S[], utcMs: number): S | null {
  const inside = list.find((s) => s.startMs <= utcMs && utcMs < s.endMs);
  if (inside) return inside;
  const next = [...list].filter((s) => s.startMs > utcMs).sort((a, b) => a.startMs - b.startMs)[0];
  return next ?? list[list.length - 1] ?? null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Indices of the nights whose local date (of their noon) starts a month, with the month label. */
export function monthStarts(noonsMs: readonly number[], timeZone: string): { index: number; label: string }[] {
  const out: { index: number; label: string }[] = [];
  let last = '';
  noonsMs.forEach((ms, i) => {
    const ym = formatDate(ms, timeZone).slice(0, 7);
    if (ym !== last) {
      last = ym;
      const month = MONTHS[Number(ym.slice(5, 7)) - 1] ?? ym.slice(5, 7);
      out.push({ index: i, label: i === 0 || ym.endsWith('-01') ? `${month} ${ym.slice(0, 4)}` : month });
    }
  });
  return out;
}

/**
 * Cell opacity for `hours` observable (0 → 0, `fullHours` and more → 1), with a floor so that any
 * observable time at all is visibly different from none.
 */
export function hoursOpacity(hours: number, fullHours = 10): number {
  if (!(hours > 0)) return 0;
  return Math.min(1, 0.18 + (0.82 * hours) / fullHours);
}

/** `7 h 05 m`, `42 m`, or `—` for zero. */
export function formatHours(hours: number): string {
  if (!(hours > 0)) return '—';
  const totalMin = Math.round(hours * 60);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return h === 0 ? `${m} m` : `${h} h ${String(m).padStart(2, '0')} m`;
}

/**
 * SVG path of the lit part of the Moon's disc (centre cx, cy, radius r) for an illuminated fraction
 * 0–1; lit on the right while waxing (as seen from the northern hemisphere). Empty near new Moon.
 */
export function moonLitPath(cx: number, cy: number, r: number, fraction: number, waxing: boolean): string {
  const f = Math.min(1, Math.max(0, fraction));
  if (f < 0.01) return '';
  // The terminator is a half-ellipse of x-radius r·|2f − 1|: bulging to the lit side when gibbous.
  const rx = r * Math.abs(2 * f - 1);
  const limbSweep = waxing ? 1 : 0;
  const termSweep = f < 0.5 ? 1 - limbSweep : limbSweep;
  const top = `${cx.toFixed(2)} ${(cy - r).toFixed(2)}`;
  const bottom = `${cx.toFixed(2)} ${(cy + r).toFixed(2)}`;
  return `M ${top} A ${r} ${r} 0 0 ${limbSweep} ${bottom} A ${rx.toFixed(2)} ${r} 0 0 ${termSweep} ${top} Z`;
}

/**
 * Nights where the Moon is new, at a quarter or full: where the illuminated fraction crosses 0.5,
 * or has a local minimum/maximum. Returns indices with a kind.
 */
export function moonMarks(fractions: readonly number[]): { index: number; kind: 'new' | 'first' | 'full' | 'last' }[] {
  const out: { index: number; kind: 'new' | 'first' | 'full' | 'last' }[] = [];
  for (let i = 1; i < fractions.length - 1; i++) {
    const a = fractions[i - 1] as number;
    const b = fractions[i] as number;
    const c = fractions[i + 1] as number;
    if (b <= a && b < c) out.push({ index: i, kind: 'new' });
    else if (b >= a && b > c) out.push({ index: i, kind: 'full' });
    else if (a < 0.5 && b >= 0.5 && c > b) out.push({ index: i, kind: 'first' });
    else if (a > 0.5 && b <= 0.5 && c < b) out.push({ index: i, kind: 'last' });
  }
  return out;
}
