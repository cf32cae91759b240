import { dpScratch, solveTelescopeDp, type DpScratch } from './dp';
import type { SliceModel } from './model';

/**
 * Evaluates the Lagrangian dual L(λ) = Σ_r λ_r + Σ_t DP_t(weight − λ), an upper bound on the
 * slice model's optimum for every λ ≥ 0, with reusable scratch space.
 */
export class DualEvaluator {
  readonly m: SliceModel;
  private readonly scratch: DpScratch;
  /** Per telescope: the DP value of the last evaluation. */
  readonly telValue: Float64Array;
  /** Candidates chosen by the last evaluation (disjoint within each telescope). */
  readonly chosen: number[] = [];
  sweeps = 0;

  constructor(m: SliceModel) {
    this.m = m;
    this.scratch = dpScratch(m);
    this.telValue = new Float64Array(m.telescopeIds.length);
  }

  /** L(λ); fills `chosen` and `telValue`. O(candidates + telescopes × slices). */
  evaluate(lambda: Float64Array): number {
    const m = this.m;
    this.chosen.length = 0;
    this.sweeps++;
    let L = 0;
    for (let r = 0; r < m.requestIds.length; r++) L += lambda[r]!;
    for (let t = 0; t < m.telescopeIds.length; t++) {
      const v = solveTelescopeDp(m, t, lambda, this.scratch, this.chosen);
      this.telValue[t] = v;
      L += v;
    }
    return L;
  }
}

/**
 * λ_r(ρ) = max(0, max_c weight_c − ρ · duration_r): the multipliers a single price ρ per
 * millisecond of telescope time would imply (a request's surplus over the time it uses). Writes
 * into `out`.
 */
export function priceMultipliers(m: SliceModel, rho: number, out: Float64Array): void {
  for (let r = 0; r < m.requestIds.length; r++) {
    let best = 0;
    for (let i = m.rOff[r]!, e = m.rOff[r + 1]!; i < e; i++) best = Math.max(best, m.cWeight[m.rCand[i]!]!);
    out[r] = Math.max(0, best - rho * m.durationMs[r]!);
  }
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * A dual starting point for the subgradient method: the best single time price ρ, found by a
 * golden-section search over the quantiles of the requests' priority densities (L(λ(ρ)) is close
 * to unimodal in ρ: too low a price leaves every telescope taking everything, too high charges
 * every request more than it is worth). On the issue's workloads this alone lands within about
 * 1 % of the LP bound, where a cold subgradient start needs hundreds of iterations.
 * @param sweeps number of dual evaluations (each one DP sweep over every telescope).
 * @returns the best multipliers found and their (valid) bound.
 */
export function initialMultipliers(
  ev: DualEvaluator,
  sweeps = 14,
): { lambda: Float64Array; bound: number } {
  const m = ev.m;
  const nReq = m.requestIds.length;
  const dens: number[] = [];
  for (let r = 0; r < nReq; r++)
    if (m.rOff[r + 1]! > m.rOff[r]!) dens.push(Math.log(m.priority[r]! / m.durationMs[r]!));
  const lambda = new Float64Array(nReq);
  if (dens.length === 0) return { lambda, bound: ev.evaluate(lambda) };
  dens.sort((a, b) => a - b);
  // log ρ at quantile q (linear interpolation between sorted log densities).
  const rhoAt = (q: number): number => {
    const x = q * (dens.length - 1);
    const i = Math.floor(x);
    const lo = dens[i]!;
    const hi = dens[Math.min(dens.length - 1, i + 1)]!;
    return Math.exp(lo + (hi - lo) * (x - i));
  };
  const work = new Float64Array(nReq);
  let bestBound = Infinity;
  const value = (q: number): number => {
    priceMultipliers(m, rhoAt(q), work);
    const L = ev.evaluate(work);
    if (L < bestBound) {
      bestBound = L;
      lambda.set(work);
    }
    return L;
  };
  let a = 0;
  let b = 1;
  let x1 = b - GOLDEN * (b - a);
  let x2 = a + GOLDEN * (b - a);
  let f1 = value(x1);
  let f2 = value(x2);
  for (let k = 2; k < sweeps; k++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - GOLDEN * (b - a);
      f1 = value(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + GOLDEN * (b - a);
      f2 = value(x2);
    }
  }
  return { lambda, bound: bestBound };
}
