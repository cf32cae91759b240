/**
 * Operator mode: a person at the telescope works through the schedule by hand and records each
 * configuration's outcome, producing the same states and summaries as robotic mode (through the
 * same portal state changes). Frames the operator took with their own camera software are ingested
 * into the archive (headers set from the configuration) before the outcome is recorded.
 */
import { AppError } from '../../src-shared/errors';
import type { ConfigurationStatusState } from '../../src-shared/ocs';
import { ingestFrames } from '../archive';
import type { IngestTarget, IngestTemplate } from '../archive';
import type { ConfigdbView } from '../portal';
import { filterOf } from './instrument';
import { frameIdentity } from './frame-identity';
import type { Journal } from './journal';
import type { ObservationPlan, PlannedConfiguration, TelescopeAddress } from './observation-source';
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
  /**
   * Absolute paths (on the site computer) of FITS files the operator took for this configuration:
   * each is ingested into the archive before the outcome is recorded; if any is refused nothing is
   * written or marked (field errors `frames.<i>`). At most 200.
   */
  framePaths?: string[];
}

/** Where ingested frames go (the core's archive), plus who to tell. */
export interface OperatorFrameSink extends IngestTarget {
  /** Called with the new frame ids once all frames of a mark are archived (e.g. publish `frames.changed`). */
  onIngested?(frameIds: number[]): void;
}

/** Header template for a configuration's frames (what `run-configuration`'s `frameTemplate` sets, minus the pointing). */
export function operatorFrameTemplate(view: ConfigdbView, address: TelescopeAddress, obs: ObservationPlan, pc: PlannedConfiguration): IngestTemplate {
  const site = view.sites.results.find((s) => s.code === address.site);
  const tel = site?.enclosure_set.find((e) => e.code === address.enclosure)?.telescope_set.find((t) => t.code === address.telescope);
  const filters = new Set(pc.configuration.instrument_configs.map(filterOf));
  const [onlyFilter] = [...filters];
  return {
    ...frameIdentity(address, obs, pc),
    // Known only when every instrument config uses the same filter; otherwise the file's FILTER stays.
    filter: filters.size === 1 ? (onlyFilter ?? null) : null,
    siteUtcOffsetHours: typeof site?.timezone === 'number' ? site.timezone : 0,
    siteLocation: tel ? { latitudeDeg: tel.lat, longitudeDeg: tel.long, heightM: site?.elevation ?? 0 } : null,
  };
}

export interface OperatorApi {
  /** This telescope's observations overlapping [from, to), with their configuration statuses. */
  schedule(fromUtcMs: number, toUtcMs: number): Promise<ObservationPlan[]>;
  /**
   * Records one configuration's outcome, ingesting `mark.framePaths` first into `frames` (default:
   * the sink given at creation). Resolves with the archived basenames. Throws `not_found` /
   * `validation.invalid` (field errors `frames.<i>` for refused files) / `conflict.state`.
   */
  mark(statusId: number, mark: OperatorMark, frames?: OperatorFrameSink): Promise<{ archivedBasenames: string[] }>;
}

export function createOperatorApi(address: TelescopeAddress, reporter: StatusReporterDeps, journal: Journal, clock: Clock, defaultFrames?: OperatorFrameSink): OperatorApi {
  return {
    schedule: (from, to) => scheduleOf(reporter.db, address, from, to),
    async mark(statusId, m, sink = defaultFrames) {
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
      let now = clock.nowMs();
      const start = m.startUtcMs ?? now;
      const end = Math.max(start, m.endUtcMs ?? now);
      const paths = m.framePaths ?? [];
      const archived: string[] = [];
      if (paths.length > 0) {
        if (!sink) throw new AppError('not_found', 'The archive is not available to this operator service', { framePaths: ['frame ingest is not available here'] });
        if (!obs || !pc) throw new AppError('not_found', `configuration status ${statusId} has no configuration to file frames under`);
        const exposureRows = new Map<string, number>();
        const recorded = new Map<string, number>();
        // Every recorded frame is noted as it lands, so a failure part-way still journals the truth.
        const target = {
          archiveRoot: sink.archiveRoot,
          recordFrame: async (w: Parameters<OperatorFrameSink['recordFrame']>[0]) => {
            const stored = await sink.recordFrame(w);
            recorded.set(w.basename, stored.id);
            return stored;
          },
        };
        const closeOut = (): void => {
          const at = clock.nowMs();
          for (const [basename, id] of exposureRows) {
            const frameId = recorded.get(basename);
            journal.endExposure(id, frameId === undefined ? 'failed' : 'recorded', at, frameId ?? null, frameId === undefined ? 'operator ingest failed' : null);
          }
          if (recorded.size > 0) sink.onIngested?.([...recorded.values()]);
        };
        const firstExposureSec = pc.configuration.instrument_configs[0]?.exposure_time ?? 0;
        // ingestFrames refuses bad files (field errors `frames.<i>`) before a number is allocated or anything written.
        const ingested = await ingestFrames(target, paths, {
          template: operatorFrameTemplate(reporter.configdb(), address, obs, pc),
          fallbackStartUtcMs: start,
          fallbackExposureSec: firstExposureSec,
          writtenUtcMs: now,
          ingestedBy: 'operator',
          allocateFrameNumber: (a) => {
            // The journal's numbering, so a robotic frame later that night never reuses the basename.
            const rowOf = journal.beginExposure({ telescopeId: address.telescopeId, observationId: row.observation_id, configurationStatusId: statusId, purpose: 'science', instrumentId: a.instrumentId, dayObs: a.dayObs, exposureSec: a.exposureSec, startedUtcMs: a.startUtcMs, basenameFor: a.basenameFor });
            exposureRows.set(rowOf.basename, rowOf.id);
            return rowOf.frameNumber;
          },
        }).catch((error: unknown) => {
          // A write failed part-way (disk full…): frames already recorded stay archived; nothing is marked.
          closeOut();
          throw error;
        });
        closeOut();
        now = clock.nowMs();
        for (const f of ingested) archived.push(f.written.basename);
      }
      const frames = [...(m.frameBasenames ?? []), ...archived];
      journal.record({ telescopeId: address.telescopeId, utcMs: now, kind: 'operator.mark', observationId: row.observation_id, configurationStatusId: statusId, detail: { ...m, archivedBasenames: archived } });
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
            events: [
              ...(archived.length > 0 ? [{ time: new Date(now).toISOString(), description: `${archived.length} frame(s) ingested from the operator's files`, frames: archived }] : []),
              { time: new Date(now).toISOString(), description: `marked ${m.state} by the operator`, frames },
            ],
          },
          ...(m.state === 'NOT_ATTEMPTED' ? {} : { endUtcMs: Math.max(end, (obs?.startUtcMs ?? 0) + 1) }),
        },
        now,
      );
      return { archivedBasenames: archived };
    },
  };
}
