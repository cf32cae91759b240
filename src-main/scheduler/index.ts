/** Scheduler domain: the pure kernel, where it runs (worker), and the service around it. */
export * from './kernel/index';
export * from './worker/index';
export * from './service/index';
