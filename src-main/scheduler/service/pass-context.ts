/** What a scheduler pass (normal or rapid response) works with, and the state passes share. */
import type { Clock } from '../../clock';
import type { Logger } from '../../logging';
import type { ConfigdbView, Db } from '../../portal';
import type { SchedulerInput } from '../kernel';
import type { KernelRunner } from '../worker';
import type { HoldTracker } from './holds';
import type { PlanState } from './plan-state';
import type { RunRecorder } from './run-recorder';
import type { RunSummary } from './runs-repo';
import type { TimedBuild } from './timed-build';

/** Mutable state shared by the passes of one service. */
export interface PassState {
  /** The last normal solve's Lagrange multipliers (warm start of the next solve). */
  multipliers: Record<string, number>;
  /**
   * The last stored normal plan that was proven optimal, with what it stood on: a debounced
   * re-plan is skipped while nothing it depends on has changed (plan-state.ts).
   */
  stood: { state: PlanState; run: RunSummary } | null;
  /** Debounced normal passes that kept the stored plan. */
  skippedPasses: number;
  /** Rapid-response requests found unplaceable, with the plan state then (tried again on a change). */
  unplaceable: Map<string, PlanState>;
  /** Counts rapid-response stores, so that a normal run can tell the plan it solved against changed under it. */
  rrEpoch: number;
  /** The last input built, or null. */
  lastBuilt: SchedulerInput | null;
}

export function initialPassState(): PassState {
  return { multipliers: {}, stood: null, skippedPasses: 0, unplaceable: new Map(), rrEpoch: 0, lastBuilt: null };
}

export interface PassContext {
  db: Db;
  view: () => ConfigdbView;
  clock: Clock;
  log: Logger;
  holds: HoldTracker;
  /** Runs the normal solve. */
  runner: KernelRunner;
  /** Runs the rapid-response placement. */
  rapidRunner: KernelRunner;
  build(nowMs: number): Promise<TimedBuild>;
  recorder: RunRecorder;
  /** Runs `fn` when no other store is in progress (stores are serialised). */
  withStoreLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Asks for a debounced normal re-plan. */
  request(trigger: string): void;
  /** True after stop(): a failure then is the shutdown's, not worth recording. */
  stopped(): boolean;
  state: PassState;
  /** Clock ms between now and the earliest normal start. */
  leadMs: number;
  /** An observation ending this much earlier than planned (clock ms) counts as a change. */
  minEarlyMs: number;
  /** Largest model HiGHS is asked to prove optimal. */
  exactMaxVariables: number;
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
