export type { LogLevel, Logger } from './logger';
export { createFileLogger, createMemoryLogger } from './logger';
