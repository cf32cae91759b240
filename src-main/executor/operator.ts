/**
 * Operator mode (service API; the console comes later): a person at the telescope works through
 * the schedule by hand and records each configuration's outcome, producing the same states and
 * summaries as robotic mode (through the same portal state changes).
 */
import { AppError } from '../../src-shared/errors';
import type { ConfigurationStatusState } from '../../src-shared/ocs';
import type { Journal } from './journal';
import type { ObservationPlan, TelescopeAddress } from './observation-source';
import { loadObservation, scheduleOf } from './observation-source';
import type { StatusReporterDeps } from './status-report';
import { reportStatus } from './status-report';
import type { Clock } from '../clock';

export interface OperatorMark {
  state: Extract<ConfigurationStatusState, 'COMPLETED' | 'FAILED' | 'NOT_ATTEMPTED'>;
  /** Why (required for FAILED and NOT_ATTEMPTED). */
  reason: string;
  /** When the configuration ran; default: now. */
  startUtcMs?: number;
  endUtcMs?: number;
  /** Exposure seconds completed; default: all requested for COMPLETED, 0 otherwise. */
  timeCompletedSec?: number;
  /** Basenames of frames the operator took (kept in the summary events). */
  frameBasenames?: string[];
}

export interface OperatorApi {
  /** This telescope's observations overlapping [from, to), with their configuration statuses. */
  schedule(fromUtcMs: number, toUtcMs: number): Promise<ObservationPlan[]>;
  /** Records one configuration's outcome. Throws `not_found` / `validation.invalid` / `conflict.state`. */
  mark(statusId: number, mark: OperatorMark): Promise<void>;
}

export function createOperatorApi(address: TelescopeAddress, reporter: StatusReporterDeps, journal: Journal, clock: Clock): OperatorApi {
  return {
    schedule: (from, to) => scheduleOf(reporter.db, address, from, to),
    async mark(statusId, m) {
      const row = await reporter.db
        .selectFrom('configuration_statuses')
        .innerJoin('observations', 'observations.id', 'configuration_statuses.observation_id')
        .select(['configuration_statuses.state', 'observations.id as observation_id', 'observations.site', 'observations.enclosure', 'observations.telescope'])
        .where('configuration_statuses.id', '=', statusId)
        .executeTakeFirst();
      if (!row || `${row.site}.${row.enclosure}.${row.telescope}` !== address.telescopeId) {
        throw new AppError('not_found', `configuration status ${statusId} is not scheduled on ${address.telescopeId}`);
      }
      if (m.state !== 'COMPLETED' && m.reason.trim() === '') throw new AppError('validation.invalid', 'a reason is required', { reason: ['This field is required.'] });
      if (row.state !== 'PENDING' && row.state !== 'ATTEMPTED') throw new AppError('conflict.state', `configuration status ${statusId} is already ${row.state}`);
      const obs = await loadObservation(reporter.db, row.observation_id);
      const pc = obs?.configurations.find((c) => c.statusId === statusId);
      const requested = (pc?.configuration.instrument_configs ?? []).reduce((s, ic) => s + ic.exposure_count * ic.exposure_time, 0);
      const now = clock.nowMs();
      const start = m.startUtcMs ?? now;
      const end = Math.max(start, m.endUtcMs ?? now);
      journal.record({ telescopeId: address.telescopeId, utcMs: now, kind: 'operator.mark', observationId: row.observation_id, configurationStatusId: statusId, detail: { ...m } });
      if (m.state !== 'NOT_ATTEMPTED' && row.state === 'PENDING') await reportStatus(reporter, statusId, { state: 'ATTEMPTED' }, now);
      await reportStatus(
        reporter,
        statusId,
        {
          state: m.state,
          summary: {
            startUtcMs: start,
            endUtcMs: end,
            state: m.state,
            reason: m.reason,
            timeCompletedSec: m.timeCompletedSec ?? (m.state === 'COMPLETED' ? requested : 0),
            events: [{ time: new Date(now).toISOString(), description: `marked ${m.state} by the operator`, frames: m.frameBasenames ?? [] }],
          },
          ...(m.state === 'NOT_ATTEMPTED' ? {} : { endUtcMs: Math.max(end, (obs?.startUtcMs ?? 0) + 1) }),
        },
        now,
      );
    },
  };
}
