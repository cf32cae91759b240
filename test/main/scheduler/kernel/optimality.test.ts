import { describe, expect, it } from 'vitest';
import {
  buildModel,
  checkSchedule,
  solveSchedule,
  solveWithHighs,
  type Schedule,
  type SchedulerInput,
} from '../../../../src-main/scheduler/index';
import { makeWorkload } from '../../../fixtures/scheduler/workload';
import { HOUR, input, iv, loadHighs, req, T0, MIN } from './helpers';

/** Deterministic solver run (iteration cap instead of wall-clock). */
const solve = (i: SchedulerInput): Schedule => solveSchedule(i, { iterationLimit: 3000 });

/** HiGHS's proven optimum of the same slice model (reference). */
async function optimum(i: SchedulerInput): Promise<number> {
  const res = solveWithHighs(buildModel(i), await loadHighs(), { timeLimitSec: 20 });
  expect(res.status).toBe('Optimal');
  return res.objective;
}

const explanation = (s: Schedule, id: string) => s.explanations.find((e) => e.requestId === id)!;

/** Objective equals the HiGHS optimum (relative 1e-9), the bound is valid, the schedule feasible. */
async function expectOptimal(i: SchedulerInput): Promise<Schedule> {
  const s = solve(i);
  const opt = await optimum(i);
  expect(checkSchedule(i, s.blocks)).toEqual([]);
  expect(Math.abs(s.quality.objective - opt)).toBeLessThanOrEqual(1e-9 * Math.max(1, opt));
  expect(s.quality.upperBound).toBeGreaterThanOrEqual(opt - 1e-6);
  return s;
}

describe('solveSchedule on hand-made inputs with a known optimum', () => {
  it('conflict: the higher priority wins and the loser names it', async () => {
    const i = input([req('low', 60, { tacPriority: 10 }), req('high', 60, { tacPriority: 20 })], {
      requests: [
        req('low', 60, { tacPriority: 10, visible: [iv(0, 60)] }),
        req('high', 60, { tacPriority: 20, visible: [iv(0, 60)] }),
      ],
    });
    const s = await expectOptimal(i);
    expect(s.blocks.map((b) => b.requestId)).toEqual(['high']);
    const low = explanation(s, 'low');
    expect(low.scheduled).toBe(false);
    if (!low.scheduled) {
      expect(low.reason).toBe('outcompeted');
      expect(low.by).toEqual(['high']);
    }
  });

  it('beats the density greedy when two medium requests outweigh one dense one', async () => {
    // 120 visible minutes. A: 70 min × 20/min = 1400 (densest). B, C: 60 min × 19/min = 1140 each.
    const visible = [iv(0, 120)];
    const i = input([
      req('A', 70, { ippValue: 2, visible }),
      req('B', 60, { ippValue: 1.9, visible }),
      req('C', 60, { ippValue: 1.9, visible }),
    ]);
    const s = await expectOptimal(i);
    expect(s.quality.greedyObjective).toBeLessThan(s.quality.objective);
    expect(s.blocks.map((b) => b.requestId).sort()).toEqual(['B', 'C']);
    expect(s.quality.optimal).toBe(true);
  });

  it('windows at the horizon edges: a window exactly as long as the duration, unaligned', async () => {
    const i = input([
      req('late', 30, { windows: [iv(24 * 60 - 30, 24 * 60)] }),
      req('early', 17, { windows: [iv(3, 20)] }),
      req('past', 10, { windows: [iv(-60, -5)] }),
    ]);
    const s = await expectOptimal(i);
    const late = s.blocks.find((b) => b.requestId === 'late')!;
    expect(late.startMs).toBe(T0 + (24 * 60 - 30) * MIN);
    expect(s.blocks.find((b) => b.requestId === 'early')!.startMs).toBe(T0 + 3 * MIN);
    expect(explanation(s, 'past')).toMatchObject({ scheduled: false, reason: 'outside_horizon' });
  });

  it('MANY group: children are independent and may use different telescopes', async () => {
    const tels = ['t1', 't2'];
    const visible = [iv(0, 60)];
    const i = input(
      [
        req('m1', 60, { groupId: 'G', operator: 'MANY', tels, visible }),
        req('m2', 60, { groupId: 'G', operator: 'MANY', tels, visible }),
        req('m3', 60, { groupId: 'G', operator: 'MANY', tels, visible, tacPriority: 5 }),
      ],
      { telescopes: tels.map((id) => ({ id, availability: [iv(0, 24 * 60)] })) },
    );
    const s = await expectOptimal(i);
    expect(s.blocks.map((b) => b.requestId).sort()).toEqual(['m1', 'm2']);
    expect(new Set(s.blocks.map((b) => b.telescopeId)).size).toBe(2);
    expect(explanation(s, 'm3')).toMatchObject({ scheduled: false, reason: 'outcompeted' });
  });

  it('fixed blocks: running and DIRECT observations are respected and not re-planned', async () => {
    const i = input(
      [
        req('run', 30, { visible: [iv(0, 90)] }),
        req('b', 30, { visible: [iv(0, 90)] }),
        req('c', 40, { visible: [iv(0, 90)] }),
      ],
      {
        fixedBlocks: [
          { requestId: 'run', telescopeId: 't1', startMs: T0 - 10 * MIN, endMs: T0 + 20 * MIN, kind: 'running' },
          { requestId: null, telescopeId: 't1', startMs: T0 + 50 * MIN, endMs: T0 + 60 * MIN, kind: 'direct' },
        ],
      },
    );
    const s = await expectOptimal(i);
    expect(explanation(s, 'run')).toMatchObject({ scheduled: false, reason: 'running' });
    // Free: 20–50 (30 min) and 60–90 (30 min): b fits, c (40 min) cannot.
    expect(s.blocks.map((b) => b.requestId)).toEqual(['b']);
    expect(explanation(s, 'c')).toMatchObject({ scheduled: false, reason: 'no_fit_in_window' });
  });

  it('downtime and visibility give their own reasons', async () => {
    const i = input(
      [
        req('down', 30, { visible: [iv(60, 120)] }),
        req('never', 30, { visible: [], windows: [iv(0, 600)] }),
        req('ok', 30, { visible: [iv(100, 300)] }),
        req('nowhere', 30, { tels: ['t9'] }),
      ],
      { telescopes: [{ id: 't1', availability: [iv(0, 50), iv(130, 24 * 60)] }] },
    );
    const s = await expectOptimal(i);
    expect(explanation(s, 'down')).toMatchObject({ scheduled: false, reason: 'telescope_unavailable' });
    expect(explanation(s, 'never')).toMatchObject({ scheduled: false, reason: 'not_visible' });
    expect(explanation(s, 'nowhere')).toMatchObject({ scheduled: false, reason: 'no_telescope' });
    expect(s.blocks.find((b) => b.requestId === 'ok')!.startMs).toBe(T0 + 130 * MIN);
  });
});

describe('solveSchedule against HiGHS on random small workloads', () => {
  it('reaches the proven optimum within 0.5 % and its bound is never below it nor weaker than the LP bound', async () => {
    const highs = await loadHighs();
    let worst = 1;
    for (const seed of [1, 2, 3, 4]) {
      const { input: i } = makeWorkload({ requests: 12, telescopes: 2, nights: 1, seed });
      const s = solve(i);
      const m = buildModel(i);
      const exact = solveWithHighs(m, highs, { timeLimitSec: 20 });
      const lp = solveWithHighs(m, highs, { timeLimitSec: 20, relax: true });
      expect(exact.status).toBe('Optimal');
      expect(checkSchedule(i, s.blocks)).toEqual([]);
      expect(s.quality.objective).toBeLessThanOrEqual(exact.objective + 1e-6);
      // The bound is valid (≥ the proven optimum) and never weaker than the LP bound it starts
      // from (the branch and bound may only tighten it).
      expect(s.quality.upperBound).toBeGreaterThanOrEqual(exact.objective - 1e-6 * exact.objective);
      expect(s.quality.upperBound).toBeLessThanOrEqual(lp.objective + 1e-3 * lp.objective);
      worst = Math.min(worst, s.quality.objective / exact.objective);
    }
    expect(worst).toBeGreaterThanOrEqual(0.995);
  });

  it('uses HiGHS to prove optimality of small models when given', async () => {
    const { input: i } = makeWorkload({ requests: 10, telescopes: 2, nights: 1, seed: 9 });
    const s = solveSchedule(i, { iterationLimit: 5, highs: await loadHighs() });
    expect(s.quality.optimal).toBe(true);
    expect(s.quality.objective).toBeCloseTo(await optimum(i), 6);
    expect(checkSchedule(i, s.blocks)).toEqual([]);
    void HOUR;
  });
});
