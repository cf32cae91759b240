export type { GeoSite } from './observer';
export type { NightEvents, NightPhase } from './sun';
export { TWILIGHT_ALTITUDE_DEG, nightEvents, nightPhaseForSunAltitude, sunAltitudeDeg } from './sun';
