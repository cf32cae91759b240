import { describe, expect, it } from 'vitest';
import { clampIppAvailable, ippOnRequestTransition, ippOnSubmit, maxAllowableIpp, summaryChargeDeltaHours, timePool } from '../../../src-shared/ocs';

describe('IPP bookkeeping (§3.10)', () => {
  const d = 3600; // one hour
  it('submission with ipp > 1 debits (ipp − 1) × hours; ipp ≤ 1 does nothing', () => {
    expect(ippOnSubmit(5, 10, 1.5, d)).toBeCloseTo(4.5, 12);
    expect(ippOnSubmit(5, 10, 0.8, d)).toBe(5);
    expect(ippOnSubmit(0.2, 10, 2, d)).toBe(0); // clamped at 0
  });
  it('COMPLETED credits (1 − ipp) for ipp < 1, capped at the limit; re-debits after WINDOW_EXPIRED', () => {
    expect(ippOnRequestTransition(5, 10, 0.5, d, 'PENDING', 'COMPLETED')).toBeCloseTo(5.5, 12);
    expect(ippOnRequestTransition(9.9, 10, 0.5, d, 'PENDING', 'COMPLETED')).toBe(10);
    expect(ippOnRequestTransition(5, 10, 1.5, d, 'WINDOW_EXPIRED', 'COMPLETED')).toBeCloseTo(4.5, 12);
    expect(ippOnRequestTransition(5, 10, 1.5, d, 'PENDING', 'COMPLETED')).toBe(5);
  });
  it('CANCELED / WINDOW_EXPIRED / FAILURE_LIMIT_REACHED credit back (ipp − 1) × hours', () => {
    for (const to of ['CANCELED', 'WINDOW_EXPIRED', 'FAILURE_LIMIT_REACHED'] as const) {
      expect(ippOnRequestTransition(5, 10, 1.5, d, 'PENDING', to)).toBeCloseTo(5.5, 12);
    }
  });
  it('BAD_DATA reset (COMPLETED → PENDING) takes back an ipp < 1 credit', () => {
    expect(ippOnRequestTransition(5.5, 10, 0.5, d, 'COMPLETED', 'PENDING')).toBeCloseTo(5, 12);
  });
  it('hours use ceil(duration); max allowable IPP is floored to 3 dp and capped at 2', () => {
    expect(ippOnSubmit(5, 10, 2, 3599.2)).toBeCloseTo(4, 12);
    expect(maxAllowableIpp(0.01, 156)).toBe(1.23);
    expect(maxAllowableIpp(100, 156)).toBe(2);
    expect(clampIppAvailable(-1, 5)).toBe(0);
  });
  it('time pools and differential charges (RR capped)', () => {
    expect(['NORMAL', 'RAPID_RESPONSE', 'TIME_CRITICAL', 'DIRECT'].map(timePool)).toEqual(['std', 'rr', 'tc', null]);
    expect(summaryChargeDeltaHours(null, { startUtcMs: 0, endUtcMs: 1_800_000 }, null)).toBeCloseTo(0.5, 12);
    expect(summaryChargeDeltaHours({ startUtcMs: 0, endUtcMs: 1_800_000 }, { startUtcMs: 0, endUtcMs: 3_600_000 }, null)).toBeCloseTo(0.5, 12);
    expect(summaryChargeDeltaHours(null, { startUtcMs: 0, endUtcMs: 3_600_000 }, 900)).toBeCloseTo(0.25, 12);
  });
});
