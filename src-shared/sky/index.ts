/**
 * Sky-view math shared by the console and the core (pure): bundled catalogue decoding, the per-frame
 * batch (J2000 unit vectors → horizontal with one rotation), all-sky projection and its inverse,
 * screen-space picking, star colours and sizes, and name resolution (offline catalogue resolver plus
 * the interface the online resolvers implement).
 */
export type { ConstellationCatalog, ConstellationLabel, DsoCatalog, DsoType, MilkyWayOutline, StarCatalog, StarDesignation } from './catalog-decode';
export { decodeConstellations, decodeDsoCatalog, decodeMilkyWay, decodeStarCatalog } from './catalog-decode';
export { unitVectorsAt } from './star-vectors';
export { altitudeDegAt, azimuthDegAt, horizontalBatch, refractionDeg } from './batch-horizontal';
export type { ProjectionKind, SkyViewport } from './projection';
export { fitViewport, projectAltAz, projectBatch, projectHorizontal, unprojectToAltAz } from './projection';
export { projectPolyline } from './polyline';
export { fieldCorners, gnomonicForward, gnomonicInverse } from './gnomonic';
export { altitudeCircle, azimuthSpoke, hourAngleCurve, raDecGridVectors } from './grid-lines';
export type { PickLayer } from './picking';
export { pickInLayers, pickNearest } from './picking';
export type { MagnitudeScale } from './star-style';
export { DEFAULT_MAGNITUDE_SCALE, bvToRgb, bvToTemperatureK, magnitudeToSizePx, temperatureToRgb } from './star-style';
export type { BodyPlace, SkyBodies } from './bodies';
export { bodiesInFrame, skyColourForPhase, skyColourForSunAltitude } from './bodies';
export type { NameResolver, ResolveAnswer, ResolveOptions, ResolvedName, ResolvedTarget, ResolverId } from './resolver-types';
export { resolveWithFallback } from './resolver-types';
export { CatalogResolver, nameKey } from './catalog-resolver';
export type { HorizontalBand } from './telescope-overlays';
export { domeSlitBand, greatCircleArc, horizonMaskBand, projectBand, separationDeg } from './telescope-overlays';
