/**
 * Interval algebra on UTC-ms intervals. Every function returns a normalised list: sorted, disjoint,
 * non-empty, touching intervals merged. Inputs need not be normalised.
 */

/** [startMs, endMs) in UTC ms; startMs < endMs in a normalised list. */
export interface Interval {
  startMs: number;
  endMs: number;
}

/** Sorts, drops empty intervals and merges overlapping or touching ones. */
export function normalize(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.startMs <= last.endMs) last.endMs = Math.max(last.endMs, i.endMs);
    else out.push({ startMs: i.startMs, endMs: i.endMs });
  }
  return out;
}

export function union(...lists: readonly (readonly Interval[])[]): Interval[] {
  return normalize(lists.flat());
}

/** Intersection of two lists. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const x = normalize(a);
  const y = normalize(b);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const p = x[i] as Interval;
    const q = y[j] as Interval;
    const s = Math.max(p.startMs, q.startMs);
    const e = Math.min(p.endMs, q.endMs);
    if (e > s) out.push({ startMs: s, endMs: e });
    if (p.endMs < q.endMs) i++;
    else j++;
  }
  return out;
}

/** Intersection of any number of lists (the empty intersection is []). */
export function intersectAll(lists: readonly (readonly Interval[])[]): Interval[] {
  const [first, ...rest] = lists;
  if (!first) return [];
  return rest.reduce<Interval[]>((acc, l) => intersect(acc, l), normalize(first));
}

/** `a` minus `b`. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const cut = normalize(b);
  const out: Interval[] = [];
  for (const p of normalize(a)) {
    let start = p.startMs;
    for (const q of cut) {
      if (q.endMs <= start || q.startMs >= p.endMs) continue;
      if (q.startMs > start) out.push({ startMs: start, endMs: q.startMs });
      start = Math.max(start, q.endMs);
    }
    if (start < p.endMs) out.push({ startMs: start, endMs: p.endMs });
  }
  return out;
}

/** Complement within [startMs, endMs). */
export function complement(list: readonly Interval[], startMs: number, endMs: number): Interval[] {
  return subtract([{ startMs, endMs }], list);
}

/** Clips to [startMs, endMs). */
export function clip(list: readonly Interval[], startMs: number, endMs: number): Interval[] {
  return intersect(list, [{ startMs, endMs }]);
}

/** Total covered duration, ms. */
export function totalMs(list: readonly Interval[]): number {
  return normalize(list).reduce((s, i) => s + i.endMs - i.startMs, 0);
}

/** The longest interval (the earliest among equals), or null for an empty list. */
export function largest(list: readonly Interval[]): Interval | null {
  let best: Interval | null = null;
  for (const i of normalize(list)) if (!best || i.endMs - i.startMs > best.endMs - best.startMs) best = i;
  return best;
}
