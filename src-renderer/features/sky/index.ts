/** The Sky feature: the Sky page (all-sky view and atlas) and the pieces it is built from. */
export { SkyPage } from './SkyPage';
export { SkyView, createDefaultRenderer, type SkyViewProps } from './SkyView';
export { AtlasView, type AtlasViewProps } from './AtlasView';
export { loadSkyCatalogs, type SkyCatalogs } from './sky-data';
export { SkyModel, starLabel, type SkyFrame, type SkyHover, type SkyPointing } from './sky-model';
export type { SkyRenderer } from './sky-renderer';
export { TARGET_STATE_RGB, type SkyTarget, type SkyTargetState } from './sky-targets';
export { fieldOfViewFor, pointingsFrom, skyTargetsFrom, type FieldOfView } from './sky-page-data';
export { tooltipLines } from './tooltip-lines';
export type { SkyProbe, SkyTestHook } from './sky-probe';
