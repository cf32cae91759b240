/**
 * Visibility for the Node core: the batch path (many sidereal targets × many steps on typed
 * arrays) and per-target observable intervals for a telescope over a scheduling horizon.
 * Single-target queries, constraints and charts live in src-shared/astro.
 */
export type { BatchResult, SiderealBatch, TimeGrid } from './batch';
export { batchPositions, prepareSiderealBatch } from './batch';
export type { TargetRequest, TargetVisibility } from './telescope-intervals';
export { telescopeVisibility } from './telescope-intervals';
export type { VisibilityCacheStats } from './visibility-cache';
export { VisibilityCache, siteDayStartMs } from './visibility-cache';
export type { NightSpan, VisibilityServiceDeps } from './visibility-service';
export { VisibilityService, clipTo, nightOfDate, tonightSpan } from './visibility-service';
export { DATABASE_FILE, readQueueTargets, readStoredSitesDump } from './read-only-store';
export { VISIBILITY_HELP, formatVisibility, runVisibilityCommand } from './visibility-cli';
export type { CalendarNight, NightCalendarOptions } from './night-calendar';
export { nightCalendar } from './night-calendar';
export { STEP_COEFFICIENTS, batchKernel, fastAsinRad, stepCoefficients } from './batch';
export type { ParallelOptions } from './batch-parallel';
export { PARALLEL_MIN_TARGET_STEPS, batchPositionsParallel, closeBatchWorkers } from './batch-parallel';
