/**
 * Ingest of frames taken outside Nightshift (an operator's own camera software): a FITS file on the
 * site computer's disk is validated, its OCS archive headers are filled or corrected from the
 * configuration it belongs to, and it is written into the archive exactly as robotic frames are
 * (temp file → fsync → rename, then the frames row with checksum and thumbnail).
 *
 * The data unit is copied byte for byte (any BITPIX, any scaling): only the header changes, so the
 * science pixels are never re-quantised.
 */
import { open, stat } from 'node:fs/promises';
import { basename as pathBasename, isAbsolute, join } from 'node:path';
import { AppError, toAppError } from '../../src-shared/errors';
import { dayObs, fitsDateTime, parseUtc } from './dates';
import type { FitsCard } from './fits/card';
import { isCommentaryKey, needsContinue } from './fits/card';
import { addOnesComplement, complement32, encodeChecksum, onesComplementSum } from './fits/checksum';
import { BLOCK_SIZE, headerNumber, headerString, headerValue, paddedLength, serializeHeader } from './fits/header';
import { decodeFits, verifyFitsChecksum } from './fits/reader';
import type { FitsHdu } from './fits/reader';
import { archiveFieldsFromHeader, defaultPublicUtcMs } from './frame-metadata';
import type { FrameToWrite, WrittenFrame } from './frame-store';
import type { StoredFrame } from './frames-repo';
import { ocsHeaderCards } from './ocs-headers';
import type { FrameDescription } from './ocs-headers';
import { archiveRelativePath, frameBasename, thumbnailRelativePath } from './paths';
import { writeFileAtomic } from './safe-write';
import { makeThumbnail } from './thumbnail';

/** Default largest file accepted, bytes (the whole file is held in memory while it is rewritten). */
export const DEFAULT_INGEST_MAX_BYTES = 1024 * 1024 * 1024;

/** At most this many files per call (one configuration's frames). */
export const MAX_INGEST_FILES = 200;

/** What the configuration being marked says about its frames (everything a hand-taken file cannot know). */
export type IngestTemplate = Omit<FrameToWrite, 'startUtcMs' | 'exposureSec' | 'frameNumber' | 'binning' | 'pointing' | 'publicUtcMs' | 'requestedExposureSec'>;

export interface IngestContext {
  template: IngestTemplate;
  /** DATE-OBS when the file has none (e.g. the mark's start), UTC ms. */
  fallbackStartUtcMs: number;
  /** EXPTIME when the file has none (e.g. the configuration's exposure time), seconds ≥ 0. */
  fallbackExposureSec: number;
  /** When the file is written (DATE), UTC ms. */
  writtenUtcMs: number;
  /**
   * Allocates the frame number of the instrument's day (the executor's journal, so robotic and
   * ingested frames never share a basename). `basenameFor(n)` is the name the frame gets with `n`.
   */
  allocateFrameNumber(args: { instrumentId: string; dayObs: string; startUtcMs: number; exposureSec: number; basenameFor: (n: number) => string }): number;
  /** Who ingested it, for the HISTORY card (e.g. `operator`). */
  ingestedBy: string;
  /** Largest file accepted, bytes (default `DEFAULT_INGEST_MAX_BYTES`). */
  maxBytes?: number;
  /** Write a thumbnail (default true). */
  thumbnail?: boolean;
}

/** Where ingested frames go: the core's archive (`createArchive`) satisfies this. */
export interface IngestTarget {
  archiveRoot: string;
  recordFrame(written: WrittenFrame): Promise<StoredFrame>;
}

/** A file that passed validation: its bytes and decoded primary HDU (header only). */
export interface InspectedFrameFile {
  path: string;
  bytes: Uint8Array;
  hdu: FitsHdu;
  widthPx: number;
  heightPx: number;
}

export interface IngestedFrame {
  /** The file it came from (as given). */
  sourcePath: string;
  written: WrittenFrame;
  stored: StoredFrame;
}

function bad(message: string): AppError {
  return new AppError('validation.invalid', message);
}

/**
 * Reads and validates one file: an absolute path to a regular file of at most `maxBytes`, FITS
 * (SIMPLE = T, an END card, a complete data unit) with a 2-D image in the primary HDU (NAXIS 2, or
 * more axes of length 1) and no failing checksum. Throws `validation.invalid` whose message is
 * the short reason ("not a FITS file", "file not found", …).
 */
export async function inspectFrameFile(path: string, maxBytes: number = DEFAULT_INGEST_MAX_BYTES): Promise<InspectedFrameFile> {
  if (path.trim() === '' || !isAbsolute(path)) throw bad('must be an absolute path on the site computer');
  const info = await stat(path).catch(() => null);
  if (info === null) throw bad('file not found');
  if (!info.isFile()) throw bad('not a regular file');
  if (info.size < BLOCK_SIZE) throw bad('not a FITS file (shorter than one 2880-byte block)');
  if (info.size > maxBytes) throw bad(`file too large (${info.size} bytes; the limit is ${maxBytes})`);
  const handle = await open(path, 'r');
  let bytes: Uint8Array;
  try {
    const buf = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(buf, 0, info.size, 0);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
  } finally {
    await handle.close();
  }
  const head = Buffer.from(bytes.subarray(0, 30)).toString('latin1');
  if (!/^SIMPLE {2}= +T/.test(head)) throw bad('not a FITS file');
  let hdu: FitsHdu;
  try {
    hdu = decodeFits(bytes, { data: false });
  } catch (error) {
    throw bad(`not a readable FITS file: ${toAppError(error).message.replace(/^not a readable FITS file: /, '')}`);
  }
  const [widthPx, heightPx, ...rest] = hdu.axes;
  if (widthPx === undefined || heightPx === undefined || widthPx < 1 || heightPx < 1 || rest.some((n) => n !== 1)) {
    throw bad(hdu.axes.length === 0 ? 'no image in the primary HDU (compressed .fz files are not supported)' : `primary HDU is not a 2-D image (NAXIS = ${hdu.axes.length})`);
  }
  // A failing checksum means the copy is damaged: better refused now than archived as good.
  if (headerValue(hdu.cards, 'CHECKSUM') !== null || headerValue(hdu.cards, 'DATASUM') !== null) {
    const end = hdu.headerBytes + hdu.dataBytes;
    if (end <= bytes.length) {
      const verdict = verifyFitsChecksum(bytes.subarray(0, end));
      if (verdict.datasum === 'bad' || verdict.checksum === 'bad') throw bad('checksum mismatch (the file is damaged)');
    }
  }
  return { path, bytes, hdu, widthPx, heightPx };
}

/**
 * Validates every file before any is written. Throws `validation.invalid` with field errors keyed
 * `frames.<index>` (one message each, naming the problem) when any file is refused.
 */
export async function inspectFrameFiles(paths: readonly string[], maxBytes: number = DEFAULT_INGEST_MAX_BYTES): Promise<{ path: string; widthPx: number; heightPx: number }[]> {
  if (paths.length > MAX_INGEST_FILES) {
    throw new AppError('validation.invalid', `at most ${MAX_INGEST_FILES} frames per configuration`, { frames: [`${paths.length} given; the limit is ${MAX_INGEST_FILES}`] });
  }
  const errors: Record<string, string[]> = {};
  const out: { path: string; widthPx: number; heightPx: number }[] = [];
  const seen = new Set<string>();
  for (const [i, path] of paths.entries()) {
    try {
      if (seen.has(path)) throw bad('listed twice');
      seen.add(path);
      // Only the verdict is kept: holding up to 200 frames in memory at once would be too much.
      const { widthPx, heightPx } = await inspectFrameFile(path, maxBytes);
      out.push({ path, widthPx, heightPx });
    } catch (error) {
      errors[`frames.${i}`] = [`${path}: ${toAppError(error).message}`];
    }
  }
  const failed = Object.keys(errors);
  if (failed.length > 0) {
    const first = failed[0] === undefined ? '' : (errors[failed[0]]?.[0] ?? '');
    throw new AppError('validation.invalid', failed.length === 1 ? `frame refused: ${first}` : `${failed.length} frames refused; first: ${first}`, errors);
  }
  return out;
}

const STRUCTURAL = /^(SIMPLE|BITPIX|NAXIS\d*|EXTEND|BZERO|BSCALE|PCOUNT|GCOUNT|END|CHECKSUM|DATASUM)$/;

function fileStartUtcMs(cards: readonly FitsCard[]): number | null {
  const text = headerString(cards, 'DATE-OBS');
  if (text === null) return null;
  const t = parseUtc(text);
  // DATE-OBS with only a date says nothing about when the shutter opened; pair with UTSTART if any.
  if (t !== null && /^\d{4}-\d{2}-\d{2}$/.test(text.trim())) {
    const ut = headerString(cards, 'UTSTART') ?? headerString(cards, 'TIME-OBS');
    const withTime = ut === null ? null : parseUtc(`${text.trim()}T${ut.trim()}`);
    return withTime ?? t;
  }
  return t;
}

function fileExposureSec(cards: readonly FitsCard[]): number | null {
  for (const key of ['EXPTIME', 'EXPOSURE']) {
    const v = headerNumber(cards, key);
    if (v !== null && Number.isFinite(v) && v >= 0) return v;
  }
  return null;
}

function fileBinning(cards: readonly FitsCard[]): [number, number] {
  const ccdsum = headerString(cards, 'CCDSUM');
  const m = ccdsum === null ? null : /^\s*(\d+)\s+(\d+)\s*$/.exec(ccdsum);
  if (m) return [Number(m[1]), Number(m[2])];
  const x = headerNumber(cards, 'XBINNING');
  const y = headerNumber(cards, 'YBINNING');
  if (x !== null && y !== null && Number.isInteger(x) && Number.isInteger(y) && x > 0 && y > 0) return [x, y];
  return [1, 1];
}

function fileDayObs(cards: readonly FitsCard[]): string | null {
  const text = headerString(cards, 'DAY-OBS');
  const m = text === null ? null : /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  return m ? `${m[1]}${m[2]}${m[3]}` : null;
}

function filterOfFile(cards: readonly FitsCard[]): string | null {
  const v = headerString(cards, 'FILTER');
  return v === null || ['', 'N/A', 'UNKNOWN', 'UNSPECIFIED'].includes(v.trim().toUpperCase()) ? null : v.trim();
}

/** The new header: the file's structural keys, our OCS set, then the file's other keys and commentary. */
function mergedCards(original: readonly FitsCard[], ocs: readonly FitsCard[], extra: readonly FitsCard[]): FitsCard[] {
  const structural = original.filter((c) => STRUCTURAL.test(c.key.toUpperCase()) && !['END', 'CHECKSUM', 'DATASUM'].includes(c.key.toUpperCase()));
  const ours = new Set([...ocs, ...extra].map((c) => c.key.toUpperCase()));
  const kept = original.filter((c) => {
    const key = c.key.toUpperCase();
    if (STRUCTURAL.test(key)) return false;
    return isCommentaryKey(key) || !ours.has(key);
  });
  const body = [...ocs, ...kept, ...extra];
  // HEASARC's convention asks for LONGSTRN whenever CONTINUE is used (fitsverify warns otherwise).
  const longstrn: FitsCard[] = body.some(needsContinue) && !body.some((c) => c.key.toUpperCase() === 'LONGSTRN') ? [{ key: 'LONGSTRN', value: 'OGIP 1.0', comment: 'the OGIP long string convention may be used' }] : [];
  return [...structural, ...longstrn, ...body];
}

/** Commentary text as cards of at most 72 characters, broken at spaces where possible. */
function historyCards(text: string): FitsCard[] {
  const out: FitsCard[] = [];
  let rest = text;
  while (rest.length > 72) {
    const cut = rest.lastIndexOf(' ', 72);
    const at = cut > 20 ? cut : 72;
    out.push({ key: 'HISTORY', comment: rest.slice(0, at) });
    rest = rest.slice(at).trimStart();
  }
  out.push({ key: 'HISTORY', comment: rest });
  return out;
}

/** Header with CHECKSUM/DATASUM for this data unit (the FITS checksum convention, as the writer does it). */
function checksummedHeader(cards: readonly FitsCard[], data: Uint8Array, writtenUtcMs: number): { header: Uint8Array; cards: FitsCard[] } {
  const datasumValue = onesComplementSum(data);
  const datasum = String(datasumValue);
  const comment = `HDU checksum updated ${fitsDateTime(writtenUtcMs)}`;
  const withSums = (checksum: string): FitsCard[] => [...cards, { key: 'CHECKSUM', value: checksum, comment }, { key: 'DATASUM', value: datasum, comment: 'data unit checksum' }];
  const draft = serializeHeader(withSums('0000000000000000'));
  const checksum = encodeChecksum(complement32(addOnesComplement(onesComplementSum(draft), datasumValue)));
  const final = withSums(checksum);
  return { header: serializeHeader(final), cards: final };
}

/**
 * Writes one validated file into the archive and records it. DATE-OBS, DAY-OBS, EXPTIME, binning
 * and any WCS are kept from the file when present; the archive keys (PROPID, REQNUM, BLKUID,
 * MOLUID, TRACKNUM, SITEID, ENCID, TELID, INSTRUME, OBSTYPE, OBJECT, USERID, GROUPID…) come from
 * the configuration; FILTER from the configuration when it names one, else the file's. Resolves
 * once the file is durable and its row written. Throws `conflict.state` if the basename is taken.
 */
export async function ingestInspectedFrame(target: IngestTarget, file: InspectedFrameFile, context: IngestContext): Promise<IngestedFrame> {
  const { hdu, bytes } = file;
  const t = context.template;
  const startUtcMs = fileStartUtcMs(hdu.cards) ?? context.fallbackStartUtcMs;
  const exposureSec = fileExposureSec(hdu.cards) ?? context.fallbackExposureSec;
  const day = fileDayObs(hdu.cards) ?? dayObs(startUtcMs, t.siteUtcOffsetHours);
  const nameParts = { siteId: t.siteId, telescopeName: t.telescopeName ?? t.telescopeId, instrumentId: t.instrumentId, dayObs: day, configurationType: t.configurationType, reductionLevel: t.reductionLevel };
  const basenameFor = (n: number): string => frameBasename({ ...nameParts, frameNumber: n });
  const frameNumber = context.allocateFrameNumber({ instrumentId: t.instrumentId, dayObs: day, startUtcMs, exposureSec, basenameFor });
  const basename = basenameFor(frameNumber);
  const description: FrameDescription = {
    ...t,
    filter: t.filter ?? filterOfFile(hdu.cards),
    startUtcMs,
    exposureSec,
    requestedExposureSec: null,
    frameNumber,
    binning: fileBinning(hdu.cards),
    // The file's own WCS (if any) is kept as it is; ours would only be a guess from the target.
    pointing: null,
    publicUtcMs: defaultPublicUtcMs(startUtcMs, t.configurationType, t.proposalId, basename),
    basename,
  };
  const ocs = ocsHeaderCards(description, file.widthPx, file.heightPx, context.writtenUtcMs).map((c): FitsCard => {
    // "Kept from the file": the file's own DATE-OBS / DAY-OBS text wins over our rendering of it.
    if (c.key === 'DAY-OBS') return { ...c, value: day };
    if (c.key === 'DATE-OBS' && fileStartUtcMs(hdu.cards) !== null) return { ...c, value: headerString(hdu.cards, 'DATE-OBS') ?? c.value };
    return c;
  });
  // Header text must be printable ASCII; a name in another script is still recognisable with '?'.
  const source = pathBasename(file.path).replace(/[^\x20-\x7e]/g, '?');
  const extra: FitsCard[] = [
    { key: 'INGESTBY', value: context.ingestedBy, comment: 'frame taken outside Nightshift, ingested by' },
    { key: 'ORIGFILE', value: source, comment: 'file name before ingest' },
    ...historyCards(`Ingested by the ${context.ingestedBy} at ${fitsDateTime(context.writtenUtcMs)} from ${source}; archive keys set from configuration ${t.configurationId ?? 'N/A'}.`),
  ];
  const cards = mergedCards(hdu.cards, ocs, extra);
  // The data unit as the file has it, padded to whole blocks if the file's last block was short.
  const rawEnd = Math.min(bytes.length, hdu.headerBytes + hdu.dataBytes);
  let data = bytes.subarray(hdu.headerBytes, rawEnd);
  if (data.length !== paddedLength(hdu.dataBytes)) {
    const padded = new Uint8Array(paddedLength(hdu.dataBytes));
    padded.set(data);
    data = padded;
  }
  const { header, cards: finalCards } = checksummedHeader(cards, data, context.writtenUtcMs);
  // Extensions after the primary HDU travel along unchanged (each carries its own checksums).
  const tail = bytes.length > rawEnd && Buffer.from(bytes.subarray(rawEnd, rawEnd + 8)).toString('latin1') === 'XTENSION' && (bytes.length - rawEnd) % BLOCK_SIZE === 0 ? bytes.subarray(rawEnd) : new Uint8Array(0);

  const fields = archiveFieldsFromHeader(finalCards, basename);
  if (!fields.ok) throw new AppError('internal', 'ingested header lacks required archive keys', fields.errors);
  const relativePath = archiveRelativePath({ siteId: t.siteId, instrumentId: t.instrumentId, dayObs: day, reductionLevel: t.reductionLevel, basename });
  const absolutePath = join(target.archiveRoot, ...relativePath.split('/'));
  const written = await writeFileAtomic(absolutePath, [header, data, tail]);
  let thumbnailPath: string | null = null;
  if (context.thumbnail !== false) {
    // The pixels are the file's (same data unit, same BITPIX/BZERO/BSCALE): decode them from the file as read.
    const pixels = decodeFits(bytes).data;
    if (pixels !== null) {
      thumbnailPath = thumbnailRelativePath(relativePath, 'small');
      const thumb = makeThumbnail(pixels, file.widthPx, file.heightPx);
      await writeFileAtomic(join(target.archiveRoot, ...thumbnailPath.split('/')), [thumb.png], { overwrite: true, durable: false });
    }
  }
  const frame: WrittenFrame = { basename, relativePath, absolutePath, byteLength: written.byteLength, md5: written.md5, cards: finalCards, fields: fields.fields, thumbnailPath };
  const stored = await target.recordFrame(frame);
  return { sourcePath: file.path, written: frame, stored };
}

/** Validates and ingests one file (see `inspectFrameFile` and `ingestInspectedFrame`). */
export async function ingestFrame(target: IngestTarget, path: string, context: IngestContext): Promise<IngestedFrame> {
  const file = await inspectFrameFile(path, context.maxBytes);
  return ingestInspectedFrame(target, file, context);
}

/**
 * Validates all files first (field errors `frames.<i>`; nothing written when any is refused), then
 * ingests them in order. A failure while writing (disk full…) is rethrown with the file's field key;
 * frames already written by then stay archived (they are complete and recorded).
 */
export async function ingestFrames(target: IngestTarget, paths: readonly string[], context: IngestContext): Promise<IngestedFrame[]> {
  const files = await inspectFrameFiles(paths, context.maxBytes);
  const out: IngestedFrame[] = [];
  for (const [i, file] of files.entries()) {
    try {
      // Read again: the file is checked once more, so a change since validation is still caught.
      out.push(await ingestFrame(target, file.path, context));
    } catch (error) {
      const e = toAppError(error);
      throw new AppError(e.code, `${file.path}: ${e.message}`, { [`frames.${i}`]: [`${file.path}: ${e.message}`] });
    }
  }
  return out;
}
