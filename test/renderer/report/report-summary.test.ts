import { describe, expect, it } from 'vitest';
import type { NightReport, ReportTelescope } from '../../../src-shared/ipc/contract';
import { darkSegments, exportFileName, nightTotals, runLines, shiftDayObs } from '../../../src-renderer/features/report/report-summary';

const tel = (over: Partial<ReportTelescope>): ReportTelescope => ({
  telescopeId: 'tfn.doma.1m0a',
  darkSec: 36_000,
  openSec: 30_000,
  observingSec: 18_000,
  lostToWeatherSec: 3_600,
  lostToFaultsSec: 600,
  frames: 40,
  configurations: [],
  completed: 10,
  failed: 2,
  notAttempted: 1,
  efficiency: 0.5,
  observationStates: { COMPLETED: 8, FAILED: 1, NOT_ATTEMPTED: 2, ABORTED: 1, PENDING: 3, CANCELED: 4 },
  closures: [{ startUtcMs: 0, endUtcMs: 1, cause: 'weather', reasons: ['rain'], durationSec: 3600 }],
  faults: [],
  ...over,
});

const report = (telescopes: ReportTelescope[]): NightReport => ({
  dayObs: '2026-11-21',
  siteCode: 'tfn',
  siteName: 'Teide',
  timeZone: 'Atlantic/Canary',
  nightStartMs: 0,
  nightEndMs: 86_400_000,
  fromUtcMs: 0,
  toUtcMs: 86_400_000,
  inProgress: false,
  generatedUtcMs: 0,
  telescopes,
  requests: [],
});

describe('report summary', () => {
  it('sums telescopes, efficiency as Σ on-sky ÷ Σ dark', () => {
    const t = nightTotals(report([tel({}), tel({ telescopeId: 'b', darkSec: 36_000, observingSec: 9_000, frames: 10, observationStates: { COMPLETED: 2 }, closures: [] })]));
    expect(t).toMatchObject({ observationsCompleted: 10, observationsFailed: 1, observationsNotRun: 3, observationsCanceled: 4, observationsOther: 3, frames: 50, closures: 1, configurationsCompleted: 20 });
    expect(t.efficiency).toBeCloseTo(27_000 / 72_000, 12);
    expect(nightTotals(report([])).efficiency).toBe(0);
  });

  it('splits dark time into parts that add up to it, clipping losses that overrun', () => {
    const parts = darkSegments(tel({}));
    expect(parts.map((p) => p.sec)).toEqual([18_000, 3_600, 600, 13_800]);
    expect(parts.reduce((a, p) => a + p.share, 0)).toBeCloseTo(1, 12);
    const over = darkSegments(tel({ darkSec: 1000, observingSec: 800, lostToWeatherSec: 500, lostToFaultsSec: 100 }));
    expect(over.map((p) => p.sec)).toEqual([800, 200, 0, 0]);
    expect(darkSegments(tel({ darkSec: 0 })).every((p) => p.share === 0)).toBe(true);
  });

  it('leaves re-planned (CANCELED) observations out of the configuration rows', () => {
    const lines = [{ id: 1, observationState: 'COMPLETED' }, { id: 2, observationState: 'CANCELED' }, { id: 3, observationState: 'FAILED' }];
    expect(runLines(lines).map((l) => l.id)).toEqual([1, 3]);
  });

  it('names the export file and steps nights', () => {
    expect(exportFileName({ siteCode: 'tfn', dayObs: '2026-11-21' })).toBe('nightshift-night-report-tfn-2026-11-21.json');
    expect(shiftDayObs('2026-11-30', 1)).toBe('2026-12-01');
    expect(shiftDayObs('2026-03-01', -1)).toBe('2026-02-28');
  });
});
