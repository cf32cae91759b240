import { Assignment } from './assignment';
import type { SliceModel } from './model';

/**
 * Request indices with candidates, by priority density (effective priority per second of
 * duration) descending, then priority descending, then input order — the greedy's order.
 */
export function densityOrder(m: SliceModel): Int32Array {
  const order: number[] = [];
  for (let r = 0; r < m.requestIds.length; r++) if (m.rOff[r + 1]! > m.rOff[r]!) order.push(r);
  order.sort((a, b) => {
    const da = m.priority[a]! / m.durationMs[a]!;
    const db = m.priority[b]! / m.durationMs[b]!;
    return db - da || m.priority[b]! - m.priority[a]! || a - b;
  });
  return Int32Array.from(order);
}

/** Places every unassigned request of `order` at its first (earliest) feasible start. */
export function fillEarliest(a: Assignment, order: Int32Array): void {
  for (const r of order) {
    if (a.reqCand[r]! >= 0) continue;
    const c = a.firstFit(r);
    if (c >= 0) a.place(c);
  }
}

/**
 * The baseline greedy: requests by priority density, each at its earliest feasible start.
 * O(candidates × slices per block); always feasible; the warm start and the fallback.
 */
export function greedy(m: SliceModel, order: Int32Array = densityOrder(m)): Assignment {
  const a = new Assignment(m);
  fillEarliest(a, order);
  return a;
}
