import { describe, expect, it } from 'vitest';
import {
  buildModel,
  checkSchedule,
  earlyStartBonus,
  effectivePriority,
  insertRapidResponse,
  solveSchedule,
  solveWithHighs,
  type FixedBlock,
  type Schedule,
  type ScheduledBlock,
  type SchedulerInput,
  type SchedulerRequest,
} from '../../../../src-main/scheduler/index';
import { input, iv, loadHighs, MIN, req, T0 } from './helpers';

const tels = ['t1', 't2'];
const telescopes = tels.map((id) => ({ id, availability: [iv(0, 24 * 60)] }));

function rapid(opts: Partial<SchedulerRequest> & { visible?: ReturnType<typeof iv>[] } = {}): SchedulerRequest {
  return req('rr', opts.durationSec !== undefined ? opts.durationSec / 60 : 30, {
    observationType: 'RAPID_RESPONSE',
    tacPriority: 1000,
    tels: opts.telescopeIds ?? tels,
    ...opts,
  });
}

const running = (extra: Partial<FixedBlock> = {}): FixedBlock => ({
  requestId: 'run',
  telescopeId: 't1',
  startMs: T0 - 20 * MIN,
  endMs: T0 + 40 * MIN,
  kind: 'running',
  // Configuration boundaries of the running observation.
  safePointsMs: [T0 - 10 * MIN, T0 + 5 * MIN, T0 + 20 * MIN, T0 + 35 * MIN],
  ...extra,
});

/** The RR schedule must be feasible for nextInput (RR fixed) and the RR block for the RR request. */
function expectFeasible(i: SchedulerInput, rr: SchedulerRequest, res: ReturnType<typeof insertRapidResponse>): void {
  const others = res.schedule.blocks.filter((b) => b.requestId !== rr.id);
  expect(checkSchedule(res.nextInput, others)).toEqual([]);
  const withoutRrFixed = res.nextInput.fixedBlocks.filter((b) => b.requestId !== rr.id);
  expect(checkSchedule({ ...i, requests: [rr], fixedBlocks: withoutRrFixed }, [res.block!])).toEqual([]);
}

/** Σ candidate weights under buildModel(nextInput) (independent of the kernel's calculator) + RR's. */
function referenceObjective(res: ReturnType<typeof insertRapidResponse>, rr: SchedulerRequest): number {
  const m = buildModel(res.nextInput);
  let sum = effectivePriority(rr) + earlyStartBonus(0);
  for (const b of res.schedule.blocks) {
    if (b.requestId === rr.id) continue;
    const r = m.requestIds.indexOf(b.requestId);
    let w: number | null = null;
    for (let c = 0; c < m.nCand; c++)
      if (m.cReq[c] === r && m.telescopeIds[m.cTel[c]!] === b.telescopeId && m.cStartMs[c] === b.startMs) w = m.cWeight[c]!;
    expect(w, `block of ${b.requestId} is a candidate of nextInput`).not.toBeNull();
    sum += w!;
  }
  return sum;
}

const same = (a: ScheduledBlock, b: ScheduledBlock): boolean =>
  a.requestId === b.requestId && a.telescopeId === b.telescopeId && a.startMs === b.startMs && a.endMs === b.endMs;

describe('insertRapidResponse', () => {
  it('interrupts the running observation at its last configuration boundary before the RR start', () => {
    const rr = rapid({ telescopeIds: ['t1'], visible: [iv(12, 24 * 60)] });
    const i = input([req('a', 30)], { telescopes: [telescopes[0]!], fixedBlocks: [running()] });
    const prev = solveSchedule(i, { iterationLimit: 50 });
    const res = insertRapidResponse(i, prev, rr);
    expect(res.block).toEqual({ requestId: 'rr', telescopeId: 't1', startMs: T0 + 12 * MIN, endMs: T0 + 42 * MIN });
    // The configuration running 05–20 cannot finish before 12: abort at 05, not at 12.
    expect(res.interrupted).toMatchObject({ requestId: 'run', telescopeId: 't1', atMs: T0 + 5 * MIN, originalEndMs: T0 + 40 * MIN });
    expect(res.interrupted!.reason).toContain('rr');
    const cut = res.nextInput.fixedBlocks.find((b) => b.requestId === 'run')!;
    expect(cut.endMs).toBe(T0 + 5 * MIN);
    expectFeasible(i, rr, res);
  });

  it('starts at the first safe point when visible now, and at now when the block has no safe points', () => {
    const rr = rapid({ telescopeIds: ['t1'] });
    const i = input([], { telescopes: [telescopes[0]!], fixedBlocks: [running()] });
    const res = insertRapidResponse(i, solveSchedule(i), rr);
    expect(res.block!.startMs).toBe(T0 + 5 * MIN);
    expect(res.interrupted!.atMs).toBe(T0 + 5 * MIN);

    const j = input([], { telescopes: [telescopes[0]!], fixedBlocks: [running({ safePointsMs: [] })] });
    const res2 = insertRapidResponse(j, solveSchedule(j), rr);
    expect(res2.block!.startMs).toBe(T0);
    expect(res2.interrupted!.atMs).toBe(T0);
    expect(res2.nextInput.fixedBlocks.find((b) => b.requestId === 'run')!.endMs).toBe(T0);
  });

  it('never pre-empts a running RR or a DIRECT block, and prefers a telescope with nothing to interrupt', () => {
    const rr = rapid();
    const fixed: FixedBlock[] = [
      running({ rapidResponse: true, safePointsMs: [] }),
      { requestId: null, telescopeId: 't2', startMs: T0, endMs: T0 + 25 * MIN, kind: 'direct' },
    ];
    const i = input([], { telescopes, fixedBlocks: fixed });
    const res = insertRapidResponse(i, solveSchedule(i), rr);
    expect(res.block).toMatchObject({ telescopeId: 't2', startMs: T0 + 25 * MIN });
    expect(res.interrupted).toBeNull();

    // Same earliest start on both: the one without an interruption wins.
    const j = input([], { telescopes, fixedBlocks: [running({ safePointsMs: [] })] });
    const res2 = insertRapidResponse(j, solveSchedule(j), rr);
    expect(res2.block).toMatchObject({ telescopeId: 't2', startMs: T0 });
    expect(res2.interrupted).toBeNull();
  });

  it('stays inside its window and visibility', () => {
    const rr = rapid({ windows: [iv(60, 180)], visibility: { t1: [iv(100, 200)], t2: [iv(0, 24 * 60)] } });
    const i = input([], { telescopes, fixedBlocks: [{ requestId: null, telescopeId: 't2', startMs: T0, endMs: T0 + 70 * MIN, kind: 'direct' }] });
    const res = insertRapidResponse(i, solveSchedule(i), rr);
    expect(res.block).toMatchObject({ telescopeId: 't2', startMs: T0 + 70 * MIN });
    expectFeasible(i, rr, res);
    const late = rapid({ windows: [iv(60, 80)] });
    expect(insertRapidResponse(i, solveSchedule(i), late)).toMatchObject({ block: null, reason: 'no_fit_in_window' });
  });

  it('moves only the blocks in its way; objective and bound are exact', async () => {
    const requests = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, k) =>
      req(id, 25 + 10 * k, { tels, tacPriority: 10 + k, visible: [iv(0, 300)] }),
    );
    const i = input(requests, { telescopes, horizon: iv(0, 300) });
    const prev: Schedule = solveSchedule(i, { iterationLimit: 500 });
    const rr = rapid({ telescopeIds: ['t1'], visible: [iv(40, 300)] });
    const res = insertRapidResponse(i, prev, rr);
    expect(res.block).toMatchObject({ telescopeId: 't1', startMs: T0 + 40 * MIN });
    expectFeasible(i, rr, res);
    const inWay = prev.blocks.filter((b) => b.telescopeId === 't1' && b.startMs < res.block!.endMs && b.endMs > res.block!.startMs);
    expect(inWay.length).toBeGreaterThan(0);
    for (const b of prev.blocks) {
      if (inWay.includes(b)) continue;
      expect(res.schedule.blocks.some((x) => same(x, b)), `${b.requestId} unchanged`).toBe(true);
    }
    for (const b of inWay) {
      const now = res.schedule.blocks.find((x) => x.requestId === b.requestId);
      expect(now === undefined ? res.unplaced.includes(b.requestId) : !same(now, b)).toBe(true);
    }
    expect(res.schedule.quality.objective).toBeCloseTo(referenceObjective(res, rr), 9);
    // The bound is valid: at least HiGHS's optimum of the rest plus the RR's weight.
    const exact = solveWithHighs(buildModel(res.nextInput), await loadHighs(), { timeLimitSec: 20 });
    expect(exact.status).toBe('Optimal');
    const rrWeight = effectivePriority(rr) + earlyStartBonus(0);
    expect(res.schedule.quality.upperBound).toBeGreaterThanOrEqual(exact.objective + rrWeight - 1e-6);
    expect(res.schedule.quality.objective).toBeLessThanOrEqual(exact.objective + rrWeight + 1e-6);
  });
});
