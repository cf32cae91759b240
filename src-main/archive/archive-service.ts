/**
 * Recording frames in the database once their files are durable, and recovery on start: a crash
 * between `writeFrame`'s rename and the insert leaves a complete file with no row, which is
 * indexed from its own header; stray temp files are swept.
 */
import { open, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { Clock } from '../clock';
import type { Logger } from '../logging';
import type { FitsCard, FitsValue } from './fits/card';
import { headerValue } from './fits/header';
import { decodeFits, readHeader } from './fits/reader';
import type { IndexedFrame, WrittenFrame } from './frame-store';
import { indexFrameFile } from './frame-store';
import type { HeaderFrameFields } from './frame-metadata';
import { headerDict } from './frames-repo';
import type { FramesRepo, NewFrame, StoredFrame } from './frames-repo';
import { thumbnailRelativePath } from './paths';
import { sweepTempFiles, writeFileAtomic } from './safe-write';
import { makeThumbnail } from './thumbnail';

/** Header keys naming the frames a reduced frame was made from (values are basenames, maybe with extensions). */
export const RELATED_FRAME_KEYS = ['L1IDBIAS', 'L1IDDARK', 'L1IDFLAT', 'L1IDSHUT', 'L1IDMASK', 'L1IDFRNG', 'L1IDCAT', 'L1IDARC', 'L1IDLAMP', 'L1IDTMPL', 'GUIDETAR'] as const;

const FRAME_FILE = /\.fits(\.fz)?$/;
const ABSENT = new Set(['', 'N/A', 'UNSPECIFIED', 'UNKNOWN']);
const HEADER_READ_LIMIT_BLOCKS = 200;

function intOrNull(v: FitsValue | null): number | null {
  if (v === null || typeof v === 'boolean') return null;
  if (typeof v === 'string' && ABSENT.has(v.trim().toUpperCase())) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
}

/** Related basenames from a header, extensions stripped, absent markers dropped. */
export function relatedBasenames(cards: readonly FitsCard[]): string[] {
  const out: string[] = [];
  for (const key of RELATED_FRAME_KEYS) {
    const v = headerValue(cards, key);
    if (typeof v !== 'string' || ABSENT.has(v.trim().toUpperCase())) continue;
    out.push(v.trim().replace(/(\.fits)?(\.fz)?$/, ''));
  }
  return out;
}

/** The row for a frame file, from its full primary header and file facts. */
export function newFrameFromHeader(
  fields: HeaderFrameFields,
  cards: readonly FitsCard[],
  file: { relativePath: string; md5: string; byteLength: number },
  thumbnailKey: string | null,
  createdUtcMs: number,
): NewFrame {
  const extension = FRAME_FILE.exec(file.relativePath)?.[0] ?? '.fits';
  return {
    fields,
    requestGroupId: intOrNull(headerValue(cards, 'TRACKNUM')),
    configurationId: intOrNull(headerValue(cards, 'MOLUID')),
    headers: headerDict(cards),
    thumbnailKey,
    version: { key: file.relativePath, md5: file.md5, extension, byteLength: file.byteLength },
    relatedBasenames: relatedBasenames(cards),
    createdUtcMs,
  };
}

/** Reads just the primary header of a file (block by block until END). */
async function readFileHeader(path: string): Promise<FitsCard[]> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    for (let block = 0; block < HEADER_READ_LIMIT_BLOCKS; block++) {
      const buf = Buffer.alloc(2880);
      const { bytesRead } = await handle.read(buf, 0, 2880, block * 2880);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      const text = buf.subarray(0, bytesRead).toString('latin1');
      // END always starts an 80-byte record; parse only once it has been read.
      let hasEnd = false;
      for (let i = 0; i + 8 <= text.length; i += 80) if (text.slice(i, i + 8) === 'END     ') hasEnd = true;
      if (hasEnd) return readHeader(new Uint8Array(Buffer.concat(chunks))).cards;
    }
  } finally {
    await handle.close();
  }
  throw new AppError('validation.invalid', `no FITS header END in ${path}`);
}

function toAbsolute(root: string, relativePath: string): string {
  return join(root, ...relativePath.split('/'));
}

export interface RecoveryReport {
  /** Temp files removed, relative to the archive root. */
  sweptTempFiles: string[];
  /** Frame files found on disk without a row and now recorded (relative paths). */
  indexed: string[];
  /** Frame files that could not be recorded, with the reason (left in place for a person to look at). */
  rejected: { relativePath: string; reason: string }[];
  /** Frame files already recorded. */
  alreadyRecorded: number;
}

export interface FrameRecorderOptions {
  repo: FramesRepo;
  clock: Clock;
  logger: Logger;
  archiveRoot: string;
  /** Called after each frame is recorded (live or recovered), e.g. to publish an event. */
  onRecorded?: (frame: StoredFrame) => void;
}

export interface FrameRecorder {
  /**
   * Records a frame whose file `writeFrame` has made durable: frame + version in one transaction.
   * Idempotent for the same file (same key and md5): returns the existing row. Throws
   * `conflict.state` when the basename is recorded with a different file.
   */
  recordFrame(written: WrittenFrame): Promise<StoredFrame>;
  /** Sweeps temp files and records every frame file on disk that has no row. Never throws for one bad file. */
  recover(): Promise<RecoveryReport>;
}

export function createFrameRecorder(options: FrameRecorderOptions): FrameRecorder {
  const { repo, clock, archiveRoot } = options;
  const log = options.logger.child('archive');

  async function insertOrExisting(frame: NewFrame): Promise<StoredFrame> {
    try {
      await repo.insertFrame(frame);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict.state')) throw error;
      const existing = await repo.getFrameByBasename(frame.fields.basename);
      const same = existing?.versions.some((v) => v.key === frame.version.key && v.md5 === frame.version.md5) ?? false;
      if (existing === null || !same) throw error;
      return existing;
    }
    const stored = await repo.getFrameByBasename(frame.fields.basename);
    if (stored === null) throw new AppError('internal', `frame ${frame.fields.basename} vanished after insert`);
    options.onRecorded?.(stored);
    return stored;
  }

  async function walk(relativeDir: string, report: RecoveryReport, files: string[]): Promise<void> {
    const abs = toAbsolute(archiveRoot, relativeDir);
    for (const name of await sweepTempFiles(abs)) report.sweptTempFiles.push(relativeDir === '' ? name : `${relativeDir}/${name}`);
    const entries = await readdir(abs, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const rel = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) await walk(rel, report, files);
      else if (entry.isFile() && FRAME_FILE.test(entry.name)) files.push(rel);
    }
  }

  async function ensureThumbnail(indexed: IndexedFrame): Promise<string | null> {
    const key = thumbnailRelativePath(indexed.relativePath, 'small');
    const exists = await open(toAbsolute(archiveRoot, key), 'r').then(
      async (h) => {
        await h.close();
        return true;
      },
      () => false,
    );
    if (exists) return key;
    try {
      const bytes = await readFile(toAbsolute(archiveRoot, indexed.relativePath));
      const hdu = decodeFits(new Uint8Array(bytes));
      const [width, height] = hdu.axes;
      if (hdu.data === null || width === undefined || height === undefined || hdu.axes.length !== 2) return null;
      await writeFileAtomic(toAbsolute(archiveRoot, key), [makeThumbnail(hdu.data, width, height).png], { overwrite: true, durable: false });
      return key;
    } catch (error) {
      // A frame without a thumbnail is still a frame; say so and carry on.
      log.warn('could not remake thumbnail', { path: indexed.relativePath, error: String(error) });
      return null;
    }
  }

  return {
    async recordFrame(written) {
      const cards = await readFileHeader(written.absolutePath);
      return insertOrExisting(newFrameFromHeader(written.fields, cards, written, written.thumbnailPath, clock.nowMs()));
    },

    async recover() {
      const report: RecoveryReport = { sweptTempFiles: [], indexed: [], rejected: [], alreadyRecorded: 0 };
      const files: string[] = [];
      await walk('', report, files);
      const known = await repo.allVersionKeys();
      for (const rel of files.sort()) {
        if (known.has(rel)) {
          report.alreadyRecorded++;
          continue;
        }
        try {
          const indexed = await indexFrameFile(archiveRoot, rel);
          const thumb = await ensureThumbnail(indexed);
          await insertOrExisting(newFrameFromHeader(indexed.fields, indexed.cards, indexed, thumb, clock.nowMs()));
          report.indexed.push(rel);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          report.rejected.push({ relativePath: rel, reason });
          log.warn('archive file not recorded', { path: rel, reason });
        }
      }
      if (report.sweptTempFiles.length + report.indexed.length + report.rejected.length > 0) {
        log.info('archive recovery', { swept: report.sweptTempFiles.length, indexed: report.indexed.length, rejected: report.rejected.length, alreadyRecorded: report.alreadyRecorded });
      }
      return report;
    },
  };
}

