import { DualEvaluator } from './dual-init';
import { densityOrder, fillEarliest } from './greedy';
import { intersect, normalize, subtract } from './intervals';
import { buildModel } from './model';
import { ObjectiveCalculator } from './objective';
import { earlyStartBonus, effectivePriority } from './priority';
import { rapidResponseExplanations } from './rapid-response-explain';
import { seedAssignment, toBlocks } from './solve';
import type {
  FixedBlock,
  Interruption,
  IntervalMs,
  NotScheduledReason,
  Schedule,
  ScheduledBlock,
  SchedulerInput,
  SchedulerRequest,
} from './types';

export interface RapidResponseResult {
  /** The new schedule: the RR block, kept blocks and the displaced ones re-inserted where possible. */
  schedule: Schedule;
  /** The RR block, or null when it cannot be placed (see `reason`). */
  block: ScheduledBlock | null;
  /** The running observation aborted for it, or null. */
  interrupted: Interruption | null;
  /** Requests whose planned blocks were removed and could not be re-inserted. */
  unplaced: string[];
  reason: NotScheduledReason | null;
  /**
   * The input for the follow-up full re-plan: the RR block is a fixed block there and the
   * interrupted running block is cut at the interruption.
   */
  nextInput: SchedulerInput;
  /** Time to place the block (ms) and to prove the bound after it (ms), from `stopwatchMs`. */
  placeMs: number;
  boundMs: number;
}

interface Option {
  telescopeId: string;
  startMs: number;
  interrupted: Interruption | null;
  displacedPriority: number;
}

const sortBlocks = (blocks: ScheduledBlock[]): ScheduledBlock[] =>
  blocks.sort((x, y) => (x.telescopeId < y.telescopeId ? -1 : x.telescopeId > y.telescopeId ? 1 : x.startMs - y.startMs));

/** Safe points of a running block in [fromMs, end), sorted; null = abortable at any time. */
function safePoints(b: FixedBlock, fromMs: number): number[] | null {
  if (b.safePointsMs === undefined || b.safePointsMs.length === 0) return null;
  return b.safePointsMs.filter((t) => t >= fromMs && t < b.endMs).sort((x, y) => x - y);
}

/** Earliest start of `rr` on `tel` (pre-empting running non-RR blocks at safe points), or null. */
function optionOn(
  input: SchedulerInput,
  tel: SchedulerInput['telescopes'][number],
  rr: SchedulerRequest,
  windows: IntervalMs[],
  previous: Schedule,
  priorityOf: Map<string, number>,
): { option: Option | null; visible: boolean; available: boolean } {
  const durMs = rr.durationSec * 1000;
  const vis = intersect(normalize(rr.visibility[tel.id] ?? []), windows);
  const avail = intersect(vis, normalize(tel.availability));
  const blocking: IntervalMs[] = [];
  const preemptible: FixedBlock[] = [];
  for (const b of input.fixedBlocks) {
    if (b.telescopeId !== tel.id) continue;
    if (b.kind !== 'running' || b.rapidResponse === true) {
      blocking.push(b);
      continue;
    }
    preemptible.push(b);
    const points = safePoints(b, input.nowMs);
    // Until its first safe point a running block cannot be aborted; with none left, never.
    const firstSafe = points === null ? input.nowMs : (points[0] ?? b.endMs);
    if (firstSafe > b.startMs) blocking.push({ startMs: b.startMs, endMs: firstSafe });
  }
  const first = subtract(avail, normalize(blocking)).find((i) => i.endMs - i.startMs >= durMs);
  const res = { visible: vis.length > 0, available: avail.length > 0 };
  if (first === undefined) return { option: null, ...res };
  const startMs = first.startMs;
  const endMs = startMs + durMs;
  const hit = preemptible.find((b) => b.startMs < endMs && b.endMs > startMs);
  let interrupted: Interruption | null = null;
  if (hit !== undefined) {
    // Abort at the last configuration boundary before the RR must start: the running
    // observation keeps every configuration that can still complete.
    const points = safePoints(hit, input.nowMs)?.filter((t) => t <= startMs);
    const atMs = points === undefined ? Math.max(input.nowMs, startMs) : points[points.length - 1]!;
    interrupted = {
      requestId: hit.requestId,
      telescopeId: tel.id,
      atMs,
      originalEndMs: hit.endMs,
      reason: `pre-empted by rapid-response request ${rr.id}`,
      atSafePoint: points !== undefined,
    };
  }
  let displacedPriority = hit !== undefined ? (priorityOf.get(hit.requestId ?? '') ?? 0) : 0;
  for (const b of previous.blocks)
    if (b.telescopeId === tel.id && b.startMs < endMs && b.endMs > startMs)
      displacedPriority += priorityOf.get(b.requestId) ?? 0;
  return { option: { telescopeId: tel.id, startMs, interrupted, displacedPriority }, ...res };
}

/** Earlier start first; then no interruption; then less displaced priority. */
function better(a: Option, b: Option | null): boolean {
  if (b === null || a.startMs !== b.startMs) return b === null || a.startMs < b.startMs;
  if ((a.interrupted === null) !== (b.interrupted === null)) return a.interrupted === null;
  return a.displacedPriority < b.displacedPriority;
}

/**
 * Places one RAPID_RESPONSE request as early as possible (OCS §9.5: RR first, pre-empting running
 * non-RR observations at a safe point; running RR ones and DIRECT blocks are respected). Planned
 * blocks overlapping it are removed and re-inserted greedily at their earliest remaining start
 * (every other block stays exactly where it was). The quality report is exact: the objective is
 * the weight of every block under `nextInput`'s model plus the RR's weight, and the bound is the
 * Lagrangian bound of `nextInput` at the previous multipliers (valid for any multipliers) plus
 * the RR's weight. `previous` must be a schedule of `input`. The caller should follow with a
 * warm-started `replan` on `nextInput`.
 */
export function insertRapidResponse(
  input: SchedulerInput,
  previous: Schedule,
  rr: SchedulerRequest,
  options: { stopwatchMs?: () => number } = {},
): RapidResponseResult {
  const stopwatch = options.stopwatchMs ?? ((): number => performance.now());
  const t0 = stopwatch();
  const durMs = rr.durationSec * 1000;
  const span = [{ startMs: Math.max(input.nowMs, input.horizon.startMs), endMs: input.horizon.endMs }];
  const windows = intersect(normalize(rr.windows), span);
  const priorityOf = new Map(input.requests.map((r) => [r.id, effectivePriority(r)]));

  let best: Option | null = null;
  let sawVisible = false;
  let sawAvailable = false;
  for (const tel of input.telescopes) {
    if (!rr.telescopeIds.includes(tel.id)) continue;
    const { option, visible, available } = optionOn(input, tel, rr, windows, previous, priorityOf);
    sawVisible ||= visible;
    sawAvailable ||= available;
    if (option !== null && better(option, best)) best = option;
  }
  if (best === null) {
    const reason: NotScheduledReason =
      windows.length === 0
        ? 'outside_horizon'
        : !sawVisible
          ? 'not_visible'
          : !sawAvailable
            ? 'telescope_unavailable'
            : 'no_fit_in_window';
    const t = stopwatch() - t0;
    return { schedule: previous, block: null, interrupted: null, unplaced: [], reason, nextInput: input, placeMs: t, boundMs: 0 };
  }

  const { interrupted } = best;
  const block: ScheduledBlock = { requestId: rr.id, telescopeId: best.telescopeId, startMs: best.startMs, endMs: best.startMs + durMs };
  const overlaps = (b: { telescopeId: string; startMs: number; endMs: number }): boolean =>
    b.telescopeId === block.telescopeId && b.startMs < block.endMs && b.endMs > block.startMs;
  const kept = previous.blocks.filter((b) => !overlaps(b) && b.requestId !== rr.id);
  const displaced = new Set(previous.blocks.filter((b) => overlaps(b) && b.requestId !== rr.id).map((b) => b.requestId));

  const fixedBlocks: FixedBlock[] = input.fixedBlocks.flatMap((b): FixedBlock[] => {
    if (interrupted === null || b.telescopeId !== block.telescopeId || b.requestId !== interrupted.requestId || !overlaps(b))
      return [b];
    return b.startMs < interrupted.atMs ? [{ ...b, endMs: interrupted.atMs }] : [];
  });
  fixedBlocks.push({ ...block, kind: 'direct', rapidResponse: true });
  const nextInput: SchedulerInput = { ...input, requests: input.requests.filter((r) => r.id !== rr.id), fixedBlocks };

  // Re-insert the displaced requests on a model holding only them. Kept blocks are fixed there,
  // widened to whole slices so that every re-inserted start is also a candidate of nextInput's
  // model (OCS: one block per slice).
  const sliceMs = (input.sliceSec ?? 300) * 1000;
  const h0 = input.horizon.startMs;
  const sub = buildModel({
    ...nextInput,
    requests: nextInput.requests.filter((r) => displaced.has(r.id)),
    fixedBlocks: [
      ...fixedBlocks,
      ...kept.map((b): FixedBlock => ({
        requestId: null,
        telescopeId: b.telescopeId,
        startMs: h0 + Math.floor((b.startMs - h0) / sliceMs) * sliceMs,
        endMs: h0 + Math.ceil((b.endMs - h0) / sliceMs) * sliceMs,
        kind: 'direct',
      })),
    ],
  });
  const a = seedAssignment(sub, []);
  fillEarliest(a, densityOrder(sub));
  const reinserted = toBlocks(sub, a);
  const placed = new Set(reinserted.map((b) => b.requestId));
  const unplaced = [...displaced].filter((id) => !placed.has(id));
  const others = [...kept, ...reinserted];
  const blocks = sortBlocks([...others, block]);
  const rrPriority = effectivePriority(rr);
  // Its start is the first it could have on that telescope: candidate k = 0.
  const rrWeight = rrPriority + earlyStartBonus(0);
  const calc = new ObjectiveCalculator(nextInput);
  let objective = rrWeight;
  for (const b of others) objective += calc.weight(b) ?? priorityOf.get(b.requestId) ?? 0;
  const placeMs = stopwatch() - t0;

  const m = buildModel(nextInput);
  const lambda = Float64Array.from(m.requestIds, (id) => previous.multipliers[id] ?? 0);
  const upperBound = Math.max(objective, rrWeight + new DualEvaluator(m).evaluate(lambda));
  const explanations = rapidResponseExplanations(previous.explanations, rr.id, block, rrPriority, displaced, blocks, interrupted);
  const solveMs = stopwatch() - t0;
  return {
    schedule: {
      blocks,
      explanations,
      quality: {
        ...previous.quality,
        objective,
        upperBound,
        gap: upperBound > 0 ? Math.max(0, (upperBound - objective) / upperBound) : 0,
        method: 'rapid_response',
        optimal: upperBound - objective <= 1e-9 * Math.max(1, upperBound),
        iterations: 0,
        timedOut: false,
        solveMs,
      },
      multipliers: previous.multipliers,
    },
    block,
    interrupted,
    unplaced,
    reason: null,
    nextInput,
    placeMs,
    boundMs: solveMs - placeMs,
  };
}
