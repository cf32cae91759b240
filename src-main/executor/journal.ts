/**
 * The night journal: every executor and safety transition, and every exposure with its frame
 * number, written synchronously through the raw better-sqlite3 connection (synchronous=FULL) BEFORE
 * the device is told. On restart the journal and the real device state are reconciled (recovery.ts).
 */
import type BetterSqlite3 from 'better-sqlite3';

/** One journal line. `detail` is plain JSON. */
export interface JournalEntry {
  telescopeId: string;
  utcMs: number;
  /** Dotted kind, e.g. `observation.start`, `config.end`, `slew`, `exposure.start`, `safety.unsafe`. */
  kind: string;
  observationId?: number | null;
  configurationStatusId?: number | null;
  detail?: Record<string, unknown>;
}

export interface JournalRow {
  id: number;
  telescopeId: string;
  utcMs: number;
  kind: string;
  observationId: number | null;
  configurationStatusId: number | null;
  detail: Record<string, unknown>;
}

export type ExposureState = 'started' | 'recorded' | 'failed' | 'interrupted';

export interface ExposureRow {
  id: number;
  telescopeId: string;
  observationId: number | null;
  configurationStatusId: number | null;
  purpose: 'science' | 'acquisition';
  instrumentId: string;
  dayObs: string;
  frameNumber: number;
  basename: string;
  exposureSec: number;
  state: ExposureState;
  startedUtcMs: number;
  endedUtcMs: number | null;
  frameId: number | null;
  reason: string | null;
}

export interface BeginExposure {
  telescopeId: string;
  observationId: number | null;
  configurationStatusId: number | null;
  purpose: 'science' | 'acquisition';
  instrumentId: string;
  dayObs: string;
  exposureSec: number;
  startedUtcMs: number;
  /** The basename the frame will get with this frame number (frame numbers are 1..9999 per day). */
  basenameFor: (frameNumber: number) => string;
}

export interface Journal {
  /** Appends one entry; returns its id. Synchronous and durable when it returns. */
  record(entry: JournalEntry): number;
  /**
   * Allocates the next frame number of the instrument's day and journals the exposure as `started`,
   * in one transaction, before the shutter opens: a restart never reuses the number or basename.
   */
  beginExposure(b: BeginExposure): ExposureRow;
  /** Marks an exposure finished: `recorded` (with its frame id) or `failed`/`interrupted` with a reason. */
  endExposure(id: number, state: Exclude<ExposureState, 'started'>, endedUtcMs: number, frameId: number | null, reason: string | null): void;
  /** Exposures still `started` (interrupted by a crash when read at start-up). */
  openExposures(telescopeId: string): ExposureRow[];
  exposuresOfStatus(configurationStatusId: number): ExposureRow[];
  /** Entries of a telescope (or all when null) within [fromUtcMs, toUtcMs), oldest first. */
  entries(telescopeId: string | null, fromUtcMs: number, toUtcMs: number): JournalRow[];
  /** The latest entry of a telescope whose kind starts with `prefix`, or null. */
  last(telescopeId: string, prefix: string): JournalRow | null;
  /** Entries about one configuration status, oldest first (recovery: when it started and last moved). */
  entriesOfStatus(configurationStatusId: number): JournalRow[];
}

interface RawExposure {
  id: number;
  telescope_id: string;
  observation_id: number | null;
  configuration_status_id: number | null;
  purpose: string;
  instrument_id: string;
  day_obs: string;
  frame_number: number;
  basename: string;
  exposure_sec: number;
  state: string;
  started_utc_ms: number;
  ended_utc_ms: number | null;
  frame_id: number | null;
  reason: string | null;
}

interface RawEntry {
  id: number;
  telescope_id: string;
  utc_ms: number;
  kind: string;
  observation_id: number | null;
  configuration_status_id: number | null;
  detail_json: string;
}

const toExposure = (r: RawExposure): ExposureRow => ({
  id: r.id,
  telescopeId: r.telescope_id,
  observationId: r.observation_id,
  configurationStatusId: r.configuration_status_id,
  purpose: r.purpose === 'acquisition' ? 'acquisition' : 'science',
  instrumentId: r.instrument_id,
  dayObs: r.day_obs,
  frameNumber: r.frame_number,
  basename: r.basename,
  exposureSec: r.exposure_sec,
  state: r.state as ExposureState,
  startedUtcMs: r.started_utc_ms,
  endedUtcMs: r.ended_utc_ms,
  frameId: r.frame_id,
  reason: r.reason,
});

const toEntry = (r: RawEntry): JournalRow => ({
  id: r.id,
  telescopeId: r.telescope_id,
  utcMs: r.utc_ms,
  kind: r.kind,
  observationId: r.observation_id,
  configurationStatusId: r.configuration_status_id,
  detail: JSON.parse(r.detail_json) as Record<string, unknown>,
});

/** The journal over the raw connection (tables from migration 0005). */
export function createJournal(raw: BetterSqlite3.Database): Journal {
  const insertEntry = raw.prepare(
    'insert into night_journal (telescope_id, utc_ms, kind, observation_id, configuration_status_id, detail_json) values (?, ?, ?, ?, ?, ?)',
  );
  const nextNumber = raw.prepare(
    `insert into executor_frame_numbers (instrument_id, day_obs, last_frame_number) values (?, ?, 1)
     on conflict (instrument_id, day_obs) do update set last_frame_number = last_frame_number + 1
     returning last_frame_number`,
  );
  const basenameTaken = raw.prepare('select 1 from executor_exposures where basename = ? union all select 1 from frames where basename = ? limit 1');
  const insertExposure = raw.prepare(
    `insert into executor_exposures (telescope_id, observation_id, configuration_status_id, purpose, instrument_id, day_obs, frame_number,
       basename, exposure_sec, state, started_utc_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'started', ?) returning *`,
  );
  const updateExposure = raw.prepare('update executor_exposures set state = ?, ended_utc_ms = ?, frame_id = ?, reason = ? where id = ?');
  const open = raw.prepare("select * from executor_exposures where telescope_id = ? and state = 'started' order by id");
  const ofStatus = raw.prepare('select * from executor_exposures where configuration_status_id = ? order by id');
  const entriesOf = raw.prepare('select * from night_journal where telescope_id = ? and utc_ms >= ? and utc_ms < ? order by utc_ms, id');
  const entriesAll = raw.prepare('select * from night_journal where utc_ms >= ? and utc_ms < ? order by utc_ms, id');
  const entriesOfStatusStmt = raw.prepare('select * from night_journal where configuration_status_id = ? order by utc_ms, id');
  const lastOf = raw.prepare("select * from night_journal where telescope_id = ? and kind like ? escape '\\' order by id desc limit 1");

  const begin = raw.transaction((b: BeginExposure): ExposureRow => {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const { last_frame_number: n } = nextNumber.get(b.instrumentId, b.dayObs) as { last_frame_number: number };
      const basename = b.basenameFor(n);
      // A number used outside the journal (a frame recovered from disk, a manual frame) is skipped.
      if (basenameTaken.get(basename, basename) !== undefined) continue;
      const row = insertExposure.get(
        b.telescopeId, b.observationId, b.configurationStatusId, b.purpose, b.instrumentId, b.dayObs, n, basename, b.exposureSec, b.startedUtcMs,
      ) as RawExposure;
      return toExposure(row);
    }
    throw new Error(`no free frame number for ${b.instrumentId} on ${b.dayObs}`);
  });

  return {
    record: (e) =>
      Number(
        insertEntry.run(e.telescopeId, e.utcMs, e.kind, e.observationId ?? null, e.configurationStatusId ?? null, JSON.stringify(e.detail ?? {})).lastInsertRowid,
      ),
    beginExposure: (b) => begin.immediate(b),
    endExposure: (id, state, endedUtcMs, frameId, reason) => {
      updateExposure.run(state, endedUtcMs, frameId, reason, id);
    },
    openExposures: (telescopeId) => (open.all(telescopeId) as RawExposure[]).map(toExposure),
    exposuresOfStatus: (id) => (ofStatus.all(id) as RawExposure[]).map(toExposure),
    entries: (telescopeId, from, to) =>
      ((telescopeId === null ? entriesAll.all(from, to) : entriesOf.all(telescopeId, from, to)) as RawEntry[]).map(toEntry),
    entriesOfStatus: (id) => (entriesOfStatusStmt.all(id) as RawEntry[]).map(toEntry),
    last: (telescopeId, prefix) => {
      const r = lastOf.get(telescopeId, `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as RawEntry | undefined;
      return r ? toEntry(r) : null;
    },
  };
}

/**
 * The latest time the night journal recorded, UTC ms; null for an empty journal. A simulated night
 * restarted on the same data directory resumes its clock from here (time never runs backwards
 * over a journal).
 */
export function lastJournalUtcMs(raw: BetterSqlite3.Database): number | null {
  const row = raw.prepare('select max(utc_ms) as utcMs from night_journal').get() as { utcMs: number | null } | undefined;
  return row?.utcMs ?? null;
}
