import type { SliceModel } from './model';

/**
 * A feasible partial schedule over a slice model: which candidate each request uses (or -1) and
 * which candidate occupies each (telescope, slice). Every mutation keeps it feasible.
 */
export class Assignment {
  readonly m: SliceModel;
  /** occ[t * nSlices + s] = candidate index or -1. */
  readonly occ: Int32Array;
  /** reqCand[r] = candidate index or -1. */
  readonly reqCand: Int32Array;
  objective = 0;

  constructor(m: SliceModel) {
    this.m = m;
    this.occ = new Int32Array(m.telescopeIds.length * m.nSlices).fill(-1);
    this.reqCand = new Int32Array(m.requestIds.length).fill(-1);
  }

  clone(): Assignment {
    const a = new Assignment(this.m);
    a.copyFrom(this);
    return a;
  }

  copyFrom(other: Assignment): void {
    this.occ.set(other.occ);
    this.reqCand.set(other.reqCand);
    this.objective = other.objective;
  }

  /** True when candidate c's slices are all free (slices held by `ignoreReq` count as free). */
  canPlace(c: number, ignoreReq = -1): boolean {
    const m = this.m;
    const base = m.cTel[c]! * m.nSlices;
    for (let s = m.cStartSlice[c]!, e = m.cEndSlice[c]!; s < e; s++) {
      const o = this.occ[base + s]!;
      if (o >= 0 && m.cReq[o] !== ignoreReq) return false;
    }
    return true;
  }

  /** Places candidate c; the caller guarantees canPlace(c) and that its request is unassigned. */
  place(c: number): void {
    const m = this.m;
    const base = m.cTel[c]! * m.nSlices;
    for (let s = m.cStartSlice[c]!, e = m.cEndSlice[c]!; s < e; s++) this.occ[base + s] = c;
    this.reqCand[m.cReq[c]!] = c;
    this.objective += m.cWeight[c]!;
  }

  /** Removes request r's block, if any. */
  remove(r: number): void {
    const c = this.reqCand[r]!;
    if (c < 0) return;
    const m = this.m;
    const base = m.cTel[c]! * m.nSlices;
    for (let s = m.cStartSlice[c]!, e = m.cEndSlice[c]!; s < e; s++) this.occ[base + s] = -1;
    this.reqCand[r] = -1;
    this.objective -= m.cWeight[c]!;
  }

  /** Distinct requests whose blocks overlap candidate c's slices (excluding c's own request). */
  blockers(c: number, out: number[]): number[] {
    out.length = 0;
    const m = this.m;
    const own = m.cReq[c]!;
    const base = m.cTel[c]! * m.nSlices;
    let last = -1;
    for (let s = m.cStartSlice[c]!, e = m.cEndSlice[c]!; s < e; s++) {
      const o = this.occ[base + s]!;
      if (o >= 0 && o !== last) {
        last = o;
        const r = m.cReq[o]!;
        if (r !== own && !out.includes(r)) out.push(r);
      }
    }
    return out;
  }

  /** First candidate of request r (in time order) that fits now, or -1. */
  firstFit(r: number): number {
    const m = this.m;
    for (let i = m.rOff[r]!, e = m.rOff[r + 1]!; i < e; i++) {
      const c = m.rCand[i]!;
      if (this.canPlace(c, r)) return c;
    }
    return -1;
  }

  /** Candidate of request r with the highest weight that fits now (ties: earliest), or -1. */
  bestFit(r: number): number {
    const m = this.m;
    let best = -1;
    for (let i = m.rOff[r]!, e = m.rOff[r + 1]!; i < e; i++) {
      const c = m.rCand[i]!;
      if ((best < 0 || m.cWeight[c]! > m.cWeight[best]!) && this.canPlace(c, r)) best = c;
    }
    return best;
  }
}
