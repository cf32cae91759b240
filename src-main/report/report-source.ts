/**
 * The console's reads of the night: the night report for a DAY-OBS (`report.night`) and one
 * observation's details (`observations.get`). Like the planning view's queue targets, each call
 * opens its own read-only connection to the data directory's WAL database: a reader never blocks
 * or disturbs the core's writers, and nothing needs wiring beyond the data directory.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';
import type { SiteSummary } from '../../src-shared/ipc/contract';
import type { NightReport } from './night-report';
import { buildNightReport } from './night-report';
import { defaultDayObs, nightSpanUtcMs, normalizeDayObs } from './night-span';
import type { ObservationDetail } from './observation-detail';
import { readObservationDetail } from './observation-detail';

/** The report as the console receives it: the report plus which night, where, and whether it is over. */
export interface NightReportView extends NightReport {
  /** `YYYY-MM-DD`, the local date on which the night begins. */
  dayObs: string;
  siteCode: string;
  siteName: string;
  timeZone: string;
  /** The night's full span (local mean noon to noon), UTC ms; the report covers [nightStartMs, toUtcMs). */
  nightStartMs: number;
  nightEndMs: number;
  /** True while the night is not over: the figures are so far (`toUtcMs` is now). */
  inProgress: boolean;
  generatedUtcMs: number;
}

export interface ReportSource {
  /** The night report of `dayObs` (default: tonight, or last night until 16:00 local mean time) at `siteCode` (default: the first site). */
  night(input: { dayObs?: string; siteCode?: string }): NightReportView;
  /** One observation with its request, proposal and configurations; null when it does not exist. */
  observation(observationId: number): ObservationDetail | null;
}

export interface ReportSourceDeps {
  /** The data directory holding `nightshift.db`. */
  dataDir: string;
  sites: () => SiteSummary[];
  nowMs: () => number;
}

export const DATABASE_FILE = 'nightshift.db';

export function createReportSource(deps: ReportSourceDeps): ReportSource {
  const withDb = <T>(fn: (raw: BetterSqlite3.Database) => T): T => {
    const file = join(deps.dataDir, DATABASE_FILE);
    if (!existsSync(file)) throw new AppError('not_found', 'This data directory has no database yet');
    const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      raw.pragma('busy_timeout = 2000');
      return fn(raw);
    } finally {
      raw.close();
    }
  };
  return {
    night(input) {
      const sites = deps.sites();
      const site = input.siteCode === undefined ? sites[0] : sites.find((s) => s.code === input.siteCode);
      if (site === undefined) throw new AppError('not_found', input.siteCode === undefined ? 'No site is configured' : `No site "${input.siteCode}"`, { siteCode: ['unknown site'] });
      const now = deps.nowMs();
      const dayObs = input.dayObs === undefined ? defaultDayObs(now, site.longitudeDeg) : normalizeDayObs(input.dayObs);
      if (dayObs === null) throw new AppError('validation.invalid', `"${input.dayObs ?? ''}" is not a date (YYYY-MM-DD)`, { dayObs: ['expected a date YYYY-MM-DD'] });
      const span = nightSpanUtcMs(dayObs, site.longitudeDeg);
      if (span.fromUtcMs > now) throw new AppError('validation.invalid', `The night of ${dayObs} has not begun`, { dayObs: ['a night that has not begun has no report'] });
      const toUtcMs = Math.min(span.toUtcMs, now);
      const geo = { latitudeDeg: site.latitudeDeg, longitudeDeg: site.longitudeDeg, elevationM: site.elevationM };
      const report = withDb((raw) => buildNightReport(raw, site.telescopes.map((t) => ({ telescopeId: t.id, site: geo })), span.fromUtcMs, toUtcMs));
      return {
        ...report,
        dayObs,
        siteCode: site.code,
        siteName: site.name,
        timeZone: site.timeZone,
        nightStartMs: span.fromUtcMs,
        nightEndMs: span.toUtcMs,
        inProgress: toUtcMs < span.toUtcMs,
        generatedUtcMs: now,
      };
    },
    observation(observationId) {
      return withDb((raw) => readObservationDetail(raw, observationId));
    },
  };
}
