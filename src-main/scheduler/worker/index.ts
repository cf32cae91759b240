/** Where the scheduler kernel runs: a worker thread (the core) or in-line (CLI, tests). */
export type { KernelJob, KernelJobResult } from './kernel-job';
export { DEFAULT_EXACT_MAX_VARIABLES, loadHighs, runKernelJob } from './kernel-job';
export type { KernelRunner, RunnerOptions } from './runner';
export { createInlineRunner, createWorkerRunner, resolveWorkerEntry } from './runner';
export type { VisibilityAnswer, VisibilityJob, VisibilityJobTelescope } from './visibility-job';
export { computeVisibility, threadVisibilityCache } from './visibility-job';
