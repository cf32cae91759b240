/**
 * The visibility engine (pure; the only importer of astronomy-engine). One engine for the request
 * validator, the scheduler, the planning charts and the sky view. Instants are UTC ms; angles are
 * degrees unless the name says hours; altitudes used by constraints are geometric (unrefracted).
 */
export type { GeoSite } from './observer';
export type { NightEvents, NightPhase } from './sun';
export { TWILIGHT_ALTITUDE_DEG, localNoonBeforeMs, nightEvents, nightPhaseForSunAltitude, sunAltitudeDeg } from './sun';

// Time and frames
export { J2000_UTC_MS, mjdToUtcMs, taiMinusUtcSec, ttDaysSinceJ2000, ttMinusUtcSec, utcMsToMjd } from './time';
export type { Frame, TimeOptions } from './frame';
export { C_AU_PER_DAY, frameAt, propagateFrame } from './frame';
export type { Mat3, Vec3 } from './vec';
export { angleBetweenRad, fromRaDecDeg, toRaDecDeg } from './vec';
export { aberrate } from './aberration';
export type { RefractionConditions } from './refraction';
export { refractHorizontal, refractionConstants, standardPressureHpa } from './refraction';
export type { TopocentricPosition } from './horizontal';
export { horizontalFromApparent, horizontalFromGeometric, wrapHours } from './horizontal';
export { airmassHardie, airmassPlaneParallel, altitudeForAirmassDeg } from './airmass';

// Targets
export type { IcrsPlace } from './star';
export { starDirection } from './star';
export type { OrbitalElements, OrbitalScheme } from './orbit';
export { heliocentricPositionAu, toOrbit } from './orbit';
export type { MajorBody, MoonIllumination } from './bodies';
export { MAJOR_BODIES, bodyVectorAu, moonIllumination } from './bodies';
export type { HourAngleTarget, IcrsTarget, MajorBodyTarget, OrbitalElementsTarget, PreparedTarget, SatelliteTarget, Target } from './target';
export { isSidereal, prepareTarget, targetPosition } from './target';

// Intervals and constraints
export type { Interval } from './intervals';
export { clip, complement, intersect, intersectAll, largest, normalize, subtract, totalMs, union } from './intervals';
export type { Crossing, SolveOptions } from './root-find';
export { crossingsOf, findCrossing, intervalsWhere } from './root-find';
export type { HorizonMaskPoint, TelescopeLimits } from './telescope';
export { maskAltitudeDeg } from './telescope';
export type { ConstraintIntervals, ObservingConstraints, VisibilityOptions } from './constraints';
export { DEFAULT_CONSTRAINTS, FrameCache, constraintIntervals, darkIntervals, observableIntervals } from './constraints';
export type { RequestVisibility, RequestVisibilityInput } from './request-visibility';
export { requestVisibility } from './request-visibility';

// Charts
export type { RiseTransitSet, TargetSeries } from './series';
export { riseTransitSet, targetSeries } from './series';
