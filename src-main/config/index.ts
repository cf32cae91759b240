export type { CoreConfig } from './config';
export { DEFAULT_PORT, defaultDataDir, isLoopback, parseCoreFlags } from './config';
