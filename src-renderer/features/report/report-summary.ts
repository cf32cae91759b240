/** Figures the Report page derives from `report.night`: night totals, the dark-time bar, the export file. */
import type { NightReport, ReportTelescope } from '../../../src-shared/ipc/contract';

export interface NightTotals {
  observationsCompleted: number;
  observationsFailed: number;
  /** NOT_ATTEMPTED plus ABORTED observations. */
  observationsNotRun: number;
  /** CANCELED: re-planned by the scheduler before they started (not a loss). */
  observationsCanceled: number;
  observationsOther: number;
  configurationsCompleted: number;
  configurationsFailed: number;
  configurationsNotAttempted: number;
  darkSec: number;
  observingSec: number;
  lostToWeatherSec: number;
  lostToFaultsSec: number;
  frames: number;
  closures: number;
  faults: number;
  /** Σ observing ÷ Σ dark, 0..1 (0 without dark time). */
  efficiency: number;
}

const NOT_RUN = new Set(['NOT_ATTEMPTED', 'ABORTED']);

/** Sums over the report's telescopes. */
export function nightTotals(report: NightReport): NightTotals {
  const t: NightTotals = {
    observationsCompleted: 0,
    observationsFailed: 0,
    observationsNotRun: 0,
    observationsCanceled: 0,
    observationsOther: 0,
    configurationsCompleted: 0,
    configurationsFailed: 0,
    configurationsNotAttempted: 0,
    darkSec: 0,
    observingSec: 0,
    lostToWeatherSec: 0,
    lostToFaultsSec: 0,
    frames: 0,
    closures: 0,
    faults: 0,
    efficiency: 0,
  };
  for (const tel of report.telescopes) {
    for (const [state, n] of Object.entries(tel.observationStates)) {
      if (state === 'COMPLETED') t.observationsCompleted += n;
      else if (state === 'FAILED') t.observationsFailed += n;
      else if (NOT_RUN.has(state)) t.observationsNotRun += n;
      else if (state === 'CANCELED') t.observationsCanceled += n;
      else t.observationsOther += n;
    }
    t.configurationsCompleted += tel.completed;
    t.configurationsFailed += tel.failed;
    t.configurationsNotAttempted += tel.notAttempted;
    t.darkSec += tel.darkSec;
    t.observingSec += tel.observingSec;
    t.lostToWeatherSec += tel.lostToWeatherSec;
    t.lostToFaultsSec += tel.lostToFaultsSec;
    t.frames += tel.frames;
    t.closures += tel.closures.length;
    t.faults += tel.faults.length;
  }
  t.efficiency = t.darkSec > 0 ? t.observingSec / t.darkSec : 0;
  return t;
}

export interface DarkSegment {
  key: 'observing' | 'weather' | 'faults' | 'other';
  label: string;
  sec: number;
  /** Share of the dark time, 0..1; the four shares add up to 1 (or all 0 without dark time). */
  share: number;
}

/**
 * The dark time split into observing, lost to weather, lost to faults and the rest (slews,
 * overheads, idle). Losses are clipped so the parts never exceed the dark time: the report counts
 * weather inside dark time but observing and faults over the whole span.
 */
export function darkSegments(t: Pick<ReportTelescope, 'darkSec' | 'observingSec' | 'lostToWeatherSec' | 'lostToFaultsSec'>): DarkSegment[] {
  const dark = Math.max(0, t.darkSec);
  let left = dark;
  const take = (sec: number): number => {
    const v = Math.min(Math.max(0, sec), left);
    left -= v;
    return v;
  };
  const observing = take(t.observingSec);
  const weather = take(t.lostToWeatherSec);
  const faults = take(t.lostToFaultsSec);
  const other = left;
  const share = (sec: number): number => (dark > 0 ? sec / dark : 0);
  return [
    { key: 'observing', label: 'Observing', sec: observing, share: share(observing) },
    { key: 'weather', label: 'Lost to weather', sec: weather, share: share(weather) },
    { key: 'faults', label: 'Lost to faults', sec: faults, share: share(faults) },
    { key: 'other', label: 'Overheads & idle', sec: other, share: share(other) },
  ];
}

/** `nightshift-night-report-tfn-2026-11-21.json`. */
export function exportFileName(report: Pick<NightReport, 'siteCode' | 'dayObs'>): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_-]+/g, '-');
  return `nightshift-night-report-${safe(report.siteCode)}-${safe(report.dayObs)}.json`;
}

/** Configuration lines worth a row: those of observations that were not re-planned away (CANCELED) before starting. */
export function runLines<T extends { observationState: string }>(lines: readonly T[]): T[] {
  return lines.filter((l) => l.observationState !== 'CANCELED');
}

/** The date one day before/after `dayObs` (YYYY-MM-DD). */
export function shiftDayObs(dayObs: string, days: number): string {
  const ms = Date.parse(`${dayObs}T00:00:00Z`);
  if (Number.isNaN(ms)) return dayObs;
  return new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
}

/** Hours with one decimal, e.g. `9.8 h`. */
export const hoursText = (sec: number): string => `${(sec / 3600).toFixed(1)} h`;
