import { describe, expect, it } from 'vitest';
import {
  displayRefreshWallMs,
  interpolateUtcMs,
  isClockStale,
  monotonicDisplayUtcMs,
} from '../../../src-renderer/lib/clock-interp';

const anchor = { utcMs: Date.parse('2026-11-21T22:00:00Z'), receivedWallMs: 10_000 };

describe('interpolateUtcMs', () => {
  it('advances at real time for speed 1', () => {
    expect(interpolateUtcMs(anchor, 10_750, 1)).toBe(anchor.utcMs + 750);
  });

  it('advances speed × elapsed wall time for a simulated clock', () => {
    expect(interpolateUtcMs(anchor, 10_500, 60)).toBe(anchor.utcMs + 30_000);
  });

  it('returns the tick itself at arrival and never goes before it', () => {
    expect(interpolateUtcMs(anchor, 10_000, 10)).toBe(anchor.utcMs);
    expect(interpolateUtcMs(anchor, 9_000, 10)).toBe(anchor.utcMs);
  });

  it('stops extrapolating after the limit when ticks stop', () => {
    expect(interpolateUtcMs(anchor, 10_000 + 60_000, 2, 5_000)).toBe(anchor.utcMs + 10_000);
  });

  it('treats a stopped or invalid speed as a frozen clock', () => {
    expect(interpolateUtcMs(anchor, 12_000, 0)).toBe(anchor.utcMs);
    expect(interpolateUtcMs(anchor, 12_000, -3)).toBe(anchor.utcMs);
    expect(interpolateUtcMs(anchor, 12_000, Number.NaN)).toBe(anchor.utcMs);
  });
});

describe('monotonicDisplayUtcMs', () => {
  it('holds the display when a tick lands slightly behind the extrapolation', () => {
    expect(monotonicDisplayUtcMs(1_000_500, 1_000_200, 1_500)).toBe(1_000_500);
  });
  it('follows a real jump backwards (simulated clock reset)', () => {
    expect(monotonicDisplayUtcMs(1_000_000, 900_000, 1_500)).toBe(900_000);
  });
  it('moves forward and starts from the first value', () => {
    expect(monotonicDisplayUtcMs(1_000, 2_000, 1_500)).toBe(2_000);
    expect(monotonicDisplayUtcMs(null, 5, 1_500)).toBe(5);
  });
});

describe('staleness and refresh period', () => {
  it('is stale without a tick, or when the tick is old', () => {
    expect(isClockStale(null, 0)).toBe(true);
    expect(isClockStale(anchor, 11_000, 3_500)).toBe(false);
    expect(isClockStale(anchor, 14_000, 3_500)).toBe(true);
  });
  it('refreshes faster for faster clocks, within 50–500 ms', () => {
    expect(displayRefreshWallMs(1)).toBe(500);
    expect(displayRefreshWallMs(5)).toBe(100);
    expect(displayRefreshWallMs(1000)).toBe(50);
    expect(displayRefreshWallMs(0)).toBe(500);
  });
});
