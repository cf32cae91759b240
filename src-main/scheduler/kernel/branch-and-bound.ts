import { Assignment } from './assignment';
import { forcedBounds } from './lagrangian-fixing';
import { improveStarts, insertionPass } from './local-search';
import type { SliceModel } from './model';

/** Default relative optimality tolerance: a node is closed when its bound ≤ incumbent · (1 + 1e-6). */
export const DEFAULT_BB_REL_TOL = 1e-6;

export interface BranchAndBoundOptions {
  /** Feasible starting schedule; never made worse. */
  incumbent: Assignment;
  /** Root multipliers (e.g. the Lagrangian's best), one per request, ≥ 0. */
  lambda: Float64Array;
  /** A proven upper bound on the whole model (the root Lagrangian bound). */
  rootBound: number;
  /** Request order for the repair insertions (density order). */
  order: Int32Array;
  /** Polled between subgradient iterations; true stops the search (time limit). */
  shouldStop: () => boolean;
  /** Relative optimality tolerance, default 1e-6. */
  relTol?: number;
  /** Subgradient iterations per node, default 60. */
  nodeIterations?: number;
  /** Cap on nodes (deterministic runs); default unlimited. */
  nodeLimit?: number;
}

export interface BranchAndBoundResult {
  best: Assignment;
  /** Proven upper bound: max(incumbent, bounds of the nodes left open), ≤ rootBound. */
  upperBound: number;
  /** True when every node was closed: best is optimal within relTol. */
  proven: boolean;
  nodes: number;
  timedOut: boolean;
}

/** A subtree: candidates left out, requests that must be scheduled, warm-start multipliers. */
interface BbNode {
  banned: Uint8Array;
  forced: Uint8Array;
  lambda: Float64Array;
  /** Valid upper bound for every schedule in the subtree (the parent's). */
  bound: number;
}

/** Per-telescope DP over the non-banned candidates with values w − λ; fills `chosen`; returns L(λ). */
function evaluate(
  m: SliceModel,
  lambda: Float64Array,
  banned: Uint8Array,
  f: Float64Array,
  choice: Int32Array,
  chosen: number[],
): number {
  chosen.length = 0;
  const n = m.nSlices;
  const stride = n + 1;
  let L = 0;
  for (let r = 0; r < m.requestIds.length; r++) L += lambda[r]!;
  for (let t = 0; t < m.telescopeIds.length; t++) {
    f[n] = 0;
    for (let s = n - 1; s >= 0; s--) {
      let best = f[s + 1]!;
      let ch = -1;
      for (let c = m.sliceOff[t * stride + s]!, e = m.sliceOff[t * stride + s + 1]!; c < e; c++) {
        if (banned[c] === 1) continue;
        const v = m.cWeight[c]! - lambda[m.cReq[c]!]!;
        if (v <= 0) continue;
        const val = v + f[m.cEndSlice[c]!]!;
        if (val > best) {
          best = val;
          ch = c;
        }
      }
      f[s] = best;
      choice[s] = ch;
    }
    L += f[0]!;
    let s = 0;
    while (s < n) {
      const c = choice[s]!;
      if (c >= 0) {
        chosen.push(c);
        s = m.cEndSlice[c]!;
      } else s++;
    }
  }
  return L;
}

/**
 * Exact search for small models: depth-first branch and bound over the Lagrangian relaxation of
 * "each request at most once" (per-telescope DPs), each node's multipliers tuned by a few
 * subgradient steps from its parent's, with Lagrangian fixing at every node. Branching: a request
 * the relaxation uses twice is split between two disjoint sets of its candidates (one child bans
 * each set, so every schedule stays in some child); a priced-out request (λ > 0, unused) is
 * either banned or forced in (an equality, whose multiplier may go negative). Every repaired
 * relaxed solution is a candidate incumbent. Stops at `shouldStop` with an honest bound.
 */
export function branchAndBound(m: SliceModel, opts: BranchAndBoundOptions): BranchAndBoundResult {
  const nReq = m.requestIds.length;
  const relTol = opts.relTol ?? DEFAULT_BB_REL_TOL;
  const K = opts.nodeIterations ?? 60;
  const best = opts.incumbent.clone();
  const f = new Float64Array(m.nSlices + 1);
  const choice = new Int32Array(m.nSlices);
  const chosen: number[] = [];
  const count = new Int32Array(nReq);
  const pick = new Int32Array(nReq);
  const g = new Float64Array(nReq);
  const work = new Assignment(m);
  const target = (): number => best.objective + relTol * Math.max(1, Math.abs(best.objective));

  const repair = (): void => {
    work.occ.fill(-1);
    work.reqCand.fill(-1);
    work.objective = 0;
    for (let r = 0; r < nReq; r++) if (pick[r]! >= 0) work.place(pick[r]!);
    insertionPass(work, opts.order);
    improveStarts(work);
    if (work.objective > best.objective) best.copyFrom(work);
  };
  const tally = (): void => {
    count.fill(0);
    pick.fill(-1);
    for (const c of chosen) {
      const r = m.cReq[c]!;
      count[r]!++;
      const p = pick[r]!;
      if (p < 0 || m.cWeight[c]! > m.cWeight[p]!) pick[r] = c;
    }
  };

  const stack: BbNode[] = [
    { banned: new Uint8Array(m.nCand), forced: new Uint8Array(nReq), lambda: Float64Array.from(opts.lambda), bound: opts.rootBound },
  ];
  let nodes = 0;
  let timedOut = false;
  let openBound = -Infinity;
  // Largest bound of any subtree or candidate closed within the tolerance (reported, not hidden).
  let closedMax = -Infinity;
  let unresolved = false;

  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.bound <= target()) {
      closedMax = Math.max(closedMax, node.bound);
      continue;
    }
    if (opts.shouldStop()) {
      timedOut = true;
      openBound = Math.max(openBound, node.bound);
      for (const o of stack) openBound = Math.max(openBound, o.bound);
      break;
    }
    if (nodes >= (opts.nodeLimit ?? Infinity)) {
      openBound = Math.max(openBound, node.bound);
      for (const o of stack) openBound = Math.max(openBound, o.bound);
      unresolved = true;
      break;
    }
    nodes++;
    const { banned, forced, lambda } = node;
    // A forced request with nothing left cannot be scheduled: the subtree is empty.
    let empty = false;
    for (let r = 0; r < nReq && !empty; r++) {
      if (forced[r] !== 1) continue;
      let any = false;
      for (let i = m.rOff[r]!; i < m.rOff[r + 1]! && !any; i++) if (banned[m.rCand[i]!] !== 1) any = true;
      if (!any) empty = true;
    }
    if (empty) continue;

    let bound = node.bound;
    const bestLambda = Float64Array.from(lambda);
    let mu = 1;
    let stall = 0;
    let closed = false;
    let stopped = false;
    for (let it = 0; it < K; it++) {
      if (it > 0 && opts.shouldStop()) {
        stopped = true;
        break;
      }
      const L = evaluate(m, lambda, banned, f, choice, chosen);
      if (L < bound) {
        bound = L;
        bestLambda.set(lambda);
        stall = 0;
      } else if (++stall >= 8) {
        mu /= 2;
        stall = 0;
      }
      tally();
      if (it % 4 === 0) repair();
      if (bound <= target()) {
        closedMax = Math.max(closedMax, bound);
        closed = true;
        break;
      }
      let norm = 0;
      for (let r = 0; r < nReq; r++) {
        let gr = 1 - count[r]!;
        // A forced request is an equality: its multiplier may move either way.
        if (forced[r] !== 1 && gr > 0 && lambda[r]! <= 0) gr = 0;
        g[r] = gr;
        norm += gr * gr * m.priority[r]!;
      }
      if (norm === 0) {
        // The relaxed solution is feasible and complementary: it is this subtree's optimum.
        repair();
        closed = true;
        break;
      }
      const step = (mu * Math.max(L - target(), 1e-9 * Math.max(1, L))) / norm;
      for (let r = 0; r < nReq; r++) {
        const gr = g[r]!;
        if (gr === 0) continue;
        const next = lambda[r]! - step * gr * m.priority[r]!;
        lambda[r] = forced[r] === 1 ? next : Math.max(0, next);
      }
    }
    if (closed) continue;
    if (stopped) {
      timedOut = true;
      openBound = Math.max(openBound, bound);
      for (const o of stack) openBound = Math.max(openBound, o.bound);
      break;
    }

    // Lagrangian fixing for the subtree, then branch on the relaxation at the best multipliers.
    const fb = forcedBounds(m, bestLambda, banned);
    const childBanned = Uint8Array.from(banned);
    const tgt = target();
    for (let c = 0; c < m.nCand; c++) {
      if (childBanned[c] === 1 || fb[c]! > tgt) continue;
      childBanned[c] = 1;
      closedMax = Math.max(closedMax, fb[c]!);
    }
    evaluate(m, bestLambda, childBanned, f, choice, chosen);
    tally();
    repair();
    let dup = -1;
    let priced = -1;
    for (let r = 0; r < nReq; r++) {
      if (count[r]! >= 2 && (dup < 0 || m.priority[r]! > m.priority[dup]!)) dup = r;
      if (count[r] === 0 && forced[r] !== 1 && bestLambda[r]! > 0 && (priced < 0 || bestLambda[r]! > bestLambda[priced]!))
        priced = r;
    }
    if (dup >= 0) {
      // Split r's candidates (time order) before its second chosen copy: c1 on one side, c2 on the other.
      const r = dup;
      const first = m.rOff[r]!;
      const last = m.rOff[r + 1]!;
      let p2 = -1;
      let seen = 0;
      let c1 = -1;
      for (let i = first; i < last; i++) {
        const c = m.rCand[i]!;
        if (chosen.includes(c) && m.cReq[c] === r) {
          if (seen === 0) c1 = c;
          else if (p2 < 0) p2 = i;
          seen++;
        }
      }
      const c2 = m.rCand[p2]!;
      const banA = Uint8Array.from(childBanned); // keeps the late side (c2)
      const banB = Uint8Array.from(childBanned); // keeps the early side (c1)
      for (let i = first; i < last; i++) (i < p2 ? banA : banB)[m.rCand[i]!] = 1;
      const a: BbNode = { banned: banA, forced: Uint8Array.from(forced), lambda: Float64Array.from(bestLambda), bound };
      const b: BbNode = { banned: banB, forced: Uint8Array.from(forced), lambda: Float64Array.from(bestLambda), bound };
      // Explore the side whose chosen copy has the larger forced bound first.
      if (fb[c1]! >= fb[c2]!) stack.push(a, b);
      else stack.push(b, a);
    } else if (priced >= 0) {
      const r = priced;
      const off = Uint8Array.from(childBanned);
      for (let i = m.rOff[r]!; i < m.rOff[r + 1]!; i++) off[m.rCand[i]!] = 1;
      const offLambda = Float64Array.from(bestLambda);
      offLambda[r] = 0;
      const on = Uint8Array.from(forced);
      on[r] = 1;
      stack.push(
        { banned: off, forced: Uint8Array.from(forced), lambda: offLambda, bound },
        { banned: childBanned, forced: on, lambda: Float64Array.from(bestLambda), bound },
      );
    } else {
      // Each request used at most once: feasible, repaired above. Its value equals the bound only
      // when no forced request is left out (complementary slackness); otherwise keep it open.
      let slack = 0;
      for (let r = 0; r < nReq; r++) slack += bestLambda[r]! * (1 - count[r]!);
      if (Math.abs(slack) > relTol * Math.max(1, Math.abs(best.objective))) {
        unresolved = true;
        openBound = Math.max(openBound, bound);
      } else closedMax = Math.max(closedMax, bound);
    }
  }
  const proven = !timedOut && !unresolved;
  const upperBound = Math.max(best.objective, Math.min(opts.rootBound, Math.max(openBound, closedMax)));
  return { best, upperBound, proven, nodes, timedOut };
}
