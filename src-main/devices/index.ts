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
