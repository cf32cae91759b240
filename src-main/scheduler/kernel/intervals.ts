import type { IntervalMs } from './types';

/** Sorted, disjoint, non-empty copy of `list` (touching intervals are merged). */
export function normalize(list: readonly IntervalMs[]): IntervalMs[] {
  const sorted = list.filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: IntervalMs[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.startMs <= last.endMs) {
      if (i.endMs > last.endMs) last.endMs = i.endMs;
    } else {
      out.push({ startMs: i.startMs, endMs: i.endMs });
    }
  }
  return out;
}

/** Intersection of two normalized lists (result normalized). */
export function intersect(a: readonly IntervalMs[], b: readonly IntervalMs[]): IntervalMs[] {
  const out: IntervalMs[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const s = Math.max(x.startMs, y.startMs);
    const e = Math.min(x.endMs, y.endMs);
    if (e > s) out.push({ startMs: s, endMs: e });
    if (x.endMs < y.endMs) i++;
    else j++;
  }
  return out;
}

/** `a` minus `b`, both normalized (result normalized). */
export function subtract(a: readonly IntervalMs[], b: readonly IntervalMs[]): IntervalMs[] {
  const out: IntervalMs[] = [];
  let j = 0;
  for (const x of a) {
    let s = x.startMs;
    while (j < b.length && b[j]!.endMs <= s) j++;
    let k = j;
    while (k < b.length && b[k]!.startMs < x.endMs) {
      const y = b[k]!;
      if (y.startMs > s) out.push({ startMs: s, endMs: y.startMs });
      s = Math.max(s, y.endMs);
      k++;
    }
    if (x.endMs > s) out.push({ startMs: s, endMs: x.endMs });
  }
  return out;
}

/** True when [startMs, endMs) lies inside one interval of the normalized list. */
export function containsInterval(list: readonly IntervalMs[], startMs: number, endMs: number): boolean {
  for (const i of list) if (i.startMs <= startMs && endMs <= i.endMs) return true;
  return false;
}

/** Total length of a normalized list, ms. */
export function totalMs(list: readonly IntervalMs[]): number {
  let t = 0;
  for (const i of list) t += i.endMs - i.startMs;
  return t;
}
