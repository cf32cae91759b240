import { performance } from 'node:perf_hooks';
import type { Schedule, SchedulerInput } from '../kernel';
import { errorText, type PassContext } from './pass-context';
import { persistSchedule } from './persist';
import { planChange, readPlanState } from './plan-state';
import type { RunSummary } from './runs-repo';
import { stillFeasible, warmStartSchedule } from './warm-start';

/** How often a normal run is solved again because rapid responses were stored during it. */
const MAX_NORMAL_RETRIES = 3;

/**
 * One normal pass (OCS normal + time-critical loop): build at now + lead, solve warm-started from
 * the stored plan, store, record, announce. Never throws except after stop(): failures are
 * recorded as failed runs. `skippable`: the pass may return the standing run instead of solving
 * when nothing the stored (proven optimal) plan stands on has changed.
 */
export async function normalPass(ctx: PassContext, trigger: string, attempt = 0, skippable = false): Promise<RunSummary> {
  const { db, clock, log, state } = ctx;
  const startedMs = clock.nowMs();
  if (skippable && state.stood !== null && attempt === 0) {
    const now = await readPlanState(db, startedMs, state.stood.state.atMs, ctx.holds.list());
    const why = planChange(state.stood.state, now, ctx.minEarlyMs);
    if (why === null) {
      state.skippedPasses++;
      log.debug('re-plan skipped: the stored plan still stands', { trigger });
      return state.stood.run;
    }
    log.info('re-plan due', { trigger, why });
  }
  state.stood = null;
  const epochAtBuild = state.rrEpoch;
  const { built, buildMs } = await ctx.build(startedMs + ctx.leadMs);
  // RAPID_RESPONSE requests belong to the rapid-response pass (their observations are fixed here).
  const input: SchedulerInput = { ...built.input, requests: built.input.requests.filter((r) => !built.rapidResponseIds.has(r.id)) };
  state.lastBuilt = input;
  let schedule: Schedule | null = null;
  let solveMs = 0;
  try {
    const planned = stillFeasible(input, built.planned);
    const previous = planned.length > 0 ? warmStartSchedule(planned, state.multipliers) : null;
    const t0 = performance.now();
    const r = await ctx.runner.run({ kind: 'solve', input, previous, exactMaxVariables: ctx.exactMaxVariables });
    solveMs = performance.now() - t0;
    if (r.kind !== 'solve') throw new Error('unexpected kernel answer');
    schedule = r.schedule;
    const t1 = performance.now();
    const blocks = schedule.blocks;
    const persisted = await ctx.withStoreLock(() =>
      // A rapid response stored meanwhile is not in this input: solving again beats overwriting it.
      state.rrEpoch !== epochAtBuild
        ? Promise.resolve(null)
        : persistSchedule(db, ctx.view(), {
            input,
            blocks,
            writeMs: clock.nowMs(),
            owns: ['NORMAL', 'TIME_CRITICAL'],
            reason: `scheduler (${trigger})`,
            readAfter: (trx) => readPlanState(trx, clock.nowMs(), clock.nowMs(), ctx.holds.list()),
          }),
    );
    if (persisted === null) {
      if (attempt < MAX_NORMAL_RETRIES) {
        log.info('normal run superseded by a rapid response; solving again', { trigger });
        return await normalPass(ctx, trigger, attempt + 1);
      }
      // Never store a plan that ignores a stored rapid response: leave it to the next run.
      ctx.request('superseded');
      throw new Error('superseded by rapid responses during every attempt; a re-plan is queued');
    }
    const persistMs = performance.now() - t1;
    state.multipliers = schedule.multipliers;
    const run = await ctx.recorder.record({ kind: 'normal', trigger, startedMs, input, times: { buildMs, solveMs, persistMs }, schedule, persisted, error: null, extraChanges: { skippedRequests: built.skipped } });
    // Only a proven optimum may stand in for the solves it skips.
    if (schedule.quality.optimal && persisted.after) state.stood = { state: persisted.after, run };
    log.info('schedule stored', { run: run.id, trigger, blocks: run.blockCount, created: run.createdCount, canceled: run.canceledCount, gap: run.gap, buildMs: Math.round(buildMs), solveMs: Math.round(solveMs) });
    ctx.recorder.announce(run, persisted.sites.length > 0 ? persisted.sites : [...new Set(input.telescopes.map((t) => t.id.split('.')[0] ?? ''))]);
    return run;
  } catch (error) {
    // A solve cut short by stop() is not a failed run worth recording.
    if (ctx.stopped()) throw error;
    log.error('scheduler run failed', { trigger, error: errorText(error) });
    return ctx.recorder.record({ kind: 'normal', trigger, startedMs, input, times: { buildMs, solveMs, persistMs: 0 }, schedule, persisted: null, error: errorText(error) });
  }
}
