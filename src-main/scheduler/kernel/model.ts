import { intersect, normalize, subtract } from './intervals';
import { earlyStartBonus, effectivePriority } from './priority';
import type { IntervalMs, NotScheduledReason, SchedulerInput } from './types';

export const DEFAULT_SLICE_SEC = 300;

/**
 * The compiled slice model (OCS §9.4): one candidate per (request, telescope, start) where the
 * whole duration fits inside one free interval; starts at each free interval's start, then at
 * every slice boundary. A candidate occupies slices [slice(start), ceil(slice(end))). Candidates
 * are stored in typed arrays grouped by telescope and sorted by start slice, so that the
 * per-telescope dynamic programme is a single backward sweep.
 */
export interface SliceModel {
  t0Ms: number;
  sliceMs: number;
  nSlices: number;
  telescopeIds: string[];
  /** Ids of every input request, index = request index in the model. */
  requestIds: string[];
  /** Effective priority per request. */
  priority: Float64Array;
  durationMs: Float64Array;
  /** Candidate arrays (length nCand). */
  cReq: Int32Array;
  cTel: Int32Array;
  cStartSlice: Int32Array;
  /** Exclusive end slice. */
  cEndSlice: Int32Array;
  cStartMs: Float64Array;
  /** Objective weight: effective priority + early-start bonus. */
  cWeight: Float64Array;
  /** Telescope t's candidates are [telOff[t], telOff[t+1]). */
  telOff: Int32Array;
  /** Candidates of telescope t starting at slice s: [sliceOff[t*(nSlices+1)+s], …+1]). */
  sliceOff: Int32Array;
  /** Candidates of request r sorted by start time: rCand[rOff[r]..rOff[r+1]). */
  rOff: Int32Array;
  rCand: Int32Array;
  /** Per request: why it has no candidates (null when it has some). */
  noCandidateReason: (NotScheduledReason | null)[];
  nCand: number;
}

class Growable {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Free time per telescope: availability ∩ [max(now, horizon start), horizon end) − fixed blocks. */
export function telescopeFree(input: SchedulerInput): { avail: Map<string, IntervalMs[]>; free: Map<string, IntervalMs[]> } {
  const from = Math.max(input.nowMs, input.horizon.startMs);
  const span = [{ startMs: from, endMs: input.horizon.endMs }];
  const avail = new Map<string, IntervalMs[]>();
  const free = new Map<string, IntervalMs[]>();
  for (const t of input.telescopes) {
    const a = intersect(normalize(t.availability), span);
    const fixed = normalize(input.fixedBlocks.filter((b) => b.telescopeId === t.id));
    avail.set(t.id, a);
    free.set(t.id, subtract(a, fixed));
  }
  return { avail, free };
}

/**
 * Where a request may run on one telescope: its visible windows ∩ the telescope's free time,
 * keeping only stretches at least `durationMs` long.
 */
export function startIntervals(visibleWindows: IntervalMs[], free: IntervalMs[], durationMs: number): IntervalMs[] {
  return intersect(visibleWindows, free).filter((i) => i.endMs - i.startMs >= durationMs);
}

/** The next slice boundary strictly after `ms`. */
export function nextBoundary(ms: number, t0Ms: number, sliceMs: number): number {
  return t0Ms + (Math.floor((ms - t0Ms) / sliceMs) + 1) * sliceMs;
}

/** Compiles a `SchedulerInput` into the slice model. Pure; O(total candidates). */
export function buildModel(input: SchedulerInput): SliceModel {
  const sliceMs = (input.sliceSec ?? DEFAULT_SLICE_SEC) * 1000;
  const t0Ms = input.horizon.startMs;
  const nSlices = Math.max(0, Math.ceil((input.horizon.endMs - t0Ms) / sliceMs));
  const telescopeIds = input.telescopes.map((t) => t.id);
  const telIndex = new Map(telescopeIds.map((id, i) => [id, i]));
  const nTel = telescopeIds.length;
  const nReq = input.requests.length;
  const { avail, free } = telescopeFree(input);
  const running = new Set(input.fixedBlocks.map((b) => b.requestId).filter((id): id is string => id !== null));
  const from = Math.max(input.nowMs, input.horizon.startMs);
  const span = [{ startMs: from, endMs: input.horizon.endMs }];

  const priority = new Float64Array(nReq);
  const durationMs = new Float64Array(nReq);
  const noCandidateReason: (NotScheduledReason | null)[] = new Array<NotScheduledReason | null>(nReq).fill(null);
  // Per telescope, per request: free intervals where the request may start.
  const perTel: { r: number; free: IntervalMs[] }[][] = telescopeIds.map(() => []);

  input.requests.forEach((req, r) => {
    priority[r] = effectivePriority(req);
    durationMs[r] = req.durationSec * 1000;
    if (running.has(req.id)) return void (noCandidateReason[r] = 'running');
    if (!(req.durationSec > 0) || !(priority[r] > 0)) return void (noCandidateReason[r] = 'invalid');
    const tels = [...new Set(req.telescopeIds)].filter((id) => telIndex.has(id));
    if (tels.length === 0) return void (noCandidateReason[r] = 'no_telescope');
    const windows = intersect(normalize(req.windows), span);
    if (windows.length === 0) return void (noCandidateReason[r] = 'outside_horizon');
    let visible = false;
    let available = false;
    let fits = false;
    for (const id of tels) {
      const vw = intersect(normalize(req.visibility[id] ?? []), windows);
      if (vw.length === 0) continue;
      visible = true;
      if (intersect(vw, avail.get(id)!).length > 0) available = true;
      const f = startIntervals(vw, free.get(id)!, durationMs[r]);
      if (f.length === 0) continue;
      fits = true;
      perTel[telIndex.get(id)!]!.push({ r, free: f });
    }
    if (!visible) noCandidateReason[r] = 'not_visible';
    else if (!available) noCandidateReason[r] = 'telescope_unavailable';
    else if (!fits) noCandidateReason[r] = 'no_fit_in_window';
  });

  const gReq = new Growable(1024);
  const gTel = new Growable(1024);
  const gStart = new Growable(1024);
  for (let t = 0; t < nTel; t++) {
    for (const { r, free: f } of perTel[t]!) {
      const dur = durationMs[r]!;
      for (const iv of f) {
        let s = iv.startMs;
        while (s + dur <= iv.endMs) {
          gReq.push(r);
          gTel.push(t);
          gStart.push(s);
          s = nextBoundary(s, t0Ms, sliceMs);
        }
      }
    }
  }
  const nCand = gReq.length;

  // Counting sort by (telescope, start slice), stable so each request's starts stay in time order.
  const stride = nSlices + 1;
  const sliceOff = new Int32Array(nTel * stride + 1);
  const rawSlice = new Int32Array(nCand);
  for (let i = 0; i < nCand; i++) {
    const s = Math.floor((gStart.data[i]! - t0Ms) / sliceMs);
    rawSlice[i] = s;
    sliceOff[gTel.data[i]! * stride + s + 1]!++;
  }
  for (let k = 1; k < sliceOff.length; k++) sliceOff[k]! += sliceOff[k - 1]!;
  const cursor = sliceOff.slice();
  const cReq = new Int32Array(nCand);
  const cTel = new Int32Array(nCand);
  const cStartSlice = new Int32Array(nCand);
  const cEndSlice = new Int32Array(nCand);
  const cStartMs = new Float64Array(nCand);
  const cWeight = new Float64Array(nCand);
  // k-th start of a request on a telescope, for the early-start bonus (input is in time order).
  let prevKey = -1;
  let k = 0;
  for (let i = 0; i < nCand; i++) {
    const r = gReq.data[i]!;
    const t = gTel.data[i]!;
    const key = t * nReq + r;
    k = key === prevKey ? k + 1 : 0;
    prevKey = key;
    const pos = cursor[t * stride + rawSlice[i]!]!++;
    const start = gStart.data[i]!;
    cReq[pos] = r;
    cTel[pos] = t;
    cStartSlice[pos] = rawSlice[i]!;
    cEndSlice[pos] = Math.ceil((start + durationMs[r]! - t0Ms) / sliceMs);
    cStartMs[pos] = start;
    cWeight[pos] = priority[r]! + earlyStartBonus(k);
  }
  const telOff = new Int32Array(nTel + 1);
  for (let t = 0; t <= nTel; t++) telOff[t] = sliceOff[t * stride]!;

  // Per-request lists sorted by start time.
  const rOff = new Int32Array(nReq + 1);
  for (let c = 0; c < nCand; c++) rOff[cReq[c]! + 1]!++;
  for (let r = 0; r < nReq; r++) rOff[r + 1]! += rOff[r]!;
  const rCand = new Int32Array(nCand);
  const rCur = rOff.slice();
  for (let c = 0; c < nCand; c++) rCand[rCur[cReq[c]!]!++] = c;
  for (let r = 0; r < nReq; r++) {
    const part = rCand.subarray(rOff[r], rOff[r + 1]);
    part.sort((a, b) => cStartMs[a]! - cStartMs[b]! || cTel[a]! - cTel[b]!);
  }

  return {
    t0Ms,
    sliceMs,
    nSlices,
    telescopeIds,
    requestIds: input.requests.map((q) => q.id),
    priority,
    durationMs,
    cReq,
    cTel,
    cStartSlice,
    cEndSlice,
    cStartMs,
    cWeight,
    telOff,
    sliceOff,
    rOff,
    rCand,
    noCandidateReason,
    nCand,
  };
}

/** Number of requests with at least one candidate. */
export function schedulableCount(m: SliceModel): number {
  let n = 0;
  for (let r = 0; r < m.requestIds.length; r++) if (m.rOff[r + 1]! > m.rOff[r]!) n++;
  return n;
}
