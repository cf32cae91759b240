export type { Clock } from './clock';
export { RealClock, abortError, holdDuring } from './clock';
export type { SimulatedClockOptions } from './simulated-clock';
export { SimulatedClock } from './simulated-clock';
