import { describe, expect, it } from 'vitest';
import {
  buildModel,
  checkSchedule,
  solveSchedule,
  solveWithHighs,
  type SchedulerInput,
} from '../../../../src-main/scheduler/index';
import { branchAndBound } from '../../../../src-main/scheduler/kernel/branch-and-bound';
import { DualEvaluator } from '../../../../src-main/scheduler/kernel/dual-init';
import { densityOrder, greedy } from '../../../../src-main/scheduler/kernel/greedy';
import { lagrangian } from '../../../../src-main/scheduler/kernel/lagrangian';
import { fixingMask, forcedBounds } from '../../../../src-main/scheduler/kernel/lagrangian-fixing';
import type { SliceModel } from '../../../../src-main/scheduler/kernel/model';
import { makeWorkload, rng } from '../../../fixtures/scheduler/workload';
import { loadHighs } from './helpers';

/** Relative tolerance of "equal objectives": HiGHS's own MIP gap is 1e-9; LP text keeps 17 digits. */
const REL_TOL = 1e-6;

const small = (seed: number): SchedulerInput =>
  makeWorkload({ requests: 14, telescopes: 2, nights: 1, seed }).input;

function lambdaOf(m: SliceModel, multipliers: Record<string, number>): Float64Array {
  return Float64Array.from(m.requestIds, (id) => multipliers[id] ?? 0);
}

describe('Lagrangian fixing (forced bounds) against HiGHS', () => {
  it('every candidate of the HiGHS optimum has a forced bound ≥ the optimum, for tuned and random λ', async () => {
    const highs = await loadHighs();
    let checked = 0;
    for (const seed of [3, 5, 8]) {
      const i = small(seed);
      const m = buildModel(i);
      const exact = solveWithHighs(m, highs, { timeLimitSec: 20 });
      expect(exact.status).toBe('Optimal');
      const opt = exact.objective;
      const s = solveSchedule(i, { iterationLimit: 300 });
      const rand = rng(seed);
      const lambdas = [lambdaOf(m, s.multipliers), Float64Array.from(m.requestIds, () => rand() * 800)];
      for (const lambda of lambdas) {
        const fb = forcedBounds(m, lambda);
        // The best forced bound is the plain Lagrangian bound L(λ) (its optimal path).
        let maxFb = -Infinity;
        for (const b of fb) maxFb = Math.max(maxFb, b);
        const L = new DualEvaluator(m).evaluate(lambda);
        expect(Math.abs(maxFb - L)).toBeLessThanOrEqual(1e-9 * L);
        for (let r = 0; r < m.requestIds.length; r++) {
          const c = exact.assignment!.reqCand[r]!;
          if (c < 0) continue;
          expect(fb[c]!).toBeGreaterThanOrEqual(opt - REL_TOL * opt);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('the model restricted to the kept candidates has the full model’s optimum', async () => {
    const highs = await loadHighs();
    for (const seed of [2, 6]) {
      const i = small(seed);
      const m = buildModel(i);
      const full = solveWithHighs(m, highs, { timeLimitSec: 20 });
      expect(full.status).toBe('Optimal');
      // A weak incumbent (greedy only) and its multipliers from a short run.
      const s = solveSchedule(i, { iterationLimit: 50 });
      const greedyRun = solveSchedule(i, { method: 'greedy' });
      const incumbent = { objective: greedyRun.quality.objective, reqCand: new Int32Array(m.requestIds.length).fill(-1) };
      const mask = fixingMask(m, lambdaOf(m, s.multipliers), incumbent);
      expect(mask.kept).toBeLessThanOrEqual(m.nCand);
      const reduced = solveWithHighs(m, highs, { timeLimitSec: 20, keep: mask.keep });
      expect(reduced.status).toBe('Optimal');
      expect(Math.abs(reduced.objective - full.objective)).toBeLessThanOrEqual(REL_TOL * full.objective);
    }
  });
});

describe('solveSchedule proves optimality through the reduced exact model', () => {
  it('flags optimal and matches HiGHS on the full model when only the reduced model is small enough', async () => {
    const highs = await loadHighs();
    const i = small(11);
    const m = buildModel(i);
    const full = solveWithHighs(m, highs, { timeLimitSec: 20 });
    expect(full.status).toBe('Optimal');
    // Cap the exact path below the full model's size: only Lagrangian fixing makes it eligible.
    const s = solveSchedule(i, { iterationLimit: 20, highs, exactMaxVariables: Math.floor(m.nCand * 0.999) });
    expect(checkSchedule(i, s.blocks)).toEqual([]);
    expect(s.quality.optimal).toBe(true);
    expect(s.quality.gap).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(s.quality.objective - full.objective)).toBeLessThanOrEqual(REL_TOL * full.objective);
    expect(s.quality.upperBound).toBeGreaterThanOrEqual(full.objective - REL_TOL * full.objective);
  });

  it('without HiGHS, the report never claims a proof it does not have', () => {
    for (const seed of [1, 4]) {
      const i = small(seed);
      const s = solveSchedule(i, { iterationLimit: 30 });
      if (s.quality.optimal) expect(s.quality.upperBound - s.quality.objective).toBeLessThanOrEqual(1e-9 * s.quality.upperBound);
      else expect(s.quality.gap).toBeGreaterThan(0);
    }
  });
});

describe('branch and bound over the Lagrangian (no HiGHS)', () => {
  /** Root: a short deterministic Lagrangian run, as solveSchedule does before the search. */
  function root(i: SchedulerInput) {
    const m = buildModel(i);
    const order = densityOrder(m);
    const lag = lagrangian(m, { shouldStop: () => false, iterationLimit: 200, incumbent: greedy(m, order), order });
    return { m, order, lag };
  }

  it('proves the HiGHS optimum of the full model on small random instances (node-capped, untimed)', async () => {
    const highs = await loadHighs();
    for (const seed of [1, 2, 3, 11]) {
      const i = small(seed);
      const { m, order, lag } = root(i);
      const exact = solveWithHighs(m, highs, { timeLimitSec: 20 });
      expect(exact.status).toBe('Optimal');
      const opt = exact.objective;
      const bb = branchAndBound(m, {
        incumbent: lag.best,
        lambda: lag.multipliers,
        rootBound: lag.upperBound,
        order,
        shouldStop: () => false,
        nodeLimit: 5000,
      });
      expect(bb.proven).toBe(true);
      expect(Math.abs(bb.best.objective - opt)).toBeLessThanOrEqual(REL_TOL * opt);
      expect(bb.upperBound).toBeGreaterThanOrEqual(opt - 1e-9 * opt);
      expect((bb.upperBound - bb.best.objective) / bb.upperBound).toBeLessThanOrEqual(REL_TOL);
    }
  });

  it('stopped early, it reports an open bound that is still valid and no proof', async () => {
    const highs = await loadHighs();
    const i = makeWorkload({ requests: 16, telescopes: 2, nights: 1, seed: 7 }).input;
    const { m, order, lag } = root(i);
    const exact = solveWithHighs(m, highs, { timeLimitSec: 30 });
    expect(exact.status).toBe('Optimal');
    const bb = branchAndBound(m, {
      incumbent: lag.best,
      lambda: lag.multipliers,
      rootBound: lag.upperBound,
      order,
      shouldStop: () => false,
      nodeLimit: 1,
    });
    expect(bb.upperBound).toBeGreaterThanOrEqual(exact.objective - 1e-9 * exact.objective);
    expect(bb.upperBound).toBeLessThanOrEqual(lag.upperBound);
    expect(bb.best.objective).toBeGreaterThanOrEqual(lag.best.objective);
    if (!bb.proven) expect(bb.upperBound).toBeGreaterThan(bb.best.objective);
  });
});
