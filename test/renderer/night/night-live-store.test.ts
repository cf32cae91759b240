import { describe, expect, it } from 'vitest';
import type { ExecutorStatus, SafetyVerdict } from '../../../src-shared/ipc/contract';
import { INITIAL_NIGHT_LIVE, missingDetails, pruneDetails, reduceExecutor, reduceSafety, type NightLiveState } from '../../../src-renderer/features/night/night-live-store';
import { formatDecDms, formatRaHms } from '../../../src-renderer/features/night/format-coords';
import { phaseLabel, safetyView } from '../../../src-renderer/features/night/safety-label';

const status = (telescopeId: string, utcMs: number, observationId: number | null): ExecutorStatus => ({
  telescopeId,
  mode: 'robotic',
  phase: observationId === null ? 'idle' : 'exposing',
  observationId,
  configurationStatusId: null,
  exposure: null,
  message: '',
  utcMs,
});
const verdict = (state: SafetyVerdict['state'], utcMs: number, reasons: string[] = [], alarm: string | null = null): SafetyVerdict => ({ telescopeId: 'a', state, reasons, alarm, utcMs });

describe('night live store reducers', () => {
  it('keeps the newest executor status and safety verdict per telescope', () => {
    let s = reduceExecutor(INITIAL_NIGHT_LIVE, status('a', 200, 5));
    s = reduceExecutor(s, status('b', 100, null));
    // A snapshot answered late (older) does not step the display back.
    s = reduceExecutor(s, status('a', 150, 4));
    expect(s.executors['a']?.observationId).toBe(5);
    s = reduceExecutor(s, status('a', 300, 6));
    expect(s.executors['a']?.observationId).toBe(6);
    let v = reduceSafety(s, verdict('unsafe', 500, ['rain']));
    v = reduceSafety(v, verdict('safe', 400));
    expect(v.safety['a']?.state).toBe('unsafe');
  });

  it('asks for details of running observations not yet loaded, and prunes old ones', () => {
    let s: NightLiveState = reduceExecutor(reduceExecutor(INITIAL_NIGHT_LIVE, status('a', 1, 5)), status('b', 1, 9));
    expect(missingDetails(s).sort()).toEqual([5, 9]);
    s = { ...s, details: { 5: { status: 'loading' } } };
    expect(missingDetails(s)).toEqual([9]);
    const many: NightLiveState = { ...s, details: Object.fromEntries([1, 2, 3, 4, 5, 6].map((id) => [id, { status: 'loading' }])) };
    // Keep 2 newest (6, 5) plus those running (5, 9 → 5 present).
    expect(Object.keys(pruneDetails(many, 2).details).map(Number).sort()).toEqual([5, 6]);
    expect(pruneDetails(many, 10)).toBe(many);
  });
});

describe('night labels', () => {
  it('words safety: parked/closed when secured, the alarm text in alarm', () => {
    expect(safetyView(null).label).toMatch(/unknown/i);
    expect(safetyView(verdict('safe', 0))).toMatchObject({ tone: 'ok', label: 'Safe', detail: '' });
    expect(safetyView(verdict('secured', 0, ['humidity 95% above 85%']))).toMatchObject({ tone: 'bad', label: 'Unsafe · parked/closed', detail: 'humidity 95% above 85%' });
    expect(safetyView(verdict('alarm', 0, ['rain'], 'roof did not close')).detail).toBe('roof did not close');
    expect(phaseLabel('exposing')).toBe('Exposing');
    expect(phaseLabel('focusing')).toBe('Focusing');
  });

  it('formats ICRS degrees as sexagesimal (M 42: 83.8221°, −5.3911°)', () => {
    // 83.8221° / 15 = 5.588140 h = 5h35m17.3s; −5.3911° = −5°23′28″ (SIMBAD M 42: 05 35 17.3 −05 23 28).
    expect(formatRaHms(83.8221)).toBe('05h35m17.3s');
    expect(formatDecDms(-5.3911)).toBe('\u221205\u00b023\u203228\u2033');
    expect(formatRaHms(359.99999)).toBe('00h00m00.0s');
    expect(formatDecDms(0)).toBe('+00\u00b000\u203200\u2033');
    expect(formatRaHms(null)).toBe('\u2014');
  });
});
