import { Assignment } from './assignment';
import { DualEvaluator, initialMultipliers } from './dual-init';
import { improveStarts, insertionPass, localSearch } from './local-search';
import type { SliceModel } from './model';

export interface LagrangianOptions {
  /** Polled between iterations; true ends the search (time limit). */
  shouldStop: () => boolean;
  /** Hard cap on subgradient iterations (deterministic runs in tests). */
  iterationLimit: number;
  /** Feasible starting point (e.g. the greedy); never made worse. */
  incumbent: Assignment;
  /** Request order for repair insertions (density order). */
  order: Int32Array;
  /** Warm-start multipliers per request (length nReq), e.g. from the previous run. */
  initialMultipliers?: Float64Array;
  /** Initial Polyak step factor (default 1; smaller when warm-started near the optimum). */
  initialStepFactor?: number;
}

export interface LagrangianResult {
  best: Assignment;
  /** min over iterations of L(λ): a proven upper bound on the slice model's optimum. */
  upperBound: number;
  multipliers: Float64Array;
  iterations: number;
  timedOut: boolean;
}

const REL_TOL = 1e-9;
/** Halve the step factor after this many iterations without a better bound. */
const STALL_ITERATIONS = 50;

/** Σ_r max candidate weight: the trivial bound, used when no iteration ran. */
export function trivialBound(m: SliceModel): number {
  let ub = 0;
  for (let r = 0; r < m.requestIds.length; r++) {
    let best = 0;
    for (let i = m.rOff[r]!; i < m.rOff[r + 1]!; i++) best = Math.max(best, m.cWeight[m.rCand[i]!]!);
    ub += best;
  }
  return ub;
}

/**
 * Lagrangian relaxation of "each request at most once": for multipliers λ ≥ 0,
 * L(λ) = Σ_r λ_r + Σ_telescopes DP_t(weight − λ) bounds the optimum from above (and equals the LP
 * bound at the best λ, since each telescope's interval problem is integral). λ follows projected
 * subgradient steps (Polyak step towards the incumbent, halving the step factor when the bound
 * stalls). Every iteration's DP solution is repaired (one start per request), filled and polished
 * into a feasible schedule; the best one is kept.
 */
export function lagrangian(m: SliceModel, opts: LagrangianOptions): LagrangianResult {
  const nReq = m.requestIds.length;
  const ev = new DualEvaluator(m);
  const hasCand = new Uint8Array(nReq);
  for (let r = 0; r < nReq; r++) hasCand[r] = m.rOff[r + 1]! > m.rOff[r]! ? 1 : 0;
  const best = opts.incumbent.clone();
  let upperBound = trivialBound(m);
  // Cold start: the best single time price (a dual estimate from the requests' densities), which
  // is measured to start within ~1 % of the LP bound; warm start: the previous run's multipliers.
  let lambda: Float64Array;
  if (opts.initialMultipliers) lambda = Float64Array.from(opts.initialMultipliers);
  else {
    const init = initialMultipliers(ev);
    lambda = init.lambda;
    upperBound = Math.min(upperBound, init.bound);
  }
  const bestLambda = Float64Array.from(lambda);
  const chosen = ev.chosen;
  const count = new Int32Array(nReq);
  const pick = new Int32Array(nReq);
  const g = new Float64Array(nReq);
  let mu = opts.initialStepFactor ?? 1;
  let stall = 0;
  let iterations = 0;
  let timedOut = false;
  let lastPolished = -Infinity;
  // Repairs cost about one DP sweep plus insertions; on big models do them less often so that
  // most of the time goes to the bound (deterministic: depends on the model size only).
  const heuristicEvery = Math.max(1, Math.min(20, Math.round(m.nCand / 100_000)));

  while (iterations < opts.iterationLimit) {
    // The first evaluation always runs (one DP sweep): it turns warm-start multipliers into a
    // proven bound even when model building used up the budget.
    if (iterations > 0 && opts.shouldStop()) {
      timedOut = true;
      break;
    }
    iterations++;
    const L = ev.evaluate(lambda);
    if (L < upperBound - REL_TOL * Math.abs(upperBound)) {
      upperBound = L;
      bestLambda.set(lambda);
      stall = 0;
    } else if (++stall >= STALL_ITERATIONS) {
      mu /= 2;
      stall = 0;
    }

    // Repair: one start per request (its heaviest chosen one); chosen starts never overlap
    // within a telescope, so only duplicates conflict.
    count.fill(0);
    pick.fill(-1);
    for (const c of chosen) {
      const r = m.cReq[c]!;
      count[r]!++;
      const p = pick[r]!;
      if (p < 0 || m.cWeight[c]! > m.cWeight[p]!) pick[r] = c;
    }
    if (iterations === 1 || iterations % heuristicEvery === 0) {
      const work = new Assignment(m);
      for (let r = 0; r < nReq; r++) if (pick[r]! >= 0) work.place(pick[r]!);
      insertionPass(work, opts.order);
      improveStarts(work);
      if (heuristicEvery === 1 && work.objective > best.objective * 0.998 && work.objective > lastPolished) {
        lastPolished = work.objective;
        localSearch(work, opts.order, opts.shouldStop, 1);
      }
      if (work.objective > best.objective) best.copyFrom(work);
    }

    if (upperBound - best.objective <= REL_TOL * Math.max(1, upperBound)) break;
    let norm = 0;
    for (let r = 0; r < nReq; r++) {
      let gr = hasCand[r] ? 1 - count[r]! : 0;
      if (gr > 0 && lambda[r]! <= 0) gr = 0;
      g[r] = gr;
      // Diagonal metric D = diag(priority): requests' scales differ by orders of magnitude.
      norm += gr * gr * m.priority[r]!;
    }
    // No violated or slack-with-positive-λ request: the DP solution is optimal for the model.
    if (norm === 0) break;
    if (mu < 1e-6) break;
    const step = (mu * Math.max(L - best.objective, 1e-9 * Math.max(1, L))) / norm;
    for (let r = 0; r < nReq; r++) {
      const gr = g[r]!;
      if (gr !== 0) lambda[r] = Math.max(0, lambda[r]! - step * gr * m.priority[r]!);
    }
  }
  return { best, upperBound: Math.max(upperBound, best.objective), multipliers: bestLambda, iterations, timedOut };
}
