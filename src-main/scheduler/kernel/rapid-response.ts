import { densityOrder, fillEarliest } from './greedy';
import { intersect, normalize, subtract } from './intervals';
import { buildModel } from './model';
import { effectivePriority } from './priority';
import { seedAssignment, toBlocks } from './solve';
import type {
  FixedBlock,
  Interruption,
  IntervalMs,
  NotScheduledReason,
  RequestExplanation,
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
   * The input for the follow-up full re-plan: the RR block and the truncated running block are
   * fixed blocks there.
   */
  nextInput: SchedulerInput;
}

/** When a running block may be aborted at or after `nowMs`: its first safe point, or now. */
function interruptAt(b: FixedBlock, nowMs: number): number | null {
  if (b.safePointsMs === undefined || b.safePointsMs.length === 0) return nowMs;
  const later = b.safePointsMs.filter((t) => t >= nowMs && t < b.endMs).sort((x, y) => x - y);
  return later[0] ?? null;
}

/**
 * Places one RAPID_RESPONSE request as early as possible (OCS: RR first, pre-empting running
 * non-RR observations; running RR ones and DIRECT blocks are respected). The earliest start over
 * its telescopes wins; on a tie, the telescope where nothing is interrupted and less planned
 * priority is displaced. Planned blocks in the way are removed and re-inserted greedily at their
 * earliest remaining start. Cost: one small model over the displaced requests (milliseconds);
 * the caller should follow with a background `replan` on `nextInput`.
 */
export function insertRapidResponse(
  input: SchedulerInput,
  previous: Schedule,
  rr: SchedulerRequest,
): RapidResponseResult {
  const durMs = rr.durationSec * 1000;
  const from = Math.max(input.nowMs, input.horizon.startMs);
  const span = [{ startMs: from, endMs: input.horizon.endMs }];
  const windows = intersect(normalize(rr.windows), span);
  const priorityOf = new Map(input.requests.map((r) => [r.id, effectivePriority(r)]));

  interface Option {
    telescopeId: string;
    startMs: number;
    interrupted: Interruption | null;
    displacedPriority: number;
  }
  let best: Option | null = null;
  let sawVisible = false;
  let sawAvailable = false;
  for (const tel of input.telescopes) {
    if (!rr.telescopeIds.includes(tel.id)) continue;
    const vis = intersect(normalize(rr.visibility[tel.id] ?? []), windows);
    if (vis.length > 0) sawVisible = true;
    const avail = intersect(vis, normalize(tel.availability));
    if (avail.length > 0) sawAvailable = true;
    const blocking: IntervalMs[] = [];
    const preemptible: { block: FixedBlock; atMs: number }[] = [];
    for (const b of input.fixedBlocks) {
      if (b.telescopeId !== tel.id) continue;
      const at = b.kind === 'running' && b.rapidResponse !== true ? interruptAt(b, input.nowMs) : null;
      if (at === null) blocking.push(b);
      else {
        preemptible.push({ block: b, atMs: at });
        if (at > b.startMs) blocking.push({ startMs: b.startMs, endMs: at });
      }
    }
    const free = subtract(avail, normalize(blocking)).filter((i) => i.endMs - i.startMs >= durMs);
    const first = free[0];
    if (first === undefined) continue;
    const startMs = first.startMs;
    const endMs = startMs + durMs;
    const hit = preemptible.find((p) => p.block.startMs < endMs && p.block.endMs > startMs);
    let displacedPriority = 0;
    for (const b of previous.blocks)
      if (b.telescopeId === tel.id && b.startMs < endMs && b.endMs > startMs)
        displacedPriority += priorityOf.get(b.requestId) ?? 0;
    if (hit !== undefined) displacedPriority += priorityOf.get(hit.block.requestId ?? '') ?? 0;
    const option: Option = {
      telescopeId: tel.id,
      startMs,
      interrupted: hit
        ? { requestId: hit.block.requestId, telescopeId: tel.id, atMs: Math.max(hit.atMs, startMs) }
        : null,
      displacedPriority,
    };
    if (
      best === null ||
      option.startMs < best.startMs ||
      (option.startMs === best.startMs && (option.interrupted === null) > (best.interrupted === null)) ||
      (option.startMs === best.startMs &&
        (option.interrupted === null) === (best.interrupted === null) &&
        option.displacedPriority < best.displacedPriority)
    )
      best = option;
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
    return { schedule: previous, block: null, interrupted: null, unplaced: [], reason, nextInput: input };
  }

  const block: ScheduledBlock = {
    requestId: rr.id,
    telescopeId: best.telescopeId,
    startMs: best.startMs,
    endMs: best.startMs + durMs,
  };
  const overlaps = (b: { telescopeId: string; startMs: number; endMs: number }): boolean =>
    b.telescopeId === block.telescopeId && b.startMs < block.endMs && b.endMs > block.startMs;
  const kept = previous.blocks.filter((b) => !overlaps(b) && b.requestId !== rr.id);
  const displaced = previous.blocks.filter((b) => overlaps(b) && b.requestId !== rr.id).map((b) => b.requestId);

  // Fixed blocks after the insertion: the interrupted one is cut at the interruption.
  const fixedBlocks: FixedBlock[] = input.fixedBlocks.flatMap((b): FixedBlock[] => {
    if (best.interrupted === null || b.telescopeId !== best.telescopeId || !overlaps(b)) return [b];
    return b.startMs < best.interrupted.atMs ? [{ ...b, endMs: best.interrupted.atMs }] : [];
  });
  fixedBlocks.push({
    requestId: rr.id,
    telescopeId: block.telescopeId,
    startMs: block.startMs,
    endMs: block.endMs,
    kind: 'direct',
    rapidResponse: true,
  });
  const nextInput: SchedulerInput = {
    ...input,
    requests: input.requests.filter((r) => r.id !== rr.id),
    fixedBlocks,
  };

  // Re-insert the displaced requests on a model holding only them, around everything kept.
  const displacedSet = new Set(displaced);
  const subInput: SchedulerInput = {
    ...nextInput,
    requests: nextInput.requests.filter((r) => displacedSet.has(r.id)),
    fixedBlocks: [
      ...fixedBlocks,
      ...kept.map((b): FixedBlock => ({
        requestId: null,
        telescopeId: b.telescopeId,
        startMs: b.startMs,
        endMs: b.endMs,
        kind: 'direct',
      })),
    ],
  };
  const sub = buildModel(subInput);
  const a = seedAssignment(sub, []);
  fillEarliest(a, densityOrder(sub));
  const reinserted = toBlocks(sub, a);
  const placed = new Set(reinserted.map((b) => b.requestId));
  const unplaced = displaced.filter((id) => !placed.has(id));

  const blocks = [...kept, ...reinserted, block].sort((x, y) =>
    x.telescopeId < y.telescopeId ? -1 : x.telescopeId > y.telescopeId ? 1 : x.startMs - y.startMs,
  );
  const rrPriority = effectivePriority(rr);
  const lost = unplaced.reduce((s, id) => s + (priorityOf.get(id) ?? 0), 0);
  const byId = new Map(blocks.map((b) => [b.requestId, b]));
  const explanations: RequestExplanation[] = previous.explanations
    .filter((e) => e.requestId !== rr.id)
    .map((e): RequestExplanation => {
      if (!displacedSet.has(e.requestId)) return e;
      const b = byId.get(e.requestId);
      if (b !== undefined)
        return {
          requestId: e.requestId,
          scheduled: true,
          telescopeId: b.telescopeId,
          startMs: b.startMs,
          endMs: b.endMs,
          effectivePriority: e.effectivePriority,
          candidateCount: e.candidateCount,
          telescopeCount: e.scheduled ? e.telescopeCount : 1,
          why: `moved for rapid-response request ${rr.id}`,
        };
      return {
        requestId: e.requestId,
        scheduled: false,
        reason: 'outcompeted',
        effectivePriority: e.effectivePriority,
        candidateCount: e.candidateCount,
        by: [rr.id],
        why: `displaced by rapid-response request ${rr.id}`,
      };
    });
  explanations.push({
    requestId: rr.id,
    scheduled: true,
    telescopeId: block.telescopeId,
    startMs: block.startMs,
    endMs: block.endMs,
    effectivePriority: rrPriority,
    candidateCount: 1,
    telescopeCount: 1,
    why: best.interrupted
      ? `rapid response: earliest start, interrupting ${best.interrupted.requestId ?? 'a running observation'}`
      : 'rapid response: earliest possible start',
  });
  // Objective and bound are updated arithmetically (tie-break bonuses of moved blocks ignored);
  // the follow-up replan reports exact figures.
  const q = previous.quality;
  const objective = q.objective + rrPriority - lost;
  const upperBound = q.upperBound + rrPriority;
  return {
    schedule: {
      blocks,
      explanations,
      quality: {
        ...q,
        objective,
        upperBound,
        gap: upperBound > 0 ? Math.max(0, (upperBound - objective) / upperBound) : 0,
        method: 'rapid_response',
        optimal: false,
        iterations: 0,
        timedOut: false,
        solveMs: 0,
      },
      multipliers: previous.multipliers,
    },
    block,
    interrupted: best.interrupted,
    unplaced,
    reason: null,
    nextInput,
  };
}
