/**
 * Turning a continuous function of time into the intervals where it is ≥ 0: sample on a grid, look
 * inside extrema that the samples may straddle, and refine every sign change by bracketed root
 * finding (Illinois false position with bisection fallback) to a time tolerance.
 */
import type { Interval } from './intervals';

export interface SolveOptions {
  /** Sampling step, ms (default 10 min). Extremum probing catches excursions shorter than this. */
  stepMs?: number;
  /** Edge accuracy, ms (default 200). */
  toleranceMs?: number;
  /** Extra sample instants (e.g. transits, where altitude peaks). */
  extraTimesMs?: readonly number[];
}

/** A root of f in [a, b] where f(a) and f(b) differ in sign, to `tolMs`. */
export function findCrossing(f: (t: number) => number, a: number, b: number, fa: number, fb: number, tolMs: number): number {
  let lo = a;
  let hi = b;
  let flo = fa;
  let fhi = fb;
  let side = 0;
  for (let i = 0; i < 100 && hi - lo > tolMs; i++) {
    let t = (lo * fhi - hi * flo) / (fhi - flo);
    // Keep false-position steps strictly inside and away from the ends, else bisect.
    const margin = (hi - lo) * 0.01;
    if (!(t > lo + margin && t < hi - margin)) t = (lo + hi) / 2;
    const ft = f(t);
    if ((ft >= 0) === (flo >= 0)) {
      lo = t;
      flo = ft;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = t;
      fhi = ft;
      if (side === 1) flo /= 2;
      side = 1;
    }
  }
  return (lo + hi) / 2;
}

/** Golden-section search for the extremum of f on [a, b]; `sign` +1 finds a minimum, −1 a maximum. */
function extremum(f: (t: number) => number, a: number, b: number, sign: 1 | -1, tolMs: number): { t: number; v: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let lo = a;
  let hi = b;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = sign * f(x1);
  let f2 = sign * f(x2);
  while (hi - lo > tolMs) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = sign * f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = sign * f(x2);
    }
  }
  return f1 < f2 ? { t: x1, v: sign * f1 } : { t: x2, v: sign * f2 };
}

/** Intervals within [startMs, endMs) where f(t) ≥ 0, edges to `toleranceMs`. */
export function intervalsWhere(f: (t: number) => number, startMs: number, endMs: number, opts: SolveOptions = {}): Interval[] {
  if (!(endMs > startMs)) return [];
  const stepMs = opts.stepMs ?? 600_000;
  const tol = opts.toleranceMs ?? 200;
  const n = Math.max(1, Math.ceil((endMs - startMs) / stepMs));
  const grid = new Set<number>();
  for (let i = 0; i <= n; i++) grid.add(Math.min(endMs, startMs + i * stepMs));
  for (const t of opts.extraTimesMs ?? []) if (t > startMs && t < endMs) grid.add(t);
  const ts = [...grid].sort((a, b) => a - b);
  const vs = ts.map(f);
  // Probe extrema between samples of one sign: a short dip below (or peak above) zero hides there.
  // Locate extrema to 1/400 of the bracket (≤ 5 s): finer than any excursion worth reporting.
  const probeTol = (i: number): number => Math.min(5_000, ((ts[i + 1] as number) - (ts[i - 1] as number)) / 400);
  const extraT: number[] = [];
  const extraV: number[] = [];
  for (let i = 1; i + 1 < ts.length; i++) {
    const [a, b, c] = [vs[i - 1] as number, vs[i] as number, vs[i + 1] as number];
    const pos = a >= 0 && b >= 0 && c >= 0;
    const neg = a < 0 && b < 0 && c < 0;
    if (pos && b <= a && b <= c) {
      const m = extremum(f, ts[i - 1] as number, ts[i + 1] as number, 1, probeTol(i));
      if (m.v < 0) {
        extraT.push(m.t);
        extraV.push(m.v);
      }
    } else if (neg && b >= a && b >= c) {
      const m = extremum(f, ts[i - 1] as number, ts[i + 1] as number, -1, probeTol(i));
      if (m.v >= 0) {
        extraT.push(m.t);
        extraV.push(m.v);
      }
    }
  }
  if (extraT.length > 0) {
    const pairs = ts.map((t, i) => [t, vs[i] as number] as const).concat(extraT.map((t, i) => [t, extraV[i] as number] as const));
    pairs.sort((p, q) => p[0] - q[0]);
    ts.length = 0;
    vs.length = 0;
    for (const [t, v] of pairs) {
      ts.push(t);
      vs.push(v);
    }
  }
  const out: Interval[] = [];
  let openAt: number | null = (vs[0] as number) >= 0 ? startMs : null;
  for (let i = 1; i < ts.length; i++) {
    const a = vs[i - 1] as number;
    const b = vs[i] as number;
    if ((a >= 0) === (b >= 0)) continue;
    const t = findCrossing(f, ts[i - 1] as number, ts[i] as number, a, b, tol);
    if (b >= 0) openAt = t;
    else if (openAt !== null) {
      out.push({ startMs: openAt, endMs: t });
      openAt = null;
    }
  }
  if (openAt !== null) out.push({ startMs: openAt, endMs });
  return out.filter((i) => i.endMs > i.startMs);
}

/** A sign change of f: `rising` when f goes from < 0 to ≥ 0. */
export interface Crossing {
  utcMs: number;
  rising: boolean;
}

/** Every sign change of f within (startMs, endMs), in time order, edges to the tolerance. */
export function crossingsOf(f: (t: number) => number, startMs: number, endMs: number, opts: SolveOptions = {}): Crossing[] {
  const out: Crossing[] = [];
  for (const i of intervalsWhere(f, startMs, endMs, opts)) {
    if (i.startMs > startMs) out.push({ utcMs: i.startMs, rising: true });
    if (i.endMs < endMs) out.push({ utcMs: i.endMs, rising: false });
  }
  return out;
}
