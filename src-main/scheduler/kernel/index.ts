/**
 * The pure scheduler kernel: `SchedulerInput` → `Schedule` (blocks, explanations, quality).
 * No IO, no clock reads except the optional stopwatch that enforces the time limit.
 */
export type * from './types';
export { effectivePriority, earlyStartBonus, MAX_EFFECTIVE_PRIORITY } from './priority';
export { buildModel, DEFAULT_SLICE_SEC, type SliceModel } from './model';
export {
  solveSchedule,
  DEFAULT_TIME_LIMIT_MS,
  DEFAULT_BB_MAX_VARIABLES,
  DEFAULT_BB_MAX_MS,
  type SolveOptions,
} from './solve';
export {
  branchAndBound,
  DEFAULT_BB_REL_TOL,
  type BranchAndBoundOptions,
  type BranchAndBoundResult,
} from './branch-and-bound';
export { forcedBounds, fixingMask, type FixingMask } from './lagrangian-fixing';
export { checkSchedule, type Violation } from './feasibility';
export { solveWithHighs, buildLpText, type HighsLike, type ExactResult } from './exact';
export { replan, applyChange, freezeInProgress, type ScheduleChange } from './replan';
export { insertRapidResponse, type RapidResponseResult } from './rapid-response';
export { ObjectiveCalculator } from './objective';
