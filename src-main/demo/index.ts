export { readDemoFiles } from './demo-files';
export type { DemoFiles } from './demo-files';
export { isSeeded, resetDemo, seedDemo } from './seed-demo';
