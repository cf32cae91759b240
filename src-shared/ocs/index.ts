export * from './configdb-index';
export * from './overheads';
export * from './duration';
export * from './states';
export * from './time-accounting';
export * from './cerberus';
export * from './validate-configuration';
export * from './to-astro';
