import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complement, intersect, normalize, subtract, totalMs, union, largest, intervalsWhere, type Interval } from '../../../src-shared/astro';

const arbList = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 200 })).map(([s, d]) => ({ startMs: s, endMs: s + d })),
  { maxLength: 8 },
);
const covers = (l: readonly Interval[], t: number) => l.some((i) => t >= i.startMs && t < i.endMs);

describe('interval algebra', () => {
  it('agrees pointwise with set semantics (property test)', () => {
    fc.assert(
      fc.property(arbList, arbList, (a, b) => {
        const u = union(a, b);
        const x = intersect(a, b);
        const d = subtract(a, b);
        // Membership only changes at an edge: probe every edge and the midpoints between edges.
        const edges = [...a, ...b].flatMap((i) => [i.startMs, i.endMs]).sort((p, q) => p - q);
        const probes = edges.flatMap((e, k) => [e, (e + (edges[k + 1] ?? e + 1)) / 2]);
        for (const t of probes) {
          if (covers(u, t) !== (covers(a, t) || covers(b, t))) return false;
          if (covers(x, t) !== (covers(a, t) && covers(b, t))) return false;
          if (covers(d, t) !== (covers(a, t) && !covers(b, t))) return false;
        }
        return [u, x, d].every((l) => JSON.stringify(normalize(l)) === JSON.stringify(l));
      }),
      { numRuns: 300 },
    );
  });
  it('complement, total and largest', () => {
    const l = [{ startMs: 10, endMs: 20 }, { startMs: 15, endMs: 30 }, { startMs: 40, endMs: 45 }];
    expect(normalize(l)).toEqual([{ startMs: 10, endMs: 30 }, { startMs: 40, endMs: 45 }]);
    expect(complement(l, 0, 50)).toEqual([{ startMs: 0, endMs: 10 }, { startMs: 30, endMs: 40 }, { startMs: 45, endMs: 50 }]);
    expect(totalMs(l)).toBe(25);
    expect(largest(l)).toEqual({ startMs: 10, endMs: 30 });
    expect(largest([])).toBeNull();
  });
});

describe('intervalsWhere', () => {
  it('finds edges of a known function to the tolerance', () => {
    // sin with roots at multiples of 1000·π ms.
    const got = intervalsWhere((t) => Math.sin(t / 1000), 1, 20_000, { stepMs: 700, toleranceMs: 0.01 });
    const expected = [1, 1000 * Math.PI, 2000 * Math.PI, 3000 * Math.PI, 4000 * Math.PI, 5000 * Math.PI, 6000 * Math.PI, 7000 * Math.PI];
    expect(got.length).toBe(4);
    got.forEach((i, k) => {
      expect(Math.abs(i.startMs - (expected[2 * k] as number))).toBeLessThan(0.02);
      expect(Math.abs(i.endMs - Math.min(20_000, expected[2 * k + 1] as number))).toBeLessThan(0.02);
    });
  });
  it('catches an excursion shorter than the sampling step', () => {
    // Positive except for a 40-ms dip centred at 5_520 (samples every 1000 ms straddle it).
    const got = intervalsWhere((t) => Math.abs(t - 5_520) - 20, 0, 10_000, { stepMs: 1000, toleranceMs: 0.01 });
    expect(got.length).toBe(2);
    expect(Math.abs((got[0] as Interval).endMs - 5_500)).toBeLessThan(0.05);
    expect(Math.abs((got[1] as Interval).startMs - 5_540)).toBeLessThan(0.05);
  });
});
