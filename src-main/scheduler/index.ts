/** Scheduler domain. For now the pure kernel; the service (DB, events, worker) comes next. */
export * from './kernel/index';
