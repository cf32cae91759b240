import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../src-renderer/lib/backoff';

const opts = { baseMs: 500, maxMs: 10_000, jitter: 0.2 };
const mid = (): number => 0.5; // factor exactly 1

describe('backoffDelayMs', () => {
  it('doubles from the base and caps at the maximum', () => {
    expect([0, 1, 2, 3, 4, 5, 10, 1000].map((a) => backoffDelayMs(a, opts, mid))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });
  it('jitters within ±jitter and never above the maximum', () => {
    expect(backoffDelayMs(1, opts, () => 0)).toBe(800);
    expect(backoffDelayMs(1, opts, () => 0.999999)).toBe(1200);
    expect(backoffDelayMs(20, opts, () => 0.999999)).toBe(10_000);
  });
  it('treats negative or fractional attempts as whole non-negative numbers', () => {
    expect(backoffDelayMs(-3, opts, mid)).toBe(500);
    expect(backoffDelayMs(2.7, opts, mid)).toBe(2000);
  });
});
