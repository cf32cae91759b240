/** The device layer: capability interfaces, families, the registry and the device manager. */
export * from './types';
export { deviceError, ensurePostcondition, isDeviceError, pollUntil, untilAborted, withDeadline } from './errors';
export type { DeviceErrorCode } from './errors';
export { FAMILY_FACTORIES, createDevice, deviceConfigSchema, telescopeDevicesSchema } from './registry';
export { isSimDevice } from './sim';
export { DEFAULT_TIMINGS, createDeviceManager } from './manager';
export type { CommandOptions, DeviceManager, DeviceManagerOptions, DeviceStateListener, SlotTimings } from './manager';
export { summarizeDeviceState, toDeviceStatus } from './status-summary';
export { loadTelescopeDevices } from './demo-devices';
export { checkInterlocks, controlActionSchema, controlResultSchema, createDeviceControl, imageStats, imageStatsSchema } from './control';
export type { ControlAction, ControlActionInput, ControlResult, DeviceControl, DeviceControlOptions, ImageStats, InterlockPolicy, InterlockSnapshot, InterlockVerdict } from './control';
export { SIM_FAULT_TYPES, createFaultScheduler, injectSimFault, parseFaultSpec, planFaults } from './faults';
export type { FaultScheduler, FaultSpec, PlannedFault } from './faults';
