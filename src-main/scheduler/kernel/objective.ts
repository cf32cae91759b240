import { intersect, normalize } from './intervals';
import { DEFAULT_SLICE_SEC, nextBoundary, startIntervals, telescopeFree } from './model';
import { earlyStartBonus, effectivePriority } from './priority';
import type { IntervalMs, ScheduledBlock, SchedulerInput, SchedulerRequest } from './types';

/**
 * Exact objective of blocks under `input`'s slice model without building the model: each block
 * is credited its candidate's weight, effective priority + 0.1 / (k + 1), where k counts the
 * request's earlier candidate starts on that telescope exactly as `buildModel` enumerates them
 * (each free stretch's start, then every slice boundary while the duration fits).
 * O(blocks × intervals); used where a full model would cost too much (rapid-response insertion).
 */
export class ObjectiveCalculator {
  private readonly input: SchedulerInput;
  private readonly free: Map<string, IntervalMs[]>;
  private readonly sliceMs: number;
  private readonly span: IntervalMs[];
  private readonly requests: Map<string, SchedulerRequest>;

  constructor(input: SchedulerInput) {
    this.input = input;
    this.requests = new Map(input.requests.map((r) => [r.id, r]));
    this.free = telescopeFree(input).free;
    this.sliceMs = (input.sliceSec ?? DEFAULT_SLICE_SEC) * 1000;
    this.span = [{ startMs: Math.max(input.nowMs, input.horizon.startMs), endMs: input.horizon.endMs }];
  }

  /**
   * Weight of one block, or null when it is not a candidate of the model (unknown request or
   * telescope, wrong duration, or a start the model would not offer).
   */
  weight(block: ScheduledBlock): number | null {
    const req = this.requests.get(block.requestId);
    const free = this.free.get(block.telescopeId);
    if (req === undefined || free === undefined || !req.telescopeIds.includes(block.telescopeId)) return null;
    const durMs = req.durationSec * 1000;
    if (block.endMs - block.startMs !== durMs) return null;
    const windows = intersect(normalize(req.windows), this.span);
    const vw = intersect(normalize(req.visibility[block.telescopeId] ?? []), windows);
    const t0 = this.input.horizon.startMs;
    let k = 0;
    for (const iv of startIntervals(vw, free, durMs)) {
      const first = nextBoundary(iv.startMs, t0, this.sliceMs);
      const aligned = first + durMs <= iv.endMs ? Math.floor((iv.endMs - durMs - first) / this.sliceMs) + 1 : 0;
      if (block.startMs === iv.startMs) return effectivePriority(req) + earlyStartBonus(k);
      const j = (block.startMs - first) / this.sliceMs;
      if (Number.isInteger(j) && j >= 0 && j < aligned) return effectivePriority(req) + earlyStartBonus(k + 1 + j);
      k += 1 + aligned;
    }
    return null;
  }

  /** Σ weights of the blocks; null when any block is not a candidate. */
  total(blocks: readonly ScheduledBlock[]): number | null {
    let sum = 0;
    for (const b of blocks) {
      const w = this.weight(b);
      if (w === null) return null;
      sum += w;
    }
    return sum;
  }
}
