import { performance } from 'node:perf_hooks';
import { effectivePriority, type RequestExplanation, type Schedule, type SchedulerInput } from '../kernel';
import { errorText, type PassContext } from './pass-context';
import { persistSchedule } from './persist';
import { planChange, readPlanState, unplacedRapidResponses } from './plan-state';
import type { RunSummary } from './runs-repo';
import type { TimedBuild } from './timed-build';
import { stillFeasible, warmStartSchedule } from './warm-start';

/** An unplaceable rapid-response request is tried again after this much clock time even when nothing changed. */
const RAPID_RETRY_MS = 60 * 60_000;

/**
 * True when every waiting request was found unplaceable less than RAPID_RETRY_MS ago and nothing
 * it depends on has changed since: trying again would find the same.
 */
async function allStillUnplaceable(ctx: PassContext, waiting: readonly string[], nowMs: number): Promise<boolean> {
  const { unplaceable } = ctx.state;
  if (!waiting.every((id) => unplaceable.has(id))) return false;
  const state = await readPlanState(ctx.db, nowMs, Math.min(...waiting.map((id) => unplaceable.get(id)?.atMs ?? nowMs)), ctx.holds.list());
  const unchanged = (id: string): boolean => {
    const then = unplaceable.get(id);
    return then !== undefined && nowMs - then.atMs < RAPID_RETRY_MS && planChange(then, state, ctx.minEarlyMs, { ignoreQueuePlan: true }) === null;
  };
  return waiting.every(unchanged);
}

/**
 * Places unplaced RAPID_RESPONSE requests one by one (OCS §9.5) at the clock's now, interrupting a
 * running observation where needed; each attempt is recorded as a run (unplaceable ones too).
 * Never throws except after stop(). Resolves with the runs, empty when nothing waited.
 */
export async function rapidPass(ctx: PassContext, trigger: string): Promise<RunSummary[]> {
  const { db, clock, log, state } = ctx;
  const runs: RunSummary[] = [];
  const attempted = new Set<string>();
  // Most triggers (every configuration report) find nothing to place: no build for them.
  const nowMs = clock.nowMs();
  const waiting = (await unplacedRapidResponses(db, nowMs)).map(String);
  if (waiting.length === 0) return runs;
  if (await allStillUnplaceable(ctx, waiting, nowMs)) return runs;
  // Nothing is stored after an unplaceable request (and the clock is held): its input serves the next one.
  let reuse: TimedBuild | null = null;
  for (;;) {
    const startedMs = clock.nowMs();
    const kept: TimedBuild | null = reuse;
    reuse = null;
    const fresh: TimedBuild = kept !== null && kept.built.input.nowMs === startedMs ? kept : await ctx.build(startedMs);
    const { built, buildMs } = fresh;
    const { input } = built;
    const placed = new Set([...input.fixedBlocks.map((b) => b.requestId), ...built.planned.map((b) => b.requestId)]);
    const rr = input.requests.find((r) => built.rapidResponseIds.has(r.id) && !placed.has(r.id) && !attempted.has(r.id));
    if (!rr) return runs;
    attempted.add(rr.id);
    let schedule: Schedule | null = null;
    let solveMs = 0;
    try {
      const previous = warmStartSchedule(stillFeasible(input, built.planned), state.multipliers);
      const t0 = performance.now();
      const r = await ctx.rapidRunner.run({ kind: 'rapid', input, previous, rr });
      solveMs = performance.now() - t0;
      if (r.kind !== 'rapid') throw new Error('unexpected kernel answer');
      const res = r.result;
      schedule = res.schedule;
      if (res.block === null) {
        const why = `rapid-response request cannot be placed now (${res.reason ?? 'unknown'}): no stretch of its windows on an allowed telescope is visible, available and long enough`;
        const explanation: RequestExplanation = { requestId: rr.id, scheduled: false, reason: res.reason ?? 'no_fit_in_window', effectivePriority: effectivePriority(rr), candidateCount: 0, by: [], why };
        const run = await ctx.recorder.record({ kind: 'rapid_response', trigger, startedMs, input, times: { buildMs, solveMs, persistMs: 0 }, schedule: { ...schedule, blocks: [], explanations: [explanation] }, persisted: null, error: null, extraChanges: { rapidResponse: rr.id, reason: res.reason } });
        // Warn once per request (the console's stderr); the hourly retries that find the same go to the log file only.
        const fields = { request: rr.id, reason: res.reason };
        if (state.unplaceable.has(rr.id)) log.info('rapid-response request still cannot be placed', fields);
        else log.warn('rapid-response request cannot be placed', fields);
        state.unplaceable.set(rr.id, await readPlanState(db, clock.nowMs(), clock.nowMs(), ctx.holds.list()));
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
      const persisted = await ctx.withStoreLock(async () => {
        const out = await persistSchedule(db, ctx.view(), {
          input: checkInput,
          blocks,
          writeMs: clock.nowMs(),
          owns: ['NORMAL', 'TIME_CRITICAL', 'RAPID_RESPONSE'],
          reason: `rapid response ${rr.id}`,
          interruption: res.interrupted,
        });
        state.rrEpoch++;
        return out;
      });
      const persistMs = performance.now() - t1;
      const run = await ctx.recorder.record({ kind: 'rapid_response', trigger, startedMs, input, times: { buildMs, solveMs, persistMs }, schedule, persisted, error: null, extraChanges: { rapidResponse: rr.id, interrupted: res.interrupted, unplaced: res.unplaced } });
      log.info('rapid response placed', { run: run.id, request: rr.id, telescope: res.block.telescopeId, startMs: res.block.startMs, interrupted: res.interrupted?.requestId ?? null });
      ctx.recorder.announce(run, persisted.sites);
      runs.push(run);
    } catch (error) {
      if (ctx.stopped()) throw error;
      log.error('rapid-response run failed', { request: rr.id, error: errorText(error) });
      runs.push(await ctx.recorder.record({ kind: 'rapid_response', trigger, startedMs, input, times: { buildMs, solveMs, persistMs: 0 }, schedule, persisted: null, error: errorText(error), extraChanges: { rapidResponse: rr.id } }));
    }
  }
}
