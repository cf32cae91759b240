import { Assignment } from './assignment';
import { solveWithHighs, type HighsLike } from './exact';
import { explain } from './explain';
import { densityOrder, greedy } from './greedy';
import { lagrangian, trivialBound } from './lagrangian';
import { branchAndBound } from './branch-and-bound';
import { fixingMask } from './lagrangian-fixing';
import { improveStarts, insertionPass, localSearch } from './local-search';
import { buildModel, schedulableCount, type SliceModel } from './model';
import type { QualityReport, Schedule, ScheduledBlock, SchedulerInput, SolveMethod } from './types';

export const DEFAULT_TIME_LIMIT_MS = 10_000;
/** Share of the time limit the Lagrangian may use before a small model goes to HiGHS. */
const EXACT_LAGRANGIAN_SHARE = 0.25;
/** Largest model (candidates) searched by the kernel's own branch and bound. */
export const DEFAULT_BB_MAX_VARIABLES = 20_000;
/** Default cap on the branch and bound's wall time, ms (re-plans stay quick). */
export const DEFAULT_BB_MAX_MS = 1_000;
/** Nodes the branch and bound may open when `iterationLimit` makes the run deterministic. */
const DETERMINISTIC_BB_NODES = 100;

export interface SolveOptions {
  /** 'greedy' only, or the full solver ('auto', default). */
  method?: 'auto' | 'greedy';
  /** Cap on Lagrangian iterations; with it a run is deterministic whatever the machine speed. */
  iterationLimit?: number;
  /**
   * Monotonic stopwatch in ms used only to honour the time limit (default `performance.now`).
   * Never influences anything but when to stop.
   */
  stopwatchMs?: () => number;
  /** When given, models with at most `exactMaxVariables` variables are also solved by HiGHS. */
  highs?: HighsLike;
  /** Largest model (binary variables) handed to HiGHS for a proof; default 3000. */
  exactMaxVariables?: number;
  /**
   * Models with at most this many candidates (default 20 000) go through the kernel's branch and
   * bound after the Lagrangian when not yet proven optimal; 0 turns it off.
   */
  bbMaxVariables?: number;
  /** Cap on the branch and bound's wall time, ms (default 1 000; always within the time limit). */
  bbMaxMs?: number;
  /** Warm start: blocks to keep if still feasible, and multipliers per request id. */
  warmStart?: { blocks: readonly ScheduledBlock[]; multipliers?: Readonly<Record<string, number>> };
  /** Method name to report (used by replan). */
  reportAs?: SolveMethod;
}

const defaultStopwatch = (): number => performance.now();

/** Places the given blocks (same request, telescope and start as a candidate) when they still fit. */
export function seedAssignment(m: SliceModel, blocks: readonly ScheduledBlock[]): Assignment {
  const a = new Assignment(m);
  const reqIndex = new Map(m.requestIds.map((id, i) => [id, i]));
  for (const b of blocks) {
    const r = reqIndex.get(b.requestId);
    if (r === undefined || a.reqCand[r]! >= 0) continue;
    for (let i = m.rOff[r]!; i < m.rOff[r + 1]!; i++) {
      const c = m.rCand[i]!;
      if (m.cStartMs[c] === b.startMs && m.telescopeIds[m.cTel[c]!] === b.telescopeId) {
        if (a.canPlace(c)) a.place(c);
        break;
      }
    }
  }
  return a;
}

/** Blocks of an assignment, sorted by telescope then start. */
export function toBlocks(m: SliceModel, a: Assignment): ScheduledBlock[] {
  const blocks: ScheduledBlock[] = [];
  for (let r = 0; r < m.requestIds.length; r++) {
    const c = a.reqCand[r]!;
    if (c < 0) continue;
    blocks.push({
      requestId: m.requestIds[r]!,
      telescopeId: m.telescopeIds[m.cTel[c]!]!,
      startMs: m.cStartMs[c]!,
      endMs: m.cStartMs[c]! + m.durationMs[r]!,
    });
  }
  return blocks.sort((x, y) =>
    x.telescopeId < y.telescopeId ? -1 : x.telescopeId > y.telescopeId ? 1 : x.startMs - y.startMs,
  );
}

function gapOf(objective: number, upperBound: number): number {
  return upperBound > 0 ? Math.max(0, (upperBound - objective) / upperBound) : 0;
}

/**
 * Schedules `input`: greedy warm start → Lagrangian relaxation with repair and local search
 * (→ HiGHS for small models when given) within `input.timeLimitMs`. Always returns a feasible
 * schedule, with explanations and a quality report against the proven upper bound.
 */
export function solveSchedule(input: SchedulerInput, options: SolveOptions = {}): Schedule {
  const stopwatch = options.stopwatchMs ?? defaultStopwatch;
  const t0 = stopwatch();
  const limitMs = input.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  // The search stops early enough to leave time for the final polish and the explanations.
  const searchMs = limitMs - Math.min(0.1 * limitMs, 1000);
  const shouldStop = (): boolean => stopwatch() - t0 >= searchMs;
  const m = buildModel(input);
  const order = densityOrder(m);
  const base = greedy(m, order);
  const greedyObjective = base.objective;

  let best = base;
  let upperBound = trivialBound(m);
  let iterations = 0;
  let timedOut = false;
  let method: SolveMethod = 'greedy';
  let optimal = false;
  let lambda: Float64Array | undefined;

  if (options.warmStart !== undefined) {
    // Previous blocks that still fit, then the freed time filled: cheap (no ejection moves), so
    // that the budget goes to the search itself.
    const seeded = seedAssignment(m, options.warmStart.blocks);
    insertionPass(seeded, order);
    improveStarts(seeded);
    if (seeded.objective > best.objective) best = seeded;
    const mult = options.warmStart.multipliers;
    if (mult !== undefined) lambda = Float64Array.from(m.requestIds, (id) => mult[id] ?? 0);
  }

  const maxVars = options.exactMaxVariables ?? 3000;
  const exactEligible = options.highs !== undefined && m.nCand <= maxVars;
  // A small model goes to HiGHS for the proof: the Lagrangian gets at most a share of the budget
  // so that the exact solve has time to finish.
  const lagrangianStop = exactEligible ? (): boolean => stopwatch() - t0 >= Math.min(searchMs, EXACT_LAGRANGIAN_SHARE * limitMs) : shouldStop;

  if ((options.method ?? 'auto') === 'auto') {
    const res = lagrangian(m, {
      shouldStop: lagrangianStop,
      iterationLimit: options.iterationLimit ?? Number.MAX_SAFE_INTEGER,
      incumbent: best,
      order,
      ...(lambda ? { initialMultipliers: lambda, initialStepFactor: 0.1 } : {}),
    });
    best = res.best;
    upperBound = res.upperBound;
    iterations = res.iterations;
    timedOut = res.timedOut;
    lambda = res.multipliers;
    method = 'lagrangian';
    localSearch(best, order, lagrangianStop);
    optimal = gapOf(best.objective, upperBound) <= 1e-9;

    // Lagrangian fixing: only candidates whose forced bound reaches the incumbent can be part of a
    // better schedule; the rest are dropped from the exact model without losing the optimum.
    // One forward and one backward sweep: skipped on large models without HiGHS (after the search
    // deadline every millisecond counts there).
    const bbMaxVars = options.bbMaxVariables ?? DEFAULT_BB_MAX_VARIABLES;
    const wantFix = options.highs !== undefined || m.nCand <= bbMaxVars;
    const fix = lambda !== undefined && !optimal && wantFix ? fixingMask(m, lambda, best) : null;
    if (fix !== null && fix.incumbentOnly) {
      // Every schedule at least as good as ours uses only our own blocks: ours is optimal.
      upperBound = best.objective;
      optimal = true;
    }
    const exactVars = fix?.kept ?? m.nCand;
    if (!optimal && options.highs !== undefined && (exactEligible || exactVars <= maxVars) && !shouldStop()) {
      // What is left of the budget, minus the margin kept for explanations.
      const remainingSec = (searchMs - (stopwatch() - t0)) / 1000;
      let ex: ReturnType<typeof solveWithHighs> | null;
      try {
        ex = solveWithHighs(m, options.highs, {
          timeLimitSec: remainingSec,
          ...(fix !== null ? { keep: fix.keep } : {}),
        });
      } catch {
        // A failing WASM solve leaves the Lagrangian result, whose bound is valid on its own.
        ex = null;
      }
      if (ex !== null) {
        if (ex.optimal && ex.assignment !== null) timedOut = false;
        else if (ex.status === 'Time limit reached') timedOut = true;
        if (ex.assignment !== null && ex.assignment.objective >= best.objective - 1e-9) {
          best = ex.assignment;
          method = 'exact';
        }
        if (ex.optimal && ex.assignment !== null) {
          // HiGHS proved its incumbent optimal (relative MIP gap 1e-9) on a model that holds every
          // schedule at least as good as ours; ours is at least as good as its.
          upperBound = Math.min(upperBound, Math.max(best.objective, ex.objective));
          optimal = gapOf(best.objective, upperBound) <= 1e-9;
        }
      }
    }
  }

  if (method !== 'greedy' && !optimal && lambda !== undefined && m.nCand <= (options.bbMaxVariables ?? DEFAULT_BB_MAX_VARIABLES) && !shouldStop()) {
    const bbStart = stopwatch();
    const bbMs = options.bbMaxMs ?? DEFAULT_BB_MAX_MS;
    const bb = branchAndBound(m, {
      incumbent: best,
      lambda,
      rootBound: upperBound,
      order,
      shouldStop: () => shouldStop() || stopwatch() - bbStart >= bbMs,
      ...(options.iterationLimit !== undefined ? { nodeLimit: DETERMINISTIC_BB_NODES } : {}),
    });
    if (bb.best.objective > best.objective) best = bb.best;
    upperBound = Math.min(upperBound, bb.upperBound);
    if (bb.proven) {
      // Optimal within the search's relative tolerance (1e-6); the bound reported is the largest
      // closed subtree's, so the gap shown is the true remaining one.
      optimal = true;
      method = 'exact';
    }
    // Only the input's time limit counts as a time-out (the search's own cap is a design choice).
    if (bb.timedOut && shouldStop()) timedOut = true;
  }

  const finalUb = Math.max(upperBound, best.objective);
  const quality: QualityReport = {
    objective: best.objective,
    upperBound: finalUb,
    gap: gapOf(best.objective, finalUb),
    greedyObjective,
    solveMs: stopwatch() - t0,
    method: options.reportAs ?? method,
    optimal,
    variables: m.nCand,
    schedulableRequests: schedulableCount(m),
    iterations,
    timedOut,
  };
  const multipliers: Record<string, number> = {};
  if (lambda)
    for (let r = 0; r < m.requestIds.length; r++) if (lambda[r]! > 0) multipliers[m.requestIds[r]!] = lambda[r]!;
  return { blocks: toBlocks(m, best), explanations: explain(m, best), quality, multipliers };
}
