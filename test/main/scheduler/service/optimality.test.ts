/**
 * The service proves the demo observatory's schedule optimal (HiGHS on the full slice model within
 * the time limit) and reports `optimal` only when it is: checked against an independent exact solve
 * of the very input the run used.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildModel, solveWithHighs } from '../../../../src-main/scheduler';
import { loadHighs } from '../kernel/helpers';
import { startDemo, type DemoFixture } from './fixture';

/** HiGHS's relative MIP gap in the reference solve. */
const REL_TOL = 1e-9;

describe('scheduler service: proven optimality on a small observatory', () => {
  let f: DemoFixture;
  beforeEach(async () => {
    f = await startDemo();
  });
  afterEach(() => f.close());

  it('the demo (≈ 3100 variables, above the kernel’s default exact limit) is proven optimal, and the objective is the optimum', async () => {
    const s = f.service({ leadMs: 0 });
    const run = await s.runNow('test');
    const input = s.lastInput();
    if (!input) throw new Error('no input');
    const m = buildModel(input);
    expect(m.nCand).toBeGreaterThan(3000);
    const exact = solveWithHighs(m, await loadHighs(), { timeLimitSec: 60 });
    expect(exact.status).toBe('Optimal');
    expect(run.optimal).toBe(true);
    expect(Math.abs(run.objective - exact.objective)).toBeLessThanOrEqual(REL_TOL * exact.objective);
    expect(run.upperBound).toBeGreaterThanOrEqual(exact.objective * (1 - REL_TOL));
  });

  it('without the exact solve it says optimal only when its own bound closes the gap', async () => {
    const s = f.service({ leadMs: 0, exactMaxVariables: 0 });
    const run = await s.runNow('test');
    const input = s.lastInput();
    if (!input) throw new Error('no input');
    const exact = solveWithHighs(buildModel(input), await loadHighs(), { timeLimitSec: 60 });
    expect(run.method).not.toBe('exact');
    expect(run.optimal).toBe(run.gap <= 1e-9);
    // The bound is a bound, and the objective never exceeds the optimum.
    expect(run.upperBound).toBeGreaterThanOrEqual(exact.objective * (1 - REL_TOL));
    expect(run.objective).toBeLessThanOrEqual(exact.objective * (1 + REL_TOL));
  });
});
