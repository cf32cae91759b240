/**
 * Configuration outcomes go through the portal's own PATCH semantics (ocs-contract §3.3–3.6, §3.9):
 * the same code path as a site's `PATCH /api/configurationstatus/{id}/`, so the observation, request
 * and request-group states, the time accounting and end-time updates derive exactly as there.
 * Robotic mode and operator mode both report through here.
 */
import { AppError } from '../../src-shared/errors';
import type { ConfigurationStatusState } from '../../src-shared/ocs';
import type { EventBus } from '../events/bus';
import type { ConfigdbView, Db } from '../portal';
import { patchConfigurationStatus } from '../portal/observations-service';

/** One summary event (OCS keeps a free-form list; ours: when, what, details). */
export interface SummaryEvent {
  time: string;
  description: string;
  [key: string]: unknown;
}

/** The OCS configuration status summary (times as UTC ms here; ISO on the wire). */
export interface StatusSummary {
  startUtcMs: number;
  endUtcMs: number;
  state: ConfigurationStatusState;
  reason: string;
  /** Exposure seconds completed (OCS `time_completed`). */
  timeCompletedSec: number;
  events: SummaryEvent[];
}

export interface StatusReporterDeps {
  db: Db;
  configdb: () => ConfigdbView;
  bus: EventBus | null;
}

export const isoUtc = (utcMs: number): string => new Date(utcMs).toISOString();

export interface StatusReport {
  state?: ConfigurationStatusState;
  summary?: StatusSummary;
  /** §3.9: the configuration ended at this time; the observation end moves to it plus what remains. */
  endUtcMs?: number;
}

/**
 * Applies one report to a configuration status. Throws `conflict.state` with the portal's field
 * errors when the portal refuses it, `not_found` when the status no longer exists. Publishes `queue.changed` for the request group (the scheduler
 * re-plans on it).
 */
export async function reportStatus(deps: StatusReporterDeps, statusId: number, report: StatusReport, nowUtcMs: number): Promise<void> {
  const body: Record<string, unknown> = {};
  if (report.state) body['state'] = report.state;
  if (report.summary) {
    const s = report.summary;
    body['summary'] = {
      start: isoUtc(s.startUtcMs),
      end: isoUtc(Math.max(s.endUtcMs, s.startUtcMs)),
      state: s.state,
      reason: s.reason,
      time_completed: Math.max(0, s.timeCompletedSec),
      events: s.events,
    };
  }
  // The portal refuses an end that is not after the observation start; such a report is skipped.
  if (report.endUtcMs !== undefined) body['end'] = isoUtc(report.endUtcMs);
  const out = await patchConfigurationStatus({ db: deps.db, configdb: deps.configdb, visibility: null }, statusId, body, nowUtcMs);
  // The status is gone (the demo was reset, its observation deleted): there is nothing left to report to.
  if (!out.ok && out.status === 404) throw new AppError('not_found', `configuration status ${statusId} no longer exists in the portal`);
  if (!out.ok) throw new AppError('conflict.state', `configuration status ${statusId}: the portal refused the report`, { body: out.body as Record<string, unknown> });
  deps.bus?.publish('queue.changed', { requestGroupIds: [out.value.groupId] });
}
