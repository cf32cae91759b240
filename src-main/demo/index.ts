export { readDemoFiles } from './demo-files';
export type { DemoFiles } from './demo-files';
export type { SeedResult } from './seed-demo';
export { isSeeded, resetDemo, seedDemo } from './seed-demo';
