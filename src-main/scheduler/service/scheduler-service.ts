/**
 * The scheduler service: builds the kernel input from the database, runs the kernel off the
 * event loop, stores the schedule as OCS observations, records every run, and re-runs when
 * something that matters changes (ocs-contract §9.1: rapid response first, then normal).
 *
 * Triggers: `queue.changed` (request created / cancelled / state change: rapid-response check at
 * once, normal re-plan debounced), `devices.changed` (weather hold or device fault opened or
 * cleared), and `observationChanged()` for the executor (observation ended early or failed).
 * Normal runs are serialised; triggers arriving during a run coalesce into one follow-up run.
 * Rapid-response runs have their own lane (and run their light kernel job on this thread), so a
 * rapid-response request never waits for a normal solve in the worker; stores are serialised, and
 * a normal run whose input predates a rapid-response store is discarded and re-run.
 *
 * This file wires the parts: service-runners (where jobs run), timed-build (inputs), normal-pass
 * and rapid-pass (one run each), run-lanes (serialisation), normal-trigger (debounce), and
 * run-recorder (the run log and its events).
 */
import type { ScheduleExplanation } from '../../../src-shared/ipc/contract';
import type { Clock } from '../../clock';
import type { EventBus } from '../../events/bus';
import type { Logger } from '../../logging';
import { configdbViewOf, type Db, type ObservatoryDumpSource } from '../../portal';
import type { TimelineBlockSource } from '../../timeline';
import { VisibilityCache } from '../../visibility';
import type { SchedulerInput } from '../kernel';
import { DEFAULT_EXACT_MAX_VARIABLES, type KernelRunner } from '../worker';
import { createScheduleBlockSource, type RawDb } from './block-source';
import { toConsoleExplanation } from './console-forms';
import { HoldTracker } from './holds';
import type { Hold } from './input-builder';
import { createNormalTrigger } from './normal-trigger';
import { normalPass } from './normal-pass';
import { errorText, initialPassState, type PassContext } from './pass-context';
import { rapidPass } from './rapid-pass';
import { createRunLanes } from './run-lanes';
import { createRunRecorder } from './run-recorder';
import { explanationOf, lastRun, type RunSummary } from './runs-repo';
import { createServiceRunners } from './service-runners';
import { createTimedBuild } from './timed-build';

export interface SchedulerServiceOptions {
  db: Db;
  /** better-sqlite3 handle (the timeline reads blocks synchronously through it). */
  raw: RawDb;
  clock: Clock;
  bus: EventBus;
  logger: Logger;
  observatory: ObservatoryDumpSource;
  /** Where the kernel runs: 'worker' (default), 'inline', or a runner. */
  runner?: 'worker' | 'inline' | KernelRunner;
  /** Load WASM HiGHS for exact solves of small models (default true). */
  useHighs?: boolean;
  /** Quiet time before a normal re-plan after the last trigger, clock ms (default 5000). */
  debounceMs?: number;
  /** Planning horizon, ms (default 3 days). */
  horizonMs?: number;
  sliceSec?: number;
  /** Kernel time limit, ms (default 10 000). */
  timeLimitMs?: number;
  /**
   * Largest model (binary variables) HiGHS is asked to prove optimal within the time limit
   * (default 4000: a small observatory's three nights, e.g. the demo's ≈ 3100, proven in < 1 s
   * warm; the synthetic (100, 2) workload's ≈ 5900 were not proven in 9 s, so larger models keep
   * the Lagrangian's proven bound instead of spending the whole limit).
   */
  exactMaxVariables?: number;
  /** Memoise visibility between input builds (default true; false = rebuild it every time). */
  cacheVisibility?: boolean;
  /**
   * Where the visibility half of an input build runs (the database reads stay here): 'worker' (a
   * worker thread of its own, so a rapid-response build never queues behind a normal solve and a
   * cold build never blocks the event loop), 'inline', or a runner. Default: 'worker' when the
   * kernel runner is a worker, else 'inline'.
   */
  visibility?: 'worker' | 'inline' | KernelRunner;
  /**
   * Clock ms between now and the earliest normal start, covering the run and the store (OCS starts
   * the schedule at now + estimated runtime). Default 60 000. Rapid response starts at now.
   */
  leadMs?: number;
}

export interface ExplainAnswer {
  requestId: number;
  runId: number | null;
  explanation: ScheduleExplanation | null;
}

export interface SchedulerService {
  /** Subscribes to the bus and runs once (rapid response, then normal). */
  start(): void;
  /** Unsubscribes, cancels the debounce and stops the worker (after the run in progress). */
  stop(): Promise<void>;
  /** Runs a normal pass now (after any run in progress); resolves with its record. */
  runNow(trigger?: string): Promise<RunSummary>;
  /** Places every unplaced RAPID_RESPONSE request now; resolves with the runs (empty when none). */
  placeRapidResponses(trigger?: string): Promise<RunSummary[]>;
  /** Asks for a debounced normal re-plan. */
  request(trigger: string): void;
  /** For the executor: an observation ended early, failed or was aborted. */
  observationChanged(observationId: number): void;
  explain(requestId: number): Promise<ExplainAnswer>;
  lastRun(): Promise<RunSummary | null>;
  holds(): Hold[];
  /** The timeline source of stored observations, downtime and holds. */
  readonly blockSource: TimelineBlockSource;
  /** The last input built (for recording fixtures), or null. */
  lastInput(): SchedulerInput | null;
  /** Resolves when no run is in progress or queued (tests, shutdown). */
  idle(): Promise<void>;
  /** Debounced normal passes that kept the stored plan because nothing it stands on changed. */
  skippedPasses(): number;
  readonly runnerMode: 'worker' | 'inline';
}

export function createSchedulerService(o: SchedulerServiceOptions): SchedulerService {
  const { db, clock, bus } = o;
  const log = o.logger.child('scheduler');
  const view = configdbViewOf(o.observatory);
  // Visibility is the bulk of an input build; it depends only on telescope, target and day.
  const cacheVisibility = o.cacheVisibility ?? true;
  const runners = createServiceRunners({ runner: o.runner, useHighs: o.useHighs, visibility: o.visibility, cacheVisibility });
  const holdTracker = new HoldTracker();
  const state = initialPassState();
  const lanes = createRunLanes(clock);
  const leadMs = o.leadMs ?? 60_000;
  const ctx: PassContext = {
    db,
    view,
    clock,
    log,
    holds: holdTracker,
    runner: runners.kernel,
    rapidRunner: runners.rapid,
    build: createTimedBuild({
      db,
      view,
      holds: holdTracker,
      visibilitySource: runners.visibilitySource,
      visibilityCache: cacheVisibility ? new VisibilityCache() : undefined,
      horizonMs: o.horizonMs,
      sliceSec: o.sliceSec,
      timeLimitMs: o.timeLimitMs,
      onBuilt: (input) => {
        state.lastBuilt = input;
      },
    }),
    recorder: createRunRecorder(db, bus),
    withStoreLock: (fn) => lanes.store(fn),
    request: (trigger) => normal.request(trigger),
    stopped: () => lanes.stopped(),
    state,
    leadMs,
    // An observation ending this much earlier than planned is re-planned (the lead is the least a re-plan moves the next start by).
    minEarlyMs: Math.max(1_000, leadMs),
    exactMaxVariables: o.exactMaxVariables ?? DEFAULT_EXACT_MAX_VARIABLES,
  };
  const normal = createNormalTrigger({ clock, lanes, log, debounceMs: o.debounceMs ?? 5_000, pass: (trigger, skippable) => normalPass(ctx, trigger, 0, skippable) });
  const enqueueRapid = (trigger: string): Promise<RunSummary[]> => lanes.rapid(() => rapidPass(ctx, trigger));
  const unsubscribe: (() => void)[] = [];

  const onQueueChanged = (): void => {
    // Rapid response first and at once; the normal pass follows after the quiet time.
    enqueueRapid('queue.changed')
      .then((runs) => {
        if (runs.some((r) => r.createdCount > 0)) normal.request('rapid_response');
      })
      .catch((error: unknown) => {
        // Stopping closes the worker under an in-flight pass: that is shutdown, not a failure (as for the first run).
        if (!lanes.stopped()) log.error('rapid-response pass failed', { error: errorText(error) });
      });
    normal.request('queue.changed');
  };

  return {
    runnerMode: runners.kernel.mode,
    blockSource: createScheduleBlockSource(o.raw, () => holdTracker.list()),
    start() {
      if (unsubscribe.length > 0) return;
      unsubscribe.push(bus.on('queue.changed', onQueueChanged));
      unsubscribe.push(
        bus.on('devices.changed', (s) => {
          if (holdTracker.apply(s, clock.nowMs())) normal.request('devices.changed');
        }),
      );
      enqueueRapid('start')
        .then(() => normal.queue('start'))
        .catch((error: unknown) => {
          if (!lanes.stopped()) log.error('first scheduler run failed', { error: errorText(error) });
        });
    },
    async stop() {
      lanes.stop();
      for (const u of unsubscribe.splice(0)) u();
      normal.cancel();
      // Closing the runners first fails an in-flight solve at once: shutdown never waits for one.
      await runners.close();
      await lanes.drained();
    },
    runNow: (trigger = 'manual') => normal.queue(trigger),
    placeRapidResponses: (trigger = 'manual') => enqueueRapid(trigger),
    request: (trigger) => normal.request(trigger),
    observationChanged: (observationId) => normal.request(`observation ${observationId}`),
    async explain(requestId) {
      const found = await explanationOf(db, String(requestId));
      return { requestId, runId: found?.runId ?? null, explanation: found ? toConsoleExplanation(found.explanation) : null };
    },
    lastRun: () => lastRun(db),
    holds: () => holdTracker.list(),
    lastInput: () => state.lastBuilt,
    skippedPasses: () => state.skippedPasses,
    // A run may queue another (rapid → normal); wait until the lanes stop growing.
    idle: () => lanes.idle(() => normal.queued()),
  };
}
