/** Simulated-fault control: `--faults` spec parsing, planning, and injection into managed sim devices. */
export { SIM_FAULT_TYPES, parseFaultSpec, planFaults } from './spec';
export type { ExplicitFault, FaultSpec, PlannedFault } from './spec';
export { createFaultScheduler, injectSimFault } from './inject';
export type { FaultScheduler, FaultSchedulerOptions } from './inject';
