import { performance } from 'node:perf_hooks';
import type { ConfigdbView, Db } from '../../portal';
import type { VisibilityCache } from '../../visibility';
import type { SchedulerInput } from '../kernel';
import type { VisibilityAnswer, VisibilityJob } from '../worker';
import type { HoldTracker } from './holds';
import { buildSchedulerInput, type BuiltInput } from './input-builder';

/** A built input and how long the build took, wall-clock ms. */
export interface TimedBuild {
  built: BuiltInput;
  buildMs: number;
}

export interface TimedBuildOptions {
  db: Db;
  view: () => ConfigdbView;
  holds: HoldTracker;
  /** Visibility computed elsewhere (a worker); takes precedence over the cache. */
  visibilitySource: ((job: VisibilityJob) => Promise<VisibilityAnswer>) | null;
  visibilityCache: VisibilityCache | undefined;
  horizonMs?: number;
  sliceSec?: number;
  timeLimitMs?: number;
  /** Told of every input built (the service keeps the last one for recording fixtures). */
  onBuilt(input: SchedulerInput): void;
}

/** Builds the kernel input for a given kernel now (UTC ms) with the service's settings and holds. */
export function createTimedBuild(o: TimedBuildOptions): (nowMs: number) => Promise<TimedBuild> {
  return async (nowMs) => {
    const t0 = performance.now();
    const built = await buildSchedulerInput(o.db, o.view(), {
      nowMs,
      holds: o.holds.list(),
      ...(o.visibilitySource ? { visibility: o.visibilitySource } : o.visibilityCache ? { visibilityCache: o.visibilityCache } : {}),
      ...(o.horizonMs !== undefined ? { horizonMs: o.horizonMs } : {}),
      ...(o.sliceSec !== undefined ? { sliceSec: o.sliceSec } : {}),
      ...(o.timeLimitMs !== undefined ? { timeLimitMs: o.timeLimitMs } : {}),
    });
    o.onBuilt(built.input);
    return { built, buildMs: performance.now() - t0 };
  };
}
