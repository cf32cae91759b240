/** The Data page's filter form → `frames.list` input, labels, and which rows count as newly arrived. */
import { describe, expect, it } from 'vitest';
import type { FrameRow } from '../../../src-shared/ipc/contract';
import { invocations } from '../../../src-shared/ipc/contract';
import { NO_FILTERS, formatDayObs, formatExposureSec, formatUtc, listInputFor, pageLabel } from '../../../src-renderer/features/data/data-filters';
import { freshIdsOf } from '../../../src-renderer/features/data/data-store';

const row = (id: number, observationUtcMs: number): FrameRow => ({
  id,
  basename: `f${id}`,
  siteId: 'tfn',
  telescopeId: '1m0a',
  instrumentId: 'ns01',
  targetName: 'M42',
  filter: 'V',
  exposureSec: 10,
  observationUtcMs,
  dayObs: '20261121',
  reductionLevel: 0,
  configurationType: 'EXPOSE',
  proposalId: 'P',
  observationId: 1,
  requestId: 2,
});

describe('data filters', () => {
  it('turns typed filters into an input the contract accepts', () => {
    const r = listInputFor({ night: '2026-11-21', telescopeId: '1m0a', target: '  M 42 ', requestId: '#12', observationId: ' 7 ' }, 50, 50);
    expect(r).toEqual({ ok: true, input: { limit: 50, offset: 50, dayObs: '20261121', telescopeId: '1m0a', targetContains: 'M 42', requestId: 12, observationId: 7 } });
    if (!r.ok) throw new Error('unreachable');
    expect(invocations['frames.list'].input.safeParse(r.input).success).toBe(true);
    expect(listInputFor(NO_FILTERS, 0, 50)).toEqual({ ok: true, input: { limit: 50, offset: 0 } });
  });

  it('reports fields it cannot read instead of dropping them', () => {
    const r = listInputFor({ ...NO_FILTERS, requestId: '12a', observationId: '1.5', night: 'tonight' }, 0, 50);
    expect(r.ok).toBe(false);
    if (r.ok) throw new Error('unreachable');
    expect(Object.keys(r.errors).sort()).toEqual(['night', 'observationId', 'requestId']);
  });

  it('formats what the list shows', () => {
    expect(formatUtc(Date.UTC(2026, 10, 21, 22, 4, 5, 900))).toBe('2026-11-21 22:04:05');
    expect(formatDayObs('20261121')).toBe('2026-11-21');
    expect([formatExposureSec(30), formatExposureSec(0.25), formatExposureSec(1 / 3)]).toEqual(['30 s', '0.25 s', '0.333 s']);
    expect([pageLabel(0, 50, 1234), pageLabel(50, 10, 60), pageLabel(0, 0, 0)]).toEqual(['1–50 of 1,234', '51–60 of 60', '0 frames']);
  });

  it('marks as fresh only frames newer than the previous top, and nothing on a first load', () => {
    const before = [row(5, 500), row(4, 400), row(3, 300)];
    const after = [row(7, 700), row(6, 600), row(5, 500), row(4, 400)];
    expect(freshIdsOf(before, after)).toEqual([7, 6]);
    expect(freshIdsOf([], after)).toEqual([]);
    // A recovered frame from earlier in the night is new to the list but not "just arrived at the top".
    expect(freshIdsOf(before, [row(5, 500), row(9, 450), row(4, 400)])).toEqual([]);
  });
});
