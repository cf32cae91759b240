/** The record of every scheduler run (the run log) and the events that announce a stored one. */
import type { EventBus } from '../../events/bus';
import type { Db } from '../../portal';
import type { Schedule, SchedulerInput } from '../kernel';
import type { PersistResult } from './persist';
import { insertRun, runById, type RunKind, type RunSummary } from './runs-repo';

/** Wall-clock durations of a run's phases, ms (performance.now, not the observatory clock). */
export interface RunTimes {
  buildMs: number;
  solveMs: number;
  persistMs: number;
}

/** What one run did; `schedule`/`persisted` are null when it failed (or stored nothing) before them. */
export interface RunOutcome {
  kind: RunKind;
  trigger: string;
  /** Clock ms at which the run started. */
  startedMs: number;
  input: SchedulerInput;
  times: RunTimes;
  schedule: Schedule | null;
  persisted: PersistResult | null;
  /** The failure's message, or null. */
  error: string | null;
  /** Kept in the run's `changes` beside what the store changed. */
  extraChanges?: Record<string, unknown>;
}

export interface RunRecorder {
  /** Inserts the run and reads it back. Throws when the database fails. */
  record(o: RunOutcome): Promise<RunSummary>;
  /** Publishes `schedule.changed` once, then `timeline.changed` for each site. */
  announce(run: RunSummary, sites: readonly string[]): void;
}

export function createRunRecorder(db: Db, bus: EventBus): RunRecorder {
  return {
    async record({ kind, trigger, startedMs, input, times, schedule, persisted, error, extraChanges = {} }) {
      const id = await insertRun(db, {
        kind,
        trigger,
        startedMs,
        input,
        ...times,
        quality: schedule?.quality ?? null,
        blockCount: schedule?.blocks.length ?? 0,
        created: persisted?.created.length ?? 0,
        canceled: persisted?.canceled.length ?? 0,
        kept: persisted?.kept ?? 0,
        changes: persisted ? { created: persisted.created, canceled: persisted.canceled, skipped: persisted.skipped, interruptedObservationId: persisted.interruptedObservationId, ...extraChanges } : extraChanges,
        explanations: schedule?.explanations ?? [],
        error,
      });
      const run = await runById(db, id);
      if (!run) throw new Error(`scheduler run ${id} vanished`);
      return run;
    },
    announce(run, sites) {
      bus.publish('schedule.changed', { runId: run.id, kind: run.kind, siteCodes: [...sites] });
      for (const siteCode of sites) bus.publish('timeline.changed', { siteCode });
    },
  };
}
