/** Manual control for the console: actions, interlocks, and the service running them. */
export { controlActionSchema, controlResultSchema, imageStatsSchema } from './actions';
export type { ControlAction, ControlActionInput, ControlOp, ControlResult, ImageStats } from './actions';
export { imageStats } from './image-stats';
export { checkInterlocks, weatherProblems } from './interlocks';
export type { DeviceView, InterlockPolicy, InterlockSnapshot, InterlockVerdict } from './interlocks';
export { createDeviceControl } from './service';
export type { DeviceControl, DeviceControlOptions } from './service';
