import { AppError } from '../../../src-shared/errors';
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
 */
import { performance } from 'node:perf_hooks';
import type { ScheduleExplanation, ScheduleRun } from '../../../src-shared/ipc/contract';
import { holdDuring, type Clock } from '../../clock';
import type { EventBus } from '../../events/bus';
import type { Logger } from '../../logging';
import { configdbViewOf, type Db, type ObservatoryDumpSource } from '../../portal';
import type { TimelineBlockSource } from '../../timeline';
import { checkSchedule, effectivePriority, type RequestExplanation, type Schedule, type ScheduledBlock, type SchedulerInput } from '../kernel';
import { VisibilityCache } from '../../visibility';
import { createInlineRunner, createWorkerRunner, DEFAULT_EXACT_MAX_VARIABLES, type KernelRunner, type VisibilityAnswer, type VisibilityJob } from '../worker';
import { createScheduleBlockSource, type RawDb } from './block-source';
import { HoldTracker } from './holds';
import { buildSchedulerInput, type BuiltInput, type Hold } from './input-builder';
import { persistSchedule } from './persist';
import { planChange, readPlanState, unplacedRapidResponses, type PlanState } from './plan-state';
import { explanationOf, insertRun, lastRun, runById, type RunKind, type RunSummary } from './runs-repo';

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

/** The console's flat form of a kernel explanation. */
export function toConsoleExplanation(e: RequestExplanation): ScheduleExplanation {
  if (e.scheduled) {
    return { requestId: Number(e.requestId), scheduled: true, telescopeId: e.telescopeId, startMs: e.startMs, endMs: e.endMs, reason: null, by: [], effectivePriority: e.effectivePriority, candidateCount: e.candidateCount, why: e.why };
  }
  return { requestId: Number(e.requestId), scheduled: false, telescopeId: null, startMs: null, endMs: null, reason: e.reason, by: e.by.map(Number).filter(Number.isFinite), effectivePriority: e.effectivePriority, candidateCount: e.candidateCount, why: e.why };
}

export function toContractRun(r: RunSummary): ScheduleRun {
  return { ...r };
}

/** How often a normal run is solved again because rapid responses were stored during it. */
const MAX_NORMAL_RETRIES = 3;
/** An unplaceable rapid-response request is tried again after this much clock time even when nothing changed. */
const RAPID_RETRY_MS = 60 * 60_000;


const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Stored planned blocks that no longer fit the input are dropped from a warm start (they get cancelled). */
function stillFeasible(input: SchedulerInput, blocks: readonly ScheduledBlock[]): ScheduledBlock[] {
  const bad = new Set(checkSchedule(input, blocks).map((v) => v.requestId));
  return blocks.filter((b) => !bad.has(b.requestId));
}

const emptySchedule = (blocks: ScheduledBlock[], multipliers: Record<string, number>): Schedule => ({
  blocks,
  explanations: [],
  quality: { objective: 0, upperBound: 0, gap: 0, greedyObjective: 0, solveMs: 0, method: 'incremental', optimal: false, variables: 0, schedulableRequests: 0, iterations: 0, timedOut: false },
  multipliers,
});

export function createSchedulerService(o: SchedulerServiceOptions): SchedulerService {
  const { db, clock, bus } = o;
  const log = o.logger.child('scheduler');
  const view = configdbViewOf(o.observatory);
  const runner: KernelRunner =
    typeof o.runner === 'object' ? o.runner : o.runner === 'inline' ? createInlineRunner({ useHighs: o.useHighs ?? true }) : createWorkerRunner({ useHighs: o.useHighs ?? true });
  const holdTracker = new HoldTracker();
  // Visibility is the bulk of an input build; it depends only on telescope, target and day.
  const cacheVisibility = o.cacheVisibility ?? true;
  const visibilityCache = cacheVisibility ? new VisibilityCache() : undefined;
  const visibilityChoice = o.visibility ?? (runner.mode === 'worker' ? 'worker' : 'inline');
  // The worker keeps its own cache across jobs (one per thread); HiGHS is not needed there.
  const visibilityRunner: KernelRunner | null =
    typeof visibilityChoice === 'object' ? visibilityChoice : visibilityChoice === 'worker' ? createWorkerRunner({ useHighs: false }) : null;
  const visibilitySource = visibilityRunner
    ? async (job: VisibilityJob): Promise<VisibilityAnswer> => {
        const r = await visibilityRunner.run({ kind: 'visibility', job, cache: cacheVisibility });
        if (r.kind !== 'visibility') throw new Error('unexpected kernel answer');
        return r.answer;
      }
    : null;
  const exactMaxVariables = o.exactMaxVariables ?? DEFAULT_EXACT_MAX_VARIABLES;
  const debounceMs = o.debounceMs ?? 5_000;
  const leadMs = o.leadMs ?? 60_000;
  let multipliers: Record<string, number> = {};
  // An observation ending this much earlier than planned is re-planned (the lead is the least a re-plan moves the next start by).
  const minEarlyMs = Math.max(1_000, leadMs);
  // The last stored normal plan that was proven optimal, with what it stood on: a debounced
  // re-plan is skipped while nothing it depends on has changed (plan-state.ts).
  let stood: { state: PlanState; run: RunSummary } | null = null;
  let skippedPasses = 0;
  // Rapid-response requests found unplaceable, with the plan state then (tried again on a change).
  const unplaceable = new Map<string, PlanState>();
  let lastBuilt: SchedulerInput | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let rapidChain: Promise<unknown> = Promise.resolve();
  let normalQueued: Promise<RunSummary> | null = null;
  // Stores one at a time; `rrEpoch` counts rapid-response stores, so that a normal run can tell
  // that the plan it solved against changed under it.
  let storeChain: Promise<unknown> = Promise.resolve();
  let rrEpoch = 0;
  const withStoreLock = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = storeChain.then(fn);
    storeChain = p.catch(() => undefined);
    return p;
  };
  // The rapid-response job is small (one placement, a few re-insertions, one dual evaluation):
  // on this thread it never queues behind a normal solve in the worker.
  const rapidRunner: KernelRunner = typeof o.runner === 'object' ? o.runner : createInlineRunner({ useHighs: false });
  let debounce: AbortController | null = null;
  const unsubscribe: (() => void)[] = [];

  const build = async (nowMs: number): Promise<{ built: BuiltInput; buildMs: number }> => {
    const t0 = performance.now();
    const built = await buildSchedulerInput(db, view(), {
      nowMs,
      holds: holdTracker.list(),
      ...(visibilitySource ? { visibility: visibilitySource } : visibilityCache ? { visibilityCache } : {}),
      ...(o.horizonMs !== undefined ? { horizonMs: o.horizonMs } : {}),
      ...(o.sliceSec !== undefined ? { sliceSec: o.sliceSec } : {}),
      ...(o.timeLimitMs !== undefined ? { timeLimitMs: o.timeLimitMs } : {}),
    });
    lastBuilt = built.input;
    return { built, buildMs: performance.now() - t0 };
  };

  const announce = (run: RunSummary, sites: readonly string[]): void => {
    bus.publish('schedule.changed', { runId: run.id, kind: run.kind, siteCodes: [...sites] });
    for (const siteCode of sites) bus.publish('timeline.changed', { siteCode });
  };

  const record = async (
    kind: RunKind,
    trigger: string,
    startedMs: number,
    input: SchedulerInput,
    times: { buildMs: number; solveMs: number; persistMs: number },
    schedule: Schedule | null,
    persisted: Awaited<ReturnType<typeof persistSchedule>> | null,
    error: string | null,
    extraChanges: Record<string, unknown> = {},
  ): Promise<RunSummary> => {
    const id = await insertRun(db, {
      kind,
      trigger,
      startedMs,
      input,
      ...times,
      quality: schedule?.quality ?? null,
      blockCount: schedule?.blocks.length ?? 0,
      created: persisted?.created.length ?? 0,
      canceled: persisted?.canceled.length ?? 0,
      kept: persisted?.kept ?? 0,
      changes: persisted ? { created: persisted.created, canceled: persisted.canceled, skipped: persisted.skipped, interruptedObservationId: persisted.interruptedObservationId, ...extraChanges } : extraChanges,
      explanations: schedule?.explanations ?? [],
      error,
    });
    const run = await runById(db, id);
    if (!run) throw new Error(`scheduler run ${id} vanished`);
    return run;
  };

  /** One normal pass (OCS normal + time-critical loop). Never throws: failures are recorded. */
  const normalPass = async (trigger: string, attempt = 0, skippable = false): Promise<RunSummary> => {
    const startedMs = clock.nowMs();
    if (skippable && stood !== null && attempt === 0) {
      const now = await readPlanState(db, startedMs, stood.state.atMs, holdTracker.list());
      const why = planChange(stood.state, now, minEarlyMs);
      if (why === null) {
        skippedPasses++;
        log.debug('re-plan skipped: the stored plan still stands', { trigger });
        return stood.run;
      }
      log.info('re-plan due', { trigger, why });
    }
    stood = null;
    const epochAtBuild = rrEpoch;
    const { built, buildMs } = await build(startedMs + leadMs);
    // RAPID_RESPONSE requests belong to the rapid-response pass (their observations are fixed here).
    const input: SchedulerInput = { ...built.input, requests: built.input.requests.filter((r) => !built.rapidResponseIds.has(r.id)) };
    lastBuilt = input;
    let schedule: Schedule | null = null;
    let solveMs = 0;
    try {
      const planned = stillFeasible(input, built.planned);
      const previous = planned.length > 0 ? emptySchedule(planned, multipliers) : null;
      const t0 = performance.now();
      const r = await runner.run({ kind: 'solve', input, previous, exactMaxVariables });
      solveMs = performance.now() - t0;
      if (r.kind !== 'solve') throw new Error('unexpected kernel answer');
      schedule = r.schedule;
      const t1 = performance.now();
      const blocks = schedule.blocks;
      const persisted = await withStoreLock(() =>
        // A rapid response stored meanwhile is not in this input: solving again beats overwriting it.
        rrEpoch !== epochAtBuild
          ? Promise.resolve(null)
          : persistSchedule(db, view(), {
              input,
              blocks,
              writeMs: clock.nowMs(),
              owns: ['NORMAL', 'TIME_CRITICAL'],
              reason: `scheduler (${trigger})`,
              readAfter: (trx) => readPlanState(trx, clock.nowMs(), clock.nowMs(), holdTracker.list()),
            }),
      );
      if (persisted === null) {
        if (attempt < MAX_NORMAL_RETRIES) {
          log.info('normal run superseded by a rapid response; solving again', { trigger });
          return await normalPass(trigger, attempt + 1);
        }
        // Never store a plan that ignores a stored rapid response: leave it to the next run.
        request('superseded');
        throw new Error('superseded by rapid responses during every attempt; a re-plan is queued');
      }
      const persistMs = performance.now() - t1;
      multipliers = schedule.multipliers;
      const run = await record('normal', trigger, startedMs, input, { buildMs, solveMs, persistMs }, schedule, persisted, null, { skippedRequests: built.skipped });
      // Only a proven optimum may stand in for the solves it skips.
      if (schedule.quality.optimal && persisted.after) stood = { state: persisted.after, run };
      log.info('schedule stored', { run: run.id, trigger, blocks: run.blockCount, created: run.createdCount, canceled: run.canceledCount, gap: run.gap, buildMs: Math.round(buildMs), solveMs: Math.round(solveMs) });
      announce(run, persisted.sites.length > 0 ? persisted.sites : [...new Set(input.telescopes.map((t) => t.id.split('.')[0] ?? ''))]);
      return run;
    } catch (error) {
      // A solve cut short by stop() is not a failed run worth recording.
      if (stopped) throw error;
      log.error('scheduler run failed', { trigger, error: errorText(error) });
      return record('normal', trigger, startedMs, input, { buildMs, solveMs, persistMs: 0 }, schedule, null, errorText(error));
    }
  };

  /** Places unplaced RAPID_RESPONSE requests one by one (OCS §9.5), each run recorded. */
  const rapidPass = async (trigger: string): Promise<RunSummary[]> => {
    const runs: RunSummary[] = [];
    const attempted = new Set<string>();
    // Most triggers (every configuration report) find nothing to place: no build for them.
    const nowMs = clock.nowMs();
    const waiting = (await unplacedRapidResponses(db, nowMs)).map(String);
    if (waiting.length === 0) return runs;
    if (waiting.every((id) => unplaceable.has(id))) {
      const state = await readPlanState(db, nowMs, Math.min(...waiting.map((id) => unplaceable.get(id)?.atMs ?? nowMs)), holdTracker.list());
      const unchanged = (id: string): boolean => {
        const then = unplaceable.get(id);
        return then !== undefined && nowMs - then.atMs < RAPID_RETRY_MS && planChange(then, state, minEarlyMs, { ignoreQueuePlan: true }) === null;
      };
      if (waiting.every(unchanged)) return runs;
    }
    // Nothing is stored after an unplaceable request (and the clock is held): its input serves the next one.
    let reuse: { built: BuiltInput; buildMs: number } | null = null;
    for (;;) {
      const startedMs = clock.nowMs();
      const kept: { built: BuiltInput; buildMs: number } | null = reuse;
      reuse = null;
      const fresh: { built: BuiltInput; buildMs: number } = kept !== null && kept.built.input.nowMs === startedMs ? kept : await build(startedMs);
      const { built, buildMs } = fresh;
      const { input } = built;
      const placed = new Set([...input.fixedBlocks.map((b) => b.requestId), ...built.planned.map((b) => b.requestId)]);
      const rr = input.requests.find((r) => built.rapidResponseIds.has(r.id) && !placed.has(r.id) && !attempted.has(r.id));
      if (!rr) return runs;
      attempted.add(rr.id);
      let schedule: Schedule | null = null;
      let solveMs = 0;
      try {
        const previous = emptySchedule(stillFeasible(input, built.planned), multipliers);
        const t0 = performance.now();
        const r = await rapidRunner.run({ kind: 'rapid', input, previous, rr });
        solveMs = performance.now() - t0;
        if (r.kind !== 'rapid') throw new Error('unexpected kernel answer');
        const res = r.result;
        schedule = res.schedule;
        if (res.block === null) {
          const why = `rapid-response request cannot be placed now (${res.reason ?? 'unknown'}): no stretch of its windows on an allowed telescope is visible, available and long enough`;
          const explanation: RequestExplanation = { requestId: rr.id, scheduled: false, reason: res.reason ?? 'no_fit_in_window', effectivePriority: effectivePriority(rr), candidateCount: 0, by: [], why };
          const run = await record('rapid_response', trigger, startedMs, input, { buildMs, solveMs, persistMs: 0 }, { ...schedule, blocks: [], explanations: [explanation] }, null, null, { rapidResponse: rr.id, reason: res.reason });
          log.warn('rapid-response request cannot be placed', { request: rr.id, reason: res.reason });
          unplaceable.set(rr.id, await readPlanState(db, clock.nowMs(), clock.nowMs(), holdTracker.list()));
          reuse = { built, buildMs: 0 };
          runs.push(run);
          continue;
        }
        // The guard checks the new plan against the input with the RR request schedulable and the
        // interrupted running block cut at the interruption.
        const checkInput: SchedulerInput = {
          ...res.nextInput,
          requests: [...res.nextInput.requests, rr],
          fixedBlocks: res.nextInput.fixedBlocks.filter((b) => !(b.requestId === rr.id && b.kind === 'direct')),
        };
        const t1 = performance.now();
        const blocks = schedule.blocks;
        const persisted = await withStoreLock(async () => {
          const out = await persistSchedule(db, view(), {
            input: checkInput,
            blocks,
            writeMs: clock.nowMs(),
            owns: ['NORMAL', 'TIME_CRITICAL', 'RAPID_RESPONSE'],
            reason: `rapid response ${rr.id}`,
            interruption: res.interrupted,
          });
          rrEpoch++;
          return out;
        });
        const persistMs = performance.now() - t1;
        const run = await record('rapid_response', trigger, startedMs, input, { buildMs, solveMs, persistMs }, schedule, persisted, null, { rapidResponse: rr.id, interrupted: res.interrupted, unplaced: res.unplaced });
        log.info('rapid response placed', { run: run.id, request: rr.id, telescope: res.block.telescopeId, startMs: res.block.startMs, interrupted: res.interrupted?.requestId ?? null });
        announce(run, persisted.sites);
        runs.push(run);
      } catch (error) {
        if (stopped) throw error;
        log.error('rapid-response run failed', { request: rr.id, error: errorText(error) });
        runs.push(await record('rapid_response', trigger, startedMs, input, { buildMs, solveMs, persistMs: 0 }, schedule, null, errorText(error), { rapidResponse: rr.id }));
      }
    }
  };

  let stopped = false;
  const enqueue = <T>(fn: () => Promise<T>): Promise<T> => {
    // After stop() nothing new starts: the database and worker are going away.
    const p = chain.then(() => (stopped ? Promise.reject(new AppError('conflict.state', 'The scheduler has stopped')) : holdDuring(clock, 'scheduler run', fn)));
    chain = p.catch(() => undefined);
    return p;
  };

  const enqueueRapid = (trigger: string): Promise<RunSummary[]> => {
    const p = rapidChain.then(() => (stopped ? Promise.reject(new AppError('conflict.state', 'The scheduler has stopped')) : holdDuring(clock, 'scheduler rapid-response run', () => rapidPass(trigger))));
    rapidChain = p.catch(() => undefined);
    return p;
  };

  let forceQueued = false;
  /** `skippable`: the pass may keep the stored plan when nothing it stands on changed (debounced triggers). */
  const queueNormal = (trigger: string, skippable = false): Promise<RunSummary> => {
    // Triggers that arrive before a queued run starts ride along with it; one that must solve wins.
    if (!skippable) forceQueued = true;
    normalQueued ??= enqueue(() => {
      normalQueued = null;
      const force = forceQueued;
      forceQueued = false;
      return normalPass(trigger, 0, !force);
    });
    return normalQueued;
  };

  const request = (trigger: string): void => {
    debounce?.abort();
    const ctl = new AbortController();
    debounce = ctl;
    clock.sleep(debounceMs, ctl.signal).then(
      () => {
        if (debounce === ctl) debounce = null;
        queueNormal(trigger, true).catch((error: unknown) => log.error('scheduler run failed', { error: errorText(error) }));
      },
      () => undefined,
    );
  };

  const onQueueChanged = (): void => {
    // Rapid response first and at once; the normal pass follows after the quiet time.
    enqueueRapid('queue.changed')
      .then((runs) => {
        if (runs.some((r) => r.createdCount > 0)) request('rapid_response');
      })
      .catch((error: unknown) => log.error('rapid-response pass failed', { error: errorText(error) }));
    request('queue.changed');
  };

  return {
    runnerMode: runner.mode,
    blockSource: createScheduleBlockSource(o.raw, () => holdTracker.list()),
    start() {
      if (unsubscribe.length > 0) return;
      unsubscribe.push(bus.on('queue.changed', onQueueChanged));
      unsubscribe.push(
        bus.on('devices.changed', (s) => {
          if (holdTracker.apply(s, clock.nowMs())) request('devices.changed');
        }),
      );
      enqueueRapid('start')
        .then(() => queueNormal('start'))
        .catch((error: unknown) => {
          if (!stopped) log.error('first scheduler run failed', { error: errorText(error) });
        });
    },
    async stop() {
      stopped = true;
      for (const u of unsubscribe.splice(0)) u();
      debounce?.abort();
      debounce = null;
      // Closing the runners first fails an in-flight solve at once: shutdown never waits for one.
      await runner.close();
      if (rapidRunner !== runner) await rapidRunner.close();
      if (visibilityRunner && visibilityRunner !== runner && visibilityRunner !== rapidRunner) await visibilityRunner.close();
      await chain;
      await rapidChain;
    },
    runNow: (trigger = 'manual') => queueNormal(trigger),
    placeRapidResponses: (trigger = 'manual') => enqueueRapid(trigger),
    request,
    observationChanged: (observationId) => request(`observation ${observationId}`),
    async explain(requestId) {
      const found = await explanationOf(db, String(requestId));
      return { requestId, runId: found?.runId ?? null, explanation: found ? toConsoleExplanation(found.explanation) : null };
    },
    lastRun: () => lastRun(db),
    holds: () => holdTracker.list(),
    lastInput: () => lastBuilt,
    skippedPasses: () => skippedPasses,
    async idle() {
      // A run may queue another (rapid → normal); wait until the chain stops growing.
      for (;;) {
        const c = chain;
        const r = rapidChain;
        await Promise.all([c, r]);
        if (c === chain && r === rapidChain && normalQueued === null) return;
      }
    },
  };
}
