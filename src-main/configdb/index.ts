export type { SitesImport } from './sites-io';
export { exportSites, importSites } from './sites-io';
export type { InstrumentsApiEntry, InstrumentsFilter } from './instruments-api';
export { instrumentsApi } from './instruments-api';
export type { HorizonMasks } from './horizon-masks';
export { mergeHorizonMasks, readHorizonMasks, readHorizonMasksSync, splitHorizonMasks, writeHorizonMasks } from './horizon-masks';
export { withTelescopeLimits } from './telescope-limits';
