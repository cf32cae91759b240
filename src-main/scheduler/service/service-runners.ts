/**
 * Where the service's kernel jobs run: the normal solve, the rapid-response placement and the
 * visibility half of an input build, each on a runner of its own unless the caller gives one.
 */
import { createInlineRunner, createWorkerRunner, type KernelRunner, type VisibilityAnswer, type VisibilityJob } from '../worker';

export interface ServiceRunnerOptions {
  /** Where the normal solve runs: 'worker' (default), 'inline', or a runner (then used for every job). */
  runner?: 'worker' | 'inline' | KernelRunner;
  /** Load WASM HiGHS for exact solves (default true). */
  useHighs?: boolean;
  /** Where visibility runs; default 'worker' when the kernel runner is a worker, else 'inline'. */
  visibility?: 'worker' | 'inline' | KernelRunner;
  /** Whether the visibility worker memoises between jobs. */
  cacheVisibility: boolean;
}

export interface ServiceRunners {
  kernel: KernelRunner;
  rapid: KernelRunner;
  /** Null: visibility is computed in-line by the input builder. */
  visibilitySource: ((job: VisibilityJob) => Promise<VisibilityAnswer>) | null;
  /** Closes each distinct runner (an in-flight job fails at once). */
  close(): Promise<void>;
}

export function createServiceRunners(o: ServiceRunnerOptions): ServiceRunners {
  const kernel: KernelRunner =
    typeof o.runner === 'object' ? o.runner : o.runner === 'inline' ? createInlineRunner({ useHighs: o.useHighs ?? true }) : createWorkerRunner({ useHighs: o.useHighs ?? true });
  const visibilityChoice = o.visibility ?? (kernel.mode === 'worker' ? 'worker' : 'inline');
  // The worker keeps its own cache across jobs (one per thread); HiGHS is not needed there.
  const visibility: KernelRunner | null =
    typeof visibilityChoice === 'object' ? visibilityChoice : visibilityChoice === 'worker' ? createWorkerRunner({ useHighs: false }) : null;
  const visibilitySource = visibility
    ? async (job: VisibilityJob): Promise<VisibilityAnswer> => {
        const r = await visibility.run({ kind: 'visibility', job, cache: o.cacheVisibility });
        if (r.kind !== 'visibility') throw new Error('unexpected kernel answer');
        return r.answer;
      }
    : null;
  // The rapid-response job is small (one placement, a few re-insertions, one dual evaluation):
  // on this thread it never queues behind a normal solve in the worker.
  const rapid: KernelRunner = typeof o.runner === 'object' ? o.runner : createInlineRunner({ useHighs: false });
  return {
    kernel,
    rapid,
    visibilitySource,
    async close() {
      await kernel.close();
      if (rapid !== kernel) await rapid.close();
      if (visibility && visibility !== kernel && visibility !== rapid) await visibility.close();
    },
  };
}
