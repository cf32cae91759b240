import { describe, expect, it } from 'vitest';
import { checkSchedule, ObjectiveCalculator, solveSchedule } from '../../../../src-main/scheduler/index';
import { makeWorkload } from '../../../fixtures/scheduler/workload';

describe('ObjectiveCalculator', () => {
  it('credits every block exactly the weight of its model candidate', () => {
    for (const seed of [3, 4, 5]) {
      const { input } = makeWorkload({ requests: 40, telescopes: 3, nights: 2, seed, sliceSec: 420 });
      const later = { ...input, nowMs: input.nowMs + 7 * 3_600_000 + 123_456 };
      const s = solveSchedule(later, { iterationLimit: 30 });
      expect(checkSchedule(later, s.blocks)).toEqual([]);
      expect(s.blocks.length).toBeGreaterThan(5);
      const calc = new ObjectiveCalculator(later);
      expect(calc.total(s.blocks)).toBeCloseTo(s.quality.objective, 6);
      // A start the model does not offer (one minute after a real one) is not a candidate.
      const b = s.blocks[0]!;
      expect(calc.weight({ ...b, startMs: b.startMs + 60_000, endMs: b.endMs + 60_000 })).toBeNull();
    }
  });
});
