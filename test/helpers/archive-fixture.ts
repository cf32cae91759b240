/**
 * The archive tests' shared setup: a frame description and a stored frame's header fields with
 * defaults (tests override what they assert on), and a real archive (SQLite file + archive root in a temp dir, simulated clock,
 * memory logger) that writes 40 × 30 uint16 frames.
 */
import { join } from 'node:path';
import { SimulatedClock } from '../../src-main/clock';
import { createArchive, writeFrame } from '../../src-main/archive';
import type { Archive, FrameToWrite, HeaderFrameFields, WrittenFrame } from '../../src-main/archive';
import { openDatabase, type OpenDatabase } from '../../src-main/db';
import { createMemoryLogger } from '../../src-main/logging';
import { makeTempDir } from './temp-dir';

/** The fixture clock's start, UTC ms (2026-11-22 06:00, the morning after the default frame). */
export const START_MS = Date.UTC(2026, 10, 22, 6);

/** A frame description: site tst, instrument xx01, M42 in V, 10 s at 2026-11-21 22:00 UTC; `overrides` change what a test needs. */
export function frameToWrite(overrides: Partial<FrameToWrite> = {}): FrameToWrite {
  return {
    siteId: 'tst',
    enclosureId: 'doma',
    telescopeId: '1m0a',
    telescopeName: '1m0-01',
    instrumentId: 'xx01',
    instrumentType: null,
    proposalId: 'TEST-001',
    userId: 'alice',
    groupId: 'g',
    observationId: 1,
    requestId: 2,
    requestGroupId: 3,
    configurationId: 4,
    configurationType: 'EXPOSE',
    targetName: 'M42',
    filter: 'V',
    startUtcMs: Date.UTC(2026, 10, 21, 22),
    exposureSec: 10,
    requestedExposureSec: null,
    siteUtcOffsetHours: 2,
    publicUtcMs: Date.UTC(2027, 10, 21, 22),
    reductionLevel: 0,
    frameNumber: 12,
    binning: [1, 1],
    pointing: { raDeg: 83.82, decDeg: -5.39, pixelScaleArcsec: 1, rotationDeg: 0 },
    siteLocation: null,
    ...overrides,
  };
}

/**
 * A frame's header fields as the archive stores them: tfn's sc01, M31 in V, 30 s on 2026-11-21
 * 03:00 UTC (DAY-OBS 20261121), PROP-A submitted by alice, public from 2027-11-21, no footprint;
 * `overrides` change what a test needs.
 */
export function headerFrameFields(overrides: Partial<HeaderFrameFields> = {}): HeaderFrameFields {
  return {
    basename: 'tfn1m001-sc01-20261121-0001-e00',
    observationUtcMs: Date.UTC(2026, 10, 21, 3),
    dayObs: '20261121',
    proposalId: 'PROP-A',
    instrumentId: 'sc01',
    targetName: 'M31',
    reductionLevel: 0,
    siteId: 'tfn',
    telescopeId: '1m0a',
    exposureSec: 30,
    primaryOpticalElement: 'V',
    publicUtcMs: Date.UTC(2027, 10, 21),
    configurationType: 'EXPOSE',
    observationId: 100,
    requestId: 200,
    submitter: 'alice',
    area: null,
    ...overrides,
  };
}

export interface ArchiveFixture {
  dataDir: string;
  archiveRoot: string;
  clock: SimulatedClock;
  database: OpenDatabase;
  archive: Archive;
  logLines: string[];
  /** Writes a 40 × 30 uint16 frame of `frameToWrite(overrides)` at the clock's now (not recorded). */
  write(overrides?: Partial<FrameToWrite>): Promise<WrittenFrame>;
  /** Opens a second database on the same archive root (a fresh install, or a lost database). */
  reopen(): Promise<{ database: OpenDatabase; archive: Archive }>;
  /** Closes every database opened, disposes the clock and removes the temp dir. */
  close(): Promise<void>;
}

/** A real archive in a fresh temp dir, with no disk reserve (the disk-space test sets its own sizes). */
export async function archiveFixture(): Promise<ArchiveFixture> {
  const dir = makeTempDir();
  const archiveRoot = join(dir.path, 'archive');
  const clock = new SimulatedClock(START_MS);
  const logLines: string[] = [];
  const logger = createMemoryLogger(logLines);
  const database = await openDatabase(join(dir.path, 'nightshift.db'));
  const archive = createArchive({ db: database.db, raw: database.raw, clock, logger, archiveRoot, dataDir: dir.path, diskReserveBytes: 0 });
  const opened: OpenDatabase[] = [database];
  const data = Uint16Array.from({ length: 40 * 30 }, (_, i) => (i * 37) % 4000);
  return {
    dataDir: dir.path,
    archiveRoot,
    clock,
    database,
    archive,
    logLines,
    write: (overrides = {}) => writeFrame(archiveRoot, frameToWrite(overrides), { kind: 'uint16', width: 40, height: 30, data }, { writtenUtcMs: clock.nowMs() }),
    async reopen() {
      const db2 = await openDatabase(join(dir.path, `second-${opened.length}.db`));
      opened.push(db2);
      return { database: db2, archive: createArchive({ db: db2.db, raw: db2.raw, clock, logger, archiveRoot, dataDir: dir.path }) };
    },
    async close() {
      for (const d of opened) await d.close();
      clock.dispose();
      dir.remove();
    },
  };
}
