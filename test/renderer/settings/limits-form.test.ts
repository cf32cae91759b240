/**
 * The pointing-limits form's checks: numbers read from text (units and the minus sign tolerated),
 * a message on exactly the wrong field, the same rules (and messages) the core answers with, and
 * the cross-field blind-spot rule.
 */
import { describe, expect, it } from 'vitest';
import { checkLimitsDraft, draftOf } from '../../../src-renderer/features/settings/limits-form';
import { telescopeLimitsSchema } from '../../../src-shared/schemas';

const OK = { horizonDeg: '15', haLimitPosHours: '4.5', haLimitNegHours: '-4.5', zenithBlindSpotDeg: '0' };

describe('checkLimitsDraft', () => {
  it('reads valid text into numbers, tolerating units and a typographic minus', () => {
    expect(checkLimitsDraft(OK)).toEqual({ limits: { horizonDeg: 15, haLimitPosHours: 4.5, haLimitNegHours: -4.5, zenithBlindSpotDeg: 0 }, errors: {} });
    const r = checkLimitsDraft({ horizonDeg: ' 20° ', haLimitPosHours: '3 h', haLimitNegHours: '\u22123.25', zenithBlindSpotDeg: '.5' });
    expect(r.limits).toEqual({ horizonDeg: 20, haLimitPosHours: 3, haLimitNegHours: -3.25, zenithBlindSpotDeg: 0.5 });
  });

  it('names only the wrong field, for text and for ranges', () => {
    expect(checkLimitsDraft({ ...OK, horizonDeg: 'abc' })).toEqual({ limits: null, errors: { horizonDeg: 'not a number' } });
    expect(checkLimitsDraft({ ...OK, haLimitPosHours: '' }).errors).toEqual({ haLimitPosHours: 'required' });
    const range = checkLimitsDraft({ ...OK, haLimitNegHours: '4.5' });
    expect(range.limits).toBeNull();
    expect(Object.keys(range.errors)).toEqual(['haLimitNegHours']);
    // The message is the core's own (same schema), so form and server agree.
    const core = telescopeLimitsSchema.safeParse({ horizonDeg: 15, haLimitPosHours: 4.5, haLimitNegHours: 4.5, zenithBlindSpotDeg: 0 });
    expect(core.success).toBe(false);
    expect(range.errors.haLimitNegHours).toBe(core.error?.issues[0]?.message);
    expect(checkLimitsDraft({ ...OK, horizonDeg: '91', zenithBlindSpotDeg: '-1' }).errors).toEqual({
      horizonDeg: expect.stringMatching(/at most 90/),
      zenithBlindSpotDeg: expect.stringMatching(/at least 0/),
    });
  });

  it('keeps a blind spot below 90° − horizon', () => {
    expect(checkLimitsDraft({ ...OK, horizonDeg: '60', zenithBlindSpotDeg: '29.9' }).limits?.zenithBlindSpotDeg).toBe(29.9);
    expect(checkLimitsDraft({ ...OK, horizonDeg: '60', zenithBlindSpotDeg: '30' }).errors.zenithBlindSpotDeg).toMatch(/below 30/);
  });

  it('round-trips stored limits through the form text', () => {
    const stored = { horizonDeg: 22.5, haLimitPosHours: 12, haLimitNegHours: -0.25, zenithBlindSpotDeg: 3 };
    expect(checkLimitsDraft(draftOf(stored)).limits).toEqual(stored);
  });
});
