export type { OpenDatabase } from './database';
export { migrateToLatest, openDatabase } from './database';
export { acquireInstanceLock } from './instance-lock';
export type { Database } from './schema';
