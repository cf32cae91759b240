import { describe, expect, it } from 'vitest';
import {
  REQUEST_STATES, aggregateRequestGroupState, assertRequestTransition, cancelRequestGroup, cancelSelectionError, completionPercent,
  deriveObservationState, deriveRequestState, expireRequestState, isRequestTransitionAllowed, nextObservationState,
  observationCancelAction, observationsCancelledByExtension, patchConfigurationStatusState,
} from '../../../src-shared/ocs';
import type { RequestState, RequestStateInput } from '../../../src-shared/ocs';

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 21, 12);

describe('request transitions (§3.2)', () => {
  const allowed: Record<RequestState, RequestState[]> = {
    COMPLETED: ['PENDING', 'WINDOW_EXPIRED', 'CANCELED', 'FAILURE_LIMIT_REACHED'],
    WINDOW_EXPIRED: ['PENDING'], CANCELED: ['PENDING'], FAILURE_LIMIT_REACHED: ['PENDING'], PENDING: ['COMPLETED'],
  };
  for (const to of REQUEST_STATES) {
    for (const from of REQUEST_STATES) {
      const expected = from === to || allowed[to].includes(from);
      it(`${from} → ${to} ${expected ? 'allowed' : 'refused'}`, () => {
        expect(isRequestTransitionAllowed(from, to)).toBe(expected);
        if (!expected) expect(() => assertRequestTransition(from, to, 7)).toThrow(`Cannot transition from request state ${from} to ${to} for 7`);
      });
    }
  }
});

describe('observation state from configuration statuses (§3.4)', () => {
  const cases: [string[], string | null][] = [
    [['PENDING', 'PENDING'], 'PENDING'],
    [['NOT_ATTEMPTED', 'NOT_ATTEMPTED'], 'NOT_ATTEMPTED'],
    [['PENDING', 'NOT_ATTEMPTED'], 'PENDING'],
    [['PENDING', 'ATTEMPTED'], 'IN_PROGRESS'],
    [['COMPLETED', 'BAD_DATA', 'FAILED'], 'BAD_DATA'],
    [['COMPLETED', 'NOT_ATTEMPTED'], 'FAILED'],
    [['COMPLETED', 'FAILED'], 'FAILED'],
    [['COMPLETED', 'ABORTED'], 'ABORTED'],
    [['COMPLETED', 'COMPLETED'], 'COMPLETED'],
    [['COMPLETED', 'ATTEMPTED'], null],
    [['COMPLETED', 'PENDING'], null],
  ];
  for (const [statuses, expected] of cases) {
    it(`${statuses.join('+')} → ${expected ?? 'unchanged'}`, () => {
      expect(deriveObservationState(statuses as never)).toBe(expected);
    });
  }
  it('terminal observations keep their state; unchanged keeps the current one', () => {
    expect(nextObservationState('COMPLETED', ['FAILED'])).toBe('COMPLETED');
    expect(nextObservationState('IN_PROGRESS', ['COMPLETED', 'ATTEMPTED'])).toBe('IN_PROGRESS');
    expect(nextObservationState('PENDING', ['ATTEMPTED'])).toBe('IN_PROGRESS');
  });
});

describe('configuration status PATCH (§3.3)', () => {
  it('free while not terminal, then only BAD_DATA', () => {
    expect(patchConfigurationStatusState('PENDING', 'ATTEMPTED')).toBe('ATTEMPTED');
    expect(patchConfigurationStatusState('ATTEMPTED', 'COMPLETED')).toBe('COMPLETED');
    expect(patchConfigurationStatusState('COMPLETED', 'FAILED')).toBe('COMPLETED');
    expect(patchConfigurationStatusState('FAILED', 'BAD_DATA')).toBe('BAD_DATA');
    expect(patchConfigurationStatusState('NOT_ATTEMPTED', 'PENDING')).toBe('NOT_ATTEMPTED');
  });
});

describe('request state from an observation (§3.5)', () => {
  const base: RequestStateInput = {
    current: 'PENDING', observationType: 'NORMAL', observationState: 'FAILED', completionPercent: 50, acceptabilityThreshold: 90,
    maxFailuresPerRequest: 0, failedObservationCount: 1, lastWindowEndUtcMs: NOW + H, nowUtcMs: NOW,
  };
  it('completion ≥ threshold (or isclose) → COMPLETED', () => {
    expect(deriveRequestState({ ...base, completionPercent: 90 })).toBe('COMPLETED');
    expect(deriveRequestState({ ...base, completionPercent: 89.99999999999 })).toBe('COMPLETED');
    expect(deriveRequestState({ ...base, completionPercent: 89.9 })).toBe('PENDING');
  });
  it('observation COMPLETED → request COMPLETED regardless of percentage', () => {
    expect(deriveRequestState({ ...base, observationState: 'COMPLETED', completionPercent: 0 })).toBe('COMPLETED');
  });
  it('FAILURE_LIMIT_REACHED only with a positive limit', () => {
    expect(deriveRequestState({ ...base, maxFailuresPerRequest: 2, failedObservationCount: 2 })).toBe('FAILURE_LIMIT_REACHED');
    expect(deriveRequestState({ ...base, maxFailuresPerRequest: 2, failedObservationCount: 1 })).toBe('PENDING');
    expect(deriveRequestState({ ...base, maxFailuresPerRequest: 0, failedObservationCount: 99 })).toBe('PENDING');
  });
  it('WINDOW_EXPIRED when the last window ended', () => {
    expect(deriveRequestState({ ...base, lastWindowEndUtcMs: NOW - 1 })).toBe('WINDOW_EXPIRED');
  });
  it('COMPLETED is final; expired/cancelled can still complete late', () => {
    expect(deriveRequestState({ ...base, current: 'COMPLETED', observationState: 'FAILED', completionPercent: 0 })).toBe('COMPLETED');
    expect(deriveRequestState({ ...base, current: 'WINDOW_EXPIRED', completionPercent: 95 })).toBe('COMPLETED');
    expect(deriveRequestState({ ...base, current: 'CANCELED', completionPercent: 10 })).toBe('CANCELED');
  });
  it('REAL_TIME follows its single status', () => {
    expect(deriveRequestState({ ...base, observationType: 'REAL_TIME', observationState: 'COMPLETED' })).toBe('COMPLETED');
    expect(deriveRequestState({ ...base, observationType: 'REAL_TIME', completionPercent: 100 })).toBe('PENDING');
  });
  it('completion percent: time_completed for normal, span for REPEAT, 100 when nothing requested', () => {
    expect(completionPercent([
      { configurationType: 'EXPOSE', repeatDurationSec: null, requestedExposureSec: 200, summary: { startUtcMs: 0, endUtcMs: 1, timeCompletedSec: 150 } },
      { configurationType: 'REPEAT_EXPOSE', repeatDurationSec: 200, requestedExposureSec: 10, summary: { startUtcMs: 0, endUtcMs: 50_000, timeCompletedSec: 0 } },
      { configurationType: 'EXPOSE', repeatDurationSec: null, requestedExposureSec: 100, summary: null },
    ])).toBeCloseTo(((150 + 50) / 500) * 100, 9);
    expect(completionPercent([{ configurationType: 'BIAS', repeatDurationSec: null, requestedExposureSec: 0, summary: null }])).toBe(100);
  });
  it('expiry job: PENDING past its end expires; others untouched', () => {
    expect(expireRequestState('PENDING', NOW - 1, NOW)).toBe('WINDOW_EXPIRED');
    expect(expireRequestState('PENDING', NOW + 1, NOW)).toBe('PENDING');
    expect(expireRequestState('COMPLETED', NOW - 1, NOW)).toBe('COMPLETED');
  });
});

describe('request group aggregate and cancel (§3.6)', () => {
  it('SINGLE and MANY priority orders', () => {
    expect(aggregateRequestGroupState('SINGLE', ['PENDING', 'WINDOW_EXPIRED'])).toBe('WINDOW_EXPIRED');
    expect(aggregateRequestGroupState('MANY', ['PENDING', 'WINDOW_EXPIRED'])).toBe('PENDING');
    expect(aggregateRequestGroupState('MANY', ['CANCELED', 'COMPLETED', 'WINDOW_EXPIRED'])).toBe('COMPLETED');
    expect(aggregateRequestGroupState('SINGLE', ['FAILURE_LIMIT_REACHED', 'CANCELED'])).toBe('FAILURE_LIMIT_REACHED');
    expect(aggregateRequestGroupState('MANY', [])).toBeNull();
  });
  it('cancel: PENDING group and its PENDING requests become CANCELED; otherwise the OCS 400 message', () => {
    expect(cancelRequestGroup(5, 'PENDING', ['PENDING', 'COMPLETED'])).toEqual({ ok: true, groupState: 'CANCELED', requestStates: ['CANCELED', 'COMPLETED'] });
    expect(cancelRequestGroup(5, 'COMPLETED', ['COMPLETED'])).toEqual({ ok: false, errors: ['Cannot transition from request state COMPLETED to CANCELED for 5'] });
    expect(cancelRequestGroup(5, 'CANCELED', ['CANCELED']).ok).toBe(false);
  });
});

describe('observation cancellation and end-time updates (§3.8, §3.9)', () => {
  it('≥ 72 h ahead deleted, future cancelled, running aborted, past untouched', () => {
    expect(observationCancelAction(NOW + 72 * H, NOW + 73 * H, NOW)).toBe('DELETE');
    expect(observationCancelAction(NOW + 71 * H, NOW + 72 * H, NOW)).toBe('CANCELED');
    expect(observationCancelAction(NOW - H, NOW + H, NOW)).toBe('ABORTED');
    expect(observationCancelAction(NOW - 2 * H, NOW - H, NOW)).toBe('UNTOUCHED');
  });
  it('IN_PROGRESS needs preemption_enabled', () => {
    expect(cancelSelectionError(['PENDING', 'IN_PROGRESS'], false)).toBe('Cannot cancel IN_PROGRESS observations unless preemption_enabled is True');
    expect(cancelSelectionError(['PENDING', 'IN_PROGRESS'], true)).toBeNull();
  });
  it('extension cancels PENDING observations starting in [oldEnd, newEnd], sparing RR unless the extended one is RR', () => {
    const obs = [
      { id: 1, startUtcMs: NOW + H, state: 'PENDING' as const, observationType: 'NORMAL' },
      { id: 2, startUtcMs: NOW + 2 * H, state: 'PENDING' as const, observationType: 'RAPID_RESPONSE' },
      { id: 3, startUtcMs: NOW + 5 * H, state: 'PENDING' as const, observationType: 'NORMAL' },
      { id: 4, startUtcMs: NOW + H, state: 'COMPLETED' as const, observationType: 'NORMAL' },
    ];
    expect(observationsCancelledByExtension(NOW + H, NOW + 3 * H, false, obs).map((o) => o.id)).toEqual([1]);
    expect(observationsCancelledByExtension(NOW + H, NOW + 3 * H, true, obs).map((o) => o.id)).toEqual([1, 2]);
    expect(observationsCancelledByExtension(NOW + H, NOW, false, obs)).toEqual([]);
  });
});
