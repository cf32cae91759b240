import { checkSchedule, type Schedule, type ScheduledBlock, type SchedulerInput } from '../kernel';

/** Stored planned blocks that no longer fit the input are dropped from a warm start (they get cancelled). */
export function stillFeasible(input: SchedulerInput, blocks: readonly ScheduledBlock[]): ScheduledBlock[] {
  const bad = new Set(checkSchedule(input, blocks).map((v) => v.requestId));
  return blocks.filter((b) => !bad.has(b.requestId));
}

/**
 * The previous plan as the kernel's warm start: the kept blocks and the last Lagrange multipliers
 * (keyed by request id); quality is zero because nothing was solved.
 */
export function warmStartSchedule(blocks: ScheduledBlock[], multipliers: Record<string, number>): Schedule {
  return {
    blocks,
    explanations: [],
    quality: { objective: 0, upperBound: 0, gap: 0, greedyObjective: 0, solveMs: 0, method: 'incremental', optimal: false, variables: 0, schedulableRequests: 0, iterations: 0, timedOut: false },
    multipliers,
  };
}
