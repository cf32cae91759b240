export type { Clock } from './clock';
export { RealClock } from './clock';
export { SimulatedClock } from './simulated-clock';
