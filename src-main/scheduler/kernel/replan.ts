import { solveSchedule, type SolveOptions } from './solve';
import type { FixedBlock, Schedule, ScheduledBlock, SchedulerInput, SchedulerRequest } from './types';

/** One change that triggers an incremental re-plan. */
export type ScheduleChange =
  | { kind: 'cancel'; requestId: string }
  | { kind: 'add'; request: SchedulerRequest }
  /** The telescope cannot observe in [startMs, endMs) (fault, weather hold, downtime). */
  | { kind: 'telescope_unavailable'; telescopeId: string; startMs: number; endMs: number };

/** The input after one change (pure; the input is not mutated). */
export function applyChange(input: SchedulerInput, change: ScheduleChange): SchedulerInput {
  switch (change.kind) {
    case 'cancel':
      return { ...input, requests: input.requests.filter((r) => r.id !== change.requestId) };
    case 'add':
      return { ...input, requests: [...input.requests.filter((r) => r.id !== change.request.id), change.request] };
    case 'telescope_unavailable':
      return {
        ...input,
        telescopes: input.telescopes.map((t) =>
          t.id !== change.telescopeId
            ? t
            : {
                id: t.id,
                availability: t.availability.flatMap((a) => {
                  const out = [];
                  if (a.startMs < change.startMs)
                    out.push({ startMs: a.startMs, endMs: Math.min(a.endMs, change.startMs) });
                  if (a.endMs > change.endMs) out.push({ startMs: Math.max(a.startMs, change.endMs), endMs: a.endMs });
                  return out;
                }),
              },
        ),
      };
  }
}

/**
 * The input with every previously planned block that is in progress at `input.nowMs` (and whose
 * request is still in the input) added as a fixed 'running' block, so a re-plan never moves it.
 */
export function freezeInProgress(input: SchedulerInput, previous: readonly ScheduledBlock[]): SchedulerInput {
  const known = new Set(input.requests.map((r) => r.id));
  const already = new Set(input.fixedBlocks.map((b) => b.requestId));
  const frozen: FixedBlock[] = previous
    .filter(
      (b) => b.startMs < input.nowMs && b.endMs > input.nowMs && known.has(b.requestId) && !already.has(b.requestId),
    )
    .map((b) => ({
      requestId: b.requestId,
      telescopeId: b.telescopeId,
      startMs: b.startMs,
      endMs: b.endMs,
      kind: 'running',
    }));
  return frozen.length === 0 ? input : { ...input, fixedBlocks: [...input.fixedBlocks, ...frozen] };
}

/**
 * Incremental re-plan after a change: in-progress blocks are frozen, the previous blocks that
 * still fit seed the search and the previous multipliers warm-start the bound, so a run needs far
 * less time than a cold one. `input` is the already-changed input (see `applyChange`);
 * `input.timeLimitMs` bounds the run.
 */
export function replan(input: SchedulerInput, previous: Schedule, options: SolveOptions = {}): Schedule {
  const frozen = freezeInProgress(input, previous.blocks);
  return solveSchedule(frozen, {
    ...options,
    warmStart: { blocks: previous.blocks, multipliers: previous.multipliers },
    reportAs: 'incremental',
  });
}
