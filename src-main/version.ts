/** Injected at build time from package.json; the fallback is for tests run from source. */
declare const __NIGHTSHIFT_VERSION__: string | undefined;
export const NIGHTSHIFT_VERSION: string = typeof __NIGHTSHIFT_VERSION__ === 'string' ? __NIGHTSHIFT_VERSION__ : '0.0.0-dev';
