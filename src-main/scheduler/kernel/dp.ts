import type { SliceModel } from './model';

/** Scratch buffers for the per-telescope DP, allocated once per solve. */
export interface DpScratch {
  f: Float64Array;
  choice: Int32Array;
}

export function dpScratch(m: SliceModel): DpScratch {
  return { f: new Float64Array(m.nSlices + 1), choice: new Int32Array(m.nSlices) };
}

/**
 * Exact weighted interval scheduling on telescope t with candidate values
 * weight − multiplier[request] (candidates with value ≤ 0 are skipped). Backward sweep over
 * slices: f[s] = max(f[s+1], max_{c starts at s} value(c) + f[end(c)]).
 * Pushes the chosen candidates to `chosen` and returns the optimum value (≥ 0).
 */
export function solveTelescopeDp(
  m: SliceModel,
  t: number,
  multiplier: Float64Array,
  scratch: DpScratch,
  chosen: number[],
): number {
  const { f, choice } = scratch;
  const n = m.nSlices;
  const stride = n + 1;
  const off = m.sliceOff;
  const cReq = m.cReq;
  const cW = m.cWeight;
  const cE = m.cEndSlice;
  f[n] = 0;
  for (let s = n - 1; s >= 0; s--) {
    let best = f[s + 1]!;
    let ch = -1;
    const end = off[t * stride + s + 1]!;
    for (let c = off[t * stride + s]!; c < end; c++) {
      const v = cW[c]! - multiplier[cReq[c]!]!;
      if (v <= 0) continue;
      const val = v + f[cE[c]!]!;
      if (val > best) {
        best = val;
        ch = c;
      }
    }
    f[s] = best;
    choice[s] = ch;
  }
  let s = 0;
  while (s < n) {
    const c = choice[s]!;
    if (c >= 0) {
      chosen.push(c);
      s = cE[c]!;
    } else s++;
  }
  return f[0]!;
}
