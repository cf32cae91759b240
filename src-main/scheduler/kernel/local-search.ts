import type { Assignment } from './assignment';

const EPS = 1e-9;

/**
 * Moves every scheduled block to a strictly heavier candidate of the same request when that one
 * is free (earlier starts carry a larger OCS tie-break bonus). Returns the number of moves.
 */
export function improveStarts(a: Assignment): number {
  const m = a.m;
  let moves = 0;
  for (let r = 0; r < m.requestIds.length; r++) {
    const cur = a.reqCand[r]!;
    if (cur < 0) continue;
    const c = a.bestFit(r);
    if (c >= 0 && m.cWeight[c]! > m.cWeight[cur]! + EPS) {
      a.remove(r);
      a.place(c);
      moves++;
    }
  }
  return moves;
}

/**
 * Ejection moves for unassigned requests, heaviest first: place request r on one of its
 * candidates after removing the blocks in the way, then re-insert each removed request at its
 * best free start (which may be on another telescope — a shift or a swap). Kept only when the
 * objective strictly improves. `shouldStop` is polled between requests.
 * @returns the objective gained.
 */
export function ejectionPass(a: Assignment, order: Int32Array, shouldStop: () => boolean): number {
  const m = a.m;
  const start = a.objective;
  const blockers: number[] = [];
  const removed: number[] = [];
  const removedCand: number[] = [];
  for (let i = 0; i < order.length; i++) {
    const r = order[i]!;
    if (a.reqCand[r]! >= 0) continue;
    if ((i & 15) === 0 && shouldStop()) break;
    const wr = m.priority[r]!;
    let done = false;
    for (let j = m.rOff[r]!, e = m.rOff[r + 1]!; j < e && !done; j++) {
      const c = m.rCand[j]!;
      a.blockers(c, blockers);
      if (blockers.length === 0) {
        a.place(c);
        break;
      }
      let lost = 0;
      for (const b of blockers) lost += m.priority[b]!;
      if (lost >= wr * 1.5 + 1) continue; // hopeless even with every blocker re-inserted
      const before = a.objective;
      removed.length = 0;
      removedCand.length = 0;
      for (const b of blockers) {
        removed.push(b);
        removedCand.push(a.reqCand[b]!);
        a.remove(b);
      }
      a.place(c);
      // Re-insert the heaviest first.
      removed.sort((x, y) => m.priority[y]! - m.priority[x]!);
      for (const b of removed) {
        const nc = a.bestFit(b);
        if (nc >= 0) a.place(nc);
      }
      if (a.objective > before + EPS) {
        done = true;
      } else {
        // Undo: drop what we placed, restore the original blocks (their slices are free again).
        for (const b of removed) a.remove(b);
        a.remove(r);
        // removedCand is in the original order of `blockers`; restore by candidate.
        for (const oc of removedCand) a.place(oc);
      }
    }
  }
  return a.objective - start;
}

/** Places unassigned requests of `order` at their best free start. Returns the objective gained. */
export function insertionPass(a: Assignment, order: Int32Array): number {
  const start = a.objective;
  for (const r of order) {
    if (a.reqCand[r]! >= 0) continue;
    const c = a.bestFit(r);
    if (c >= 0) a.place(c);
  }
  return a.objective - start;
}

/**
 * Local search to a local optimum or until `shouldStop`: insertion, ejection (insert + shift /
 * swap of blockers), then start improvement, repeated while they gain.
 */
export function localSearch(a: Assignment, order: Int32Array, shouldStop: () => boolean, maxRounds = 4): void {
  for (let round = 0; round < maxRounds; round++) {
    let gain = insertionPass(a, order);
    if (shouldStop()) return;
    gain += ejectionPass(a, order, shouldStop);
    if (shouldStop()) return;
    improveStarts(a);
    if (gain <= EPS) return;
  }
}
