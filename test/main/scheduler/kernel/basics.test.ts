import { describe, expect, it } from 'vitest';
import { effectivePriority, MAX_EFFECTIVE_PRIORITY } from '../../../../src-main/scheduler/index';
import { intersect, normalize, subtract } from '../../../../src-main/scheduler/kernel/intervals';
import { buildModel } from '../../../../src-main/scheduler/index';
import { input, iv, req, T0, MIN } from './helpers';

describe('effectivePriority (OCS §9.4)', () => {
  it('weights NORMAL by tac × ipp × minutes, TC by tac × 6000, RR by tac, capped', () => {
    expect(
      effectivePriority({ observationType: 'NORMAL', tacPriority: 20, ippValue: 1.5, durationSec: 1800 }),
    ).toBeCloseTo(900, 9);
    expect(
      effectivePriority({ observationType: 'TIME_CRITICAL', tacPriority: 20, ippValue: 1.5, durationSec: 1800 }),
    ).toBe(120_000);
    expect(
      effectivePriority({ observationType: 'RAPID_RESPONSE', tacPriority: 20, ippValue: 1.5, durationSec: 1800 }),
    ).toBe(20);
    expect(
      effectivePriority({ observationType: 'TIME_CRITICAL', tacPriority: 100, ippValue: 1, durationSec: 60 }),
    ).toBe(MAX_EFFECTIVE_PRIORITY);
  });
});

describe('intervals', () => {
  it('normalizes, intersects and subtracts', () => {
    const a = normalize([iv(10, 20), iv(0, 5), iv(4, 8)]);
    expect(a).toEqual([iv(0, 8), iv(10, 20)]);
    expect(intersect(a, [iv(6, 12)])).toEqual([iv(6, 8), iv(10, 12)]);
    expect(subtract(a, [iv(2, 3), iv(7, 11)])).toEqual([iv(0, 2), iv(3, 7), iv(11, 20)]);
  });
});

describe('buildModel candidates (OCS possible starts)', () => {
  it('starts at the window start, then at slice boundaries, while the duration fits', () => {
    // Visible 00:02–00:30, 10-min request, 5-min slices: starts 00:02, 00:05, …, 00:20.
    const m = buildModel(input([req('a', 10, { visible: [iv(2, 30)] })]));
    const starts = Array.from(m.cStartMs)
      .map((t) => (t - T0) / MIN)
      .sort((x, y) => x - y);
    expect(starts).toEqual([2, 5, 10, 15, 20]);
    // The first (unaligned) start occupies slices 0..2 (00:00–00:15).
    const first = Array.from(m.cStartMs).indexOf(T0 + 2 * MIN);
    expect([m.cStartSlice[first], m.cEndSlice[first]]).toEqual([0, 3]);
    // Early-start tie-break: 0.1 / (k + 1).
    expect(m.cWeight[first]! - m.priority[0]!).toBeCloseTo(0.1, 12);
  });
});
