/**
 * Memoised per-telescope visibility for the scheduler, which rebuilds its input on every change.
 *
 * Exactness: the answer for a span is always assembled from whole "site days" (local mean noon to
 * local mean noon, so a night is never split), each computed once over exactly that day by
 * `telescopeVisibility` and then clipped. A cached answer is therefore bit-for-bit the answer a
 * cold cache computes for the same span: the cache changes how often the engine runs, never what
 * it returns. The key is everything the result depends on: the telescope limits (site, horizon,
 * hour-angle limits, blind spot, mask), the target, the constraints and the day.
 */
import { darkIntervals, normalize, type Interval, type TelescopeLimits } from '../../src-shared/astro';
import { telescopeVisibility, type TargetRequest, type TargetVisibility } from './telescope-intervals';

const DAY_MS = 86_400_000;
const DARK_KEY = '\u0000dark';

export interface VisibilityCacheStats {
  /** (target, day) answers served from memory. */
  hits: number;
  /** (target, day) answers computed by the engine. */
  misses: number;
  /** (target, day) answers held. */
  entries: number;
}

/** UTC ms of the local-mean-noon day boundary at or before `utcMs` for a site at `longitudeDeg`. */
export function siteDayStartMs(longitudeDeg: number, utcMs: number): number {
  // Local mean noon happens at 12 h − longitude/15 h UTC; days run noon to noon.
  const noonOffsetMs = ((Math.round((12 - longitudeDeg / 15) * 3_600_000) % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor((utcMs - noonOffsetMs) / DAY_MS) * DAY_MS + noonOffsetMs;
}

function clip(list: readonly Interval[], startMs: number, endMs: number, out: Interval[]): void {
  for (const i of list) {
    const s = Math.max(i.startMs, startMs);
    const e = Math.min(i.endMs, endMs);
    if (e > s) out.push({ startMs: s, endMs: e });
  }
}

export class VisibilityCache {
  /** telescope key → day start → target key → intervals within that day. */
  private readonly days = new Map<string, Map<number, Map<string, readonly Interval[]>>>();
  private hits = 0;
  private misses = 0;

  /**
   * Observable intervals of every target on `telescope` within [startMs, endMs), UTC ms (same
   * contract as `telescopeVisibility`; results are fresh arrays the caller may modify).
   */
  intervals(telescope: TelescopeLimits, requests: readonly TargetRequest[], startMs: number, endMs: number): TargetVisibility[] {
    const keys = requests.map((r) => JSON.stringify([r.target, r.constraints]));
    const perDay = this.forEachDay(telescope, startMs, endMs, (day, dayStartMs) => {
      const missing = new Map<string, TargetRequest>();
      keys.forEach((k, i) => {
        if (!day.has(k) && !missing.has(k)) missing.set(k, { ...(requests[i] as TargetRequest), id: k });
      });
      const hitCount = keys.length - missing.size;
      this.hits += hitCount;
      if (missing.size > 0) {
        this.misses += missing.size;
        for (const v of telescopeVisibility(telescope, [...missing.values()], dayStartMs, dayStartMs + DAY_MS)) day.set(v.id, v.intervals);
      }
    });
    return requests.map((r, i) => {
      const out: Interval[] = [];
      for (const { day, fromMs, toMs } of perDay) clip(day.get(keys[i] as string) ?? [], fromMs, toMs, out);
      return { id: r.id, intervals: normalize(out) };
    });
  }

  /** Dark intervals (Sun below the default twilight limit) at the telescope's site within [startMs, endMs). */
  dark(telescope: TelescopeLimits, startMs: number, endMs: number): Interval[] {
    const perDay = this.forEachDay(telescope, startMs, endMs, (day, dayStartMs) => {
      if (day.has(DARK_KEY)) {
        this.hits++;
        return;
      }
      this.misses++;
      day.set(DARK_KEY, darkIntervals(telescope.site, dayStartMs, dayStartMs + DAY_MS));
    });
    const out: Interval[] = [];
    for (const { day, fromMs, toMs } of perDay) clip(day.get(DARK_KEY) ?? [], fromMs, toMs, out);
    return normalize(out);
  }

  /** Forgets every day that ended before `utcMs` (the scheduler never looks back). */
  pruneBefore(utcMs: number): void {
    for (const byDay of this.days.values()) for (const dayStart of [...byDay.keys()]) if (dayStart + DAY_MS <= utcMs) byDay.delete(dayStart);
  }

  clear(): void {
    this.days.clear();
  }

  stats(): VisibilityCacheStats {
    let entries = 0;
    for (const byDay of this.days.values()) for (const day of byDay.values()) entries += day.size;
    return { hits: this.hits, misses: this.misses, entries };
  }

  private forEachDay(
    telescope: TelescopeLimits,
    startMs: number,
    endMs: number,
    fill: (day: Map<string, readonly Interval[]>, dayStartMs: number) => void,
  ): { day: Map<string, readonly Interval[]>; fromMs: number; toMs: number }[] {
    const telKey = JSON.stringify(telescope);
    let byDay = this.days.get(telKey);
    if (byDay === undefined) this.days.set(telKey, (byDay = new Map<number, Map<string, readonly Interval[]>>()));
    const out: { day: Map<string, readonly Interval[]>; fromMs: number; toMs: number }[] = [];
    for (let d = siteDayStartMs(telescope.site.longitudeDeg, startMs); d < endMs; d += DAY_MS) {
      let day = byDay.get(d);
      if (day === undefined) byDay.set(d, (day = new Map<string, readonly Interval[]>()));
      fill(day, d);
      out.push({ day, fromMs: Math.max(startMs, d), toMs: Math.min(endMs, d + DAY_MS) });
    }
    return out;
  }
}
