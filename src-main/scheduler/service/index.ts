/**
 * The scheduler service around the pure kernel: input from the database and the visibility
 * engine, persistence as OCS observations, triggers, the run log, the timeline block source and
 * replay of recorded inputs.
 */
export type { Hold, BuildInputOptions, BuiltInput, PlannedObservation } from './input-builder';
export { buildSchedulerInput, DEFAULT_HORIZON_MS } from './input-builder';
export type { PersistArgs, PersistResult, CreatedObservation } from './persist';
export { persistSchedule, guardSchedule, interruptObservation } from './persist';
export type { RunKind, RunSummary, RunRecord } from './runs-repo';
export { hashInput, lastRun, explanationOf } from './runs-repo';
export type { RawDb } from './block-source';
export { createScheduleBlockSource } from './block-source';
export { HoldTracker } from './holds';
export type { SchedulerService, SchedulerServiceOptions, ExplainAnswer } from './scheduler-service';
export { createSchedulerService } from './scheduler-service';
export { toConsoleExplanation, toContractRun } from './console-forms';
export type { Recording, ReplayResult } from './replay';
export { RECORDING_FORMAT, parseRecording, replayRecording, formatReplay, runScheduleCommand, SCHEDULE_HELP } from './replay';
export { nextSafePoints, statusDurationsSec, overheadsLookup } from './safe-points';
