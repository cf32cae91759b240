import { join } from 'node:path';
import { SimulatedClock } from '../../../src-main/clock';
import { createArchive, writeFrame } from '../../../src-main/archive';
import type { Archive, FrameToWrite, WrittenFrame } from '../../../src-main/archive';
import { openDatabase, type OpenDatabase } from '../../../src-main/db';
import { createMemoryLogger } from '../../../src-main/logging';
import { makeTempDir } from '../../helpers/temp-dir';

export const START_MS = Date.UTC(2026, 10, 22, 6);

/** A frame description; `overrides` change what a test needs. */
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

export interface ArchiveFixture {
  dataDir: string;
  archiveRoot: string;
  clock: SimulatedClock;
  database: OpenDatabase;
  archive: Archive;
  logLines: string[];
  write(overrides?: Partial<FrameToWrite>): Promise<WrittenFrame>;
  /** Opens a second database on the same archive root (a fresh install, or a lost database). */
  reopen(): Promise<{ database: OpenDatabase; archive: Archive }>;
  close(): Promise<void>;
}

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
