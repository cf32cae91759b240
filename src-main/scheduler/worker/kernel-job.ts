/**
 * One unit of kernel work, the same whether it runs in a worker thread or in-line: a full solve
 * (cold, or warm-started from the previous schedule), a rapid-response insertion, or the
 * visibility half of an input build. Messages are plain structured-clone-able objects, so they
 * cross `postMessage` unchanged.
 */
import {
  insertRapidResponse,
  replan,
  solveSchedule,
  type HighsLike,
  type RapidResponseResult,
  type Schedule,
  type SchedulerInput,
  type SchedulerRequest,
} from '../kernel';
import { VisibilityCache } from '../../visibility';
import { computeVisibility, type VisibilityAnswer, type VisibilityJob } from './visibility-job';

export type KernelJob =
  | {
      kind: 'solve';
      input: SchedulerInput;
      /** The previous schedule to warm-start from (re-plan), or null for a cold solve. */
      previous: Schedule | null;
      /** Caps Lagrangian iterations (deterministic runs, e.g. replay). */
      iterationLimit?: number;
      /** Largest model handed to HiGHS for a proof of optimality (see `SolveOptions`). */
      exactMaxVariables?: number;
    }
  | { kind: 'rapid'; input: SchedulerInput; previous: Schedule; rr: SchedulerRequest }
  /** `cache`: use the thread's visibility cache (false: compute everything afresh). */
  | { kind: 'visibility'; job: VisibilityJob; cache: boolean };

/** The service's largest model handed to HiGHS for a proof (see `SchedulerServiceOptions`). */
export const DEFAULT_EXACT_MAX_VARIABLES = 4000;

export type KernelJobResult = { kind: 'solve'; schedule: Schedule } | { kind: 'rapid'; result: RapidResponseResult } | { kind: 'visibility'; answer: VisibilityAnswer };

/** Runs a job (synchronously; the kernel is pure). `highs` enables exact solves of small models. */
export function runKernelJob(job: KernelJob, highs: HighsLike | null): KernelJobResult {
  switch (job.kind) {
    case 'solve': {
      const options = {
        ...(highs ? { highs } : {}),
        ...(job.iterationLimit !== undefined ? { iterationLimit: job.iterationLimit } : {}),
        ...(job.exactMaxVariables !== undefined ? { exactMaxVariables: job.exactMaxVariables } : {}),
      };
      const schedule = job.previous === null ? solveSchedule(job.input, options) : replan(job.input, job.previous, options);
      return { kind: 'solve', schedule };
    }
    case 'rapid':
      return { kind: 'rapid', result: insertRapidResponse(job.input, job.previous, job.rr) };
    case 'visibility':
      return { kind: 'visibility', answer: job.cache ? computeVisibility(job.job) : computeVisibility(job.job, new VisibilityCache()) };
  }
}

let highsPromise: Promise<HighsLike | null> | null = null;

/**
 * The WASM HiGHS solver, loaded once per thread; null when the package cannot be loaded (the kernel
 * then relies on its own bound, which is always valid).
 */
export function loadHighs(): Promise<HighsLike | null> {
  highsPromise ??= import('highs')
    .then(async (mod): Promise<HighsLike> => {
      const h = await mod.default();
      return {
        solve: (problem, options) => {
          const r = h.solve(problem, options);
          return { Status: r.Status, ObjectiveValue: r.ObjectiveValue, Columns: r.Columns as Record<string, { Primal: number }> };
        },
      };
    })
    .catch(() => null);
  return highsPromise;
}
