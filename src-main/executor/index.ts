/**
 * The executor: one per telescope, running the schedule's observations on the devices under the
 * safety supervisor, journaling every transition before acting, recovering honestly on restart.
 */
export type { ExecutorStatus, Executors, ExecutorsOptions } from './create-executors';
export { createExecutors } from './create-executors';
export type { ExecutorMode, TelescopeExecutor } from './telescope-executor';
export type { OperatorApi, OperatorMark } from './operator';
export type { BeginExposure, ExposureRow, ExposureState, Journal, JournalEntry, JournalRow } from './journal';
export { createJournal, lastJournalUtcMs } from './journal';
export type { IoTracker } from './io-tracker';
export { createIoTracker } from './io-tracker';
export type { ConfigurationBody, InstrumentConfigBody, ObservationPlan, PlannedConfiguration, TelescopeAddress } from './observation-source';
export { currentObservation, loadObservation, scheduleOf, telescopeAddress } from './observation-source';
export type { ConfigurationOutcome } from './run-configuration';
export { SKY_TYPES, SUPPORTED_TYPES } from './run-configuration';
export { SKY_FLAT_SUN_RANGE_DEG, binningOf, filterOf, skyFlatExposureSec, slotOf } from './instrument';
export type { StatusReport, StatusSummary, SummaryEvent } from './status-report';
export { reportStatus } from './status-report';
export type { TelescopeRecovery } from './recovery';
