/**
 * The heavy half of a scheduler input build, as a job the kernel worker can run: observable
 * intervals per telescope for every pointing that may use it (and the dark intervals for requests
 * with no pointing). The database reads and the assembly stay on the calling thread; this part is
 * pure and its messages are plain structured-clone-able objects.
 *
 * Each thread keeps one `VisibilityCache` (whole site days, exact by construction: a cached answer
 * is bit-for-bit a cold one), so a worker that serves every build stays warm across builds.
 */
import type { Interval, TelescopeLimits } from '../../../src-shared/astro';
import { VisibilityCache, type TargetRequest } from '../../visibility';

export interface VisibilityJobTelescope {
  limits: TelescopeLimits;
  /** Pointings, ids chosen by the caller (echoed in the answer). */
  targets: TargetRequest[];
  /** Also compute the dark intervals (some request on it has no pointing). */
  dark: boolean;
}

export interface VisibilityJob {
  /** Span, UTC ms: [startMs, endMs). */
  startMs: number;
  endMs: number;
  telescopes: VisibilityJobTelescope[];
}

export interface VisibilityAnswer {
  /** Same order as the job's telescopes. */
  telescopes: { intervals: Record<string, Interval[]>; dark: Interval[] | null }[];
}

let threadCache: VisibilityCache | null = null;

/** This thread's shared cache (created on first use). */
export function threadVisibilityCache(): VisibilityCache {
  threadCache ??= new VisibilityCache();
  return threadCache;
}

/** Computes a visibility job with `cache` (the thread's when omitted). Synchronous and pure apart from the cache. */
export function computeVisibility(job: VisibilityJob, cache: VisibilityCache = threadVisibilityCache()): VisibilityAnswer {
  // The scheduler never looks back: days before the span are dropped.
  cache.pruneBefore(job.startMs);
  return {
    telescopes: job.telescopes.map((t) => {
      const intervals: Record<string, Interval[]> = {};
      if (t.targets.length > 0) for (const v of cache.intervals(t.limits, t.targets, job.startMs, job.endMs)) intervals[v.id] = v.intervals;
      return { intervals, dark: t.dark ? cache.dark(t.limits, job.startMs, job.endMs) : null };
    }),
  };
}
