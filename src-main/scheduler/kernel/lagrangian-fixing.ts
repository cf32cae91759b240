import type { SliceModel } from './model';

/**
 * Lagrangian variable fixing. For multipliers λ ≥ 0, the bound of the relaxation with candidate c
 * forced in is L_c(λ) = L(λ) − DP_t(λ) + F_t(start_c) + (w_c − λ_r) + B_t(end_c), where F_t / B_t
 * are the best relaxed values on telescope t before / after a slice (forward / backward DP). Every
 * feasible schedule containing c has an objective ≤ L_c(λ), so a schedule worth at least a target
 * uses only candidates with L_c(λ) ≥ target: the others can be dropped without losing it.
 * @param banned when given, candidates with banned[c] = 1 are left out (their bound is −∞).
 * @returns per candidate, the upper bound L_c(λ) (objective units).
 */
export function forcedBounds(m: SliceModel, lambda: Float64Array, banned?: Uint8Array): Float64Array {
  const n = m.nSlices;
  const stride = n + 1;
  const nTel = m.telescopeIds.length;
  const out = new Float64Array(m.nCand);
  const fwd = new Float64Array(n + 1);
  const bwd = new Float64Array(n + 1);
  // Candidates of one telescope ordered by end slice (counting sort), for the forward sweep.
  const endOff = new Int32Array(n + 2);
  let byEnd = new Int32Array(0);
  let lamSum = 0;
  for (let r = 0; r < m.requestIds.length; r++) lamSum += lambda[r]!;
  const telValue = new Float64Array(nTel);
  for (let t = 0; t < nTel; t++) {
    const from = m.telOff[t]!;
    const to = m.telOff[t + 1]!;
    // Backward: bwd[s] = best value using slices ≥ s.
    bwd[n] = 0;
    for (let s = n - 1; s >= 0; s--) {
      let best = bwd[s + 1]!;
      for (let c = m.sliceOff[t * stride + s]!, e = m.sliceOff[t * stride + s + 1]!; c < e; c++) {
        const v = m.cWeight[c]! - lambda[m.cReq[c]!]!;
        if (v > 0 && (banned === undefined || banned[c] !== 1)) best = Math.max(best, v + bwd[m.cEndSlice[c]!]!);
      }
      bwd[s] = best;
    }
    telValue[t] = bwd[0]!;
    endOff.fill(0);
    for (let c = from; c < to; c++) endOff[m.cEndSlice[c]! + 1]!++;
    for (let s = 1; s < endOff.length; s++) endOff[s]! += endOff[s - 1]!;
    if (byEnd.length < to - from) byEnd = new Int32Array(to - from);
    const cur = endOff.slice();
    for (let c = from; c < to; c++) byEnd[cur[m.cEndSlice[c]!]!++] = c;
    // Forward: fwd[s] = best value using slices < s.
    fwd[0] = 0;
    for (let s = 1; s <= n; s++) {
      let best = fwd[s - 1]!;
      for (let i = endOff[s]!, e = endOff[s + 1]!; i < e; i++) {
        const c = byEnd[i]!;
        const v = m.cWeight[c]! - lambda[m.cReq[c]!]!;
        if (v > 0 && (banned === undefined || banned[c] !== 1)) best = Math.max(best, fwd[m.cStartSlice[c]!]! + v);
      }
      fwd[s] = best;
    }
    for (let c = from; c < to; c++) {
      const v = m.cWeight[c]! - lambda[m.cReq[c]!]!;
      if (banned !== undefined && banned[c] === 1) out[c] = -Infinity;
      else out[c] = fwd[m.cStartSlice[c]!]! + v + bwd[m.cEndSlice[c]!]! - telValue[t]!;
    }
  }
  let L = lamSum;
  for (let t = 0; t < nTel; t++) L += telValue[t]!;
  for (let c = 0; c < m.nCand; c++) out[c]! += L;
  return out;
}

/** Result of `fixingMask`. */
export interface FixingMask {
  /** keep[c] = 1 when candidate c may belong to a schedule at least as good as the incumbent. */
  keep: Uint8Array;
  /** Number of kept candidates. */
  kept: number;
  /** True when every kept candidate is one of the incumbent's blocks (the incumbent is optimal). */
  incumbentOnly: boolean;
}

/**
 * Lagrangian fixing against an incumbent: keeps the candidates whose forced bound L_c(λ) reaches
 * the incumbent's objective (less a 1e-9 relative margin for rounding), so that the restricted
 * model still holds every schedule at least as good as the incumbent (the incumbent included).
 */
export function fixingMask(
  m: SliceModel,
  lambda: Float64Array,
  incumbent: { readonly objective: number; readonly reqCand: Int32Array },
): FixingMask {
  const bounds = forcedBounds(m, lambda);
  const target = incumbent.objective - 1e-9 * Math.max(1, Math.abs(incumbent.objective));
  const keep = new Uint8Array(m.nCand);
  let kept = 0;
  let incumbentOnly = true;
  for (let c = 0; c < m.nCand; c++) {
    if (bounds[c]! < target) continue;
    keep[c] = 1;
    kept++;
    if (incumbent.reqCand[m.cReq[c]!] !== c) incumbentOnly = false;
  }
  return { keep, kept, incumbentOnly };
}
