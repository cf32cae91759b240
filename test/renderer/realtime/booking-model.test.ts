/**
 * The booking form's pure checks. Zone offsets are the tz database's rules: Atlantic/Canary is UTC+0
 * in winter; Europe/Madrid is UTC+1 in winter and UTC+2 from 2026-03-29 01:00 UTC (EU summer time).
 */
import { describe, expect, it } from 'vitest';
import type { RealtimeAvailability } from '../../../src-shared/ipc/contract';
import { bookingErrorsOf, checkBooking, localTimeToUtcMs, nightKeyOf, nightsOf, proposalChoices } from '../../../src-renderer/features/realtime/booking-model';

const T = (iso: string) => Date.parse(iso);
const TEL = 'tfn.doma.1m0a';

const availability: RealtimeAvailability = {
  fromUtcMs: T('2026-11-21T20:00:00Z'),
  toUtcMs: T('2026-11-28T20:00:00Z'),
  semester: '2026B',
  proposals: [
    { id: 'NS2026-GAL', title: 'Galaxies', allocations: [{ instrumentTypes: ['1M0-SCICAM'], telescopeIds: [TEL], hoursAllocated: 5, hoursLeft: 2.5 }] },
    { id: 'NS2026-VAR', title: 'Variables', allocations: [{ instrumentTypes: ['0M4-SCICAM'], telescopeIds: ['tfn.clma.0m4a'], hoursAllocated: 3, hoursLeft: 3 }] },
  ],
  telescopes: [
    {
      telescopeId: TEL,
      free: [
        { startMs: T('2026-11-21T20:00:00Z'), endMs: T('2026-11-22T06:50:00Z') },
        { startMs: T('2026-11-22T19:30:00Z'), endMs: T('2026-11-22T23:00:00Z') },
        { startMs: T('2026-11-23T00:00:00Z'), endMs: T('2026-11-23T06:50:00Z') },
      ],
    },
  ],
};

describe('local night time to UTC', () => {
  it('maps evening and morning wall times of a night to UTC', () => {
    expect(localTimeToUtcMs('2026-11-21', '23:30', 'Europe/Madrid')).toBe(T('2026-11-21T22:30:00Z'));
    expect(localTimeToUtcMs('2026-11-21', '02:00', 'Europe/Madrid')).toBe(T('2026-11-22T01:00:00Z'));
    expect(localTimeToUtcMs('2026-11-21', '19:05', 'Atlantic/Canary')).toBe(T('2026-11-21T19:05:00Z'));
  });
  it('follows the summer-time change inside a night', () => {
    expect(localTimeToUtcMs('2026-03-28', '23:00', 'Europe/Madrid')).toBe(T('2026-03-28T22:00:00Z'));
    expect(localTimeToUtcMs('2026-03-28', '04:00', 'Europe/Madrid')).toBe(T('2026-03-29T02:00:00Z'));
  });
  it('refuses malformed input', () => {
    for (const bad of ['25:00', '7', '12:60', 'ab:cd']) expect(localTimeToUtcMs('2026-11-21', bad, 'UTC')).toBeNull();
    expect(localTimeToUtcMs('21/11/2026', '22:00', 'UTC')).toBeNull();
  });
});

describe('nights and proposals', () => {
  it('groups free intervals by the evening they belong to', () => {
    const nights = nightsOf(availability.telescopes[0]!.free, 'Atlantic/Canary');
    expect(nights.map((n) => [n.key, n.free.length])).toEqual([
      ['2026-11-21', 1],
      ['2026-11-22', 2],
    ]);
    expect(nightKeyOf(T('2026-11-22T03:00:00Z'), 'Atlantic/Canary')).toBe('2026-11-21');
  });
  it('offers the proposals whose real-time allocation covers the telescope', () => {
    expect(proposalChoices(availability, TEL)).toEqual([{ id: 'NS2026-GAL', title: 'Galaxies', hoursLeft: 2.5 }]);
    expect(proposalChoices(availability, 'tfn.clma.0m4a').map((p) => p.id)).toEqual(['NS2026-VAR']);
    expect(proposalChoices(null, TEL)).toEqual([]);
  });
});

describe('live booking checks', () => {
  const draft = { telescopeId: TEL, nightKey: '2026-11-22', startLocal: '20:00', durationHours: 2, proposalId: 'NS2026-GAL' };
  const now = T('2026-11-21T21:00:00Z');
  it('accepts a session inside a free interval within the hours left', () => {
    const c = checkBooking(draft, availability, 'Atlantic/Canary', now);
    expect(c.errors).toEqual({});
    expect(c.startUtcMs).toBe(T('2026-11-22T20:00:00Z'));
    expect(c.endUtcMs).toBe(T('2026-11-22T22:00:00Z'));
  });
  it('flags a session across the gap between two free intervals on the start field', () => {
    const c = checkBooking({ ...draft, startLocal: '22:30', durationHours: 1 }, availability, 'Atlantic/Canary', now);
    expect(Object.keys(c.errors)).toEqual(['startUtcMs']);
    expect(c.errors.startUtcMs?.[0]).toMatch(/22:30–23:30 is not inside a free interval/);
  });
  it('flags more hours than the proposal has left, a bad time, a zero duration and a past session', () => {
    expect(checkBooking({ ...draft, durationHours: 3 }, availability, 'Atlantic/Canary', now).errors.proposalId?.[0]).toMatch(/2.5 h of real-time time left; 3 h asked/);
    expect(Object.keys(checkBooking({ ...draft, startLocal: '8pm' }, availability, 'Atlantic/Canary', now).errors)).toEqual(['startUtcMs']);
    expect(Object.keys(checkBooking({ ...draft, durationHours: 0 }, availability, 'Atlantic/Canary', now).errors)).toEqual(['endUtcMs']);
    const late = T('2026-11-23T01:00:00Z');
    expect(checkBooking(draft, availability, 'Atlantic/Canary', late).errors.endUtcMs).toEqual(['The session must end in the future']);
    expect(checkBooking({ ...draft, proposalId: 'NS2026-VAR' }, availability, 'Atlantic/Canary', now).errors.proposalId?.[0]).toMatch(/Choose a proposal/);
  });
  it('keeps only string lists from a refusal', () => {
    expect(bookingErrorsOf({ startUtcMs: ['taken', 3], other: ['x'], proposalId: 'no' })).toEqual({ startUtcMs: ['taken'] });
    expect(bookingErrorsOf(null)).toEqual({});
  });
});
