/**
 * The archive's file layer: a frame (description + pixels) becomes a checksummed FITS file at its
 * archive path, written crash-safely, with an optional thumbnail; and a file on disk can be
 * indexed back into archive fields (recovery after a crash between rename and database record).
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../../src-shared/errors';
import { dayObs } from './dates';
import type { FitsCard } from './fits/card';
import { decodeFits, verifyFitsChecksum } from './fits/reader';
import type { ChecksumVerdict } from './fits/reader';
import { encodeFits } from './fits/writer';
import type { FitsImage } from './fits/writer';
import { archiveFieldsFromHeader } from './frame-metadata';
import type { HeaderFrameFields } from './frame-metadata';
import { ocsHeaderCards } from './ocs-headers';
import type { FrameDescription } from './ocs-headers';
import { archiveRelativePath, frameBasename, thumbnailRelativePath } from './paths';
import { borrowDataBuffer, releaseDataBuffer } from './data-buffers';
import { paddedLength } from './fits/header';
import { md5OfBytes, writeFileAtomic } from './safe-write';
import type { WrittenFile } from './safe-write';
import { makeThumbnail } from './thumbnail';
import type { ThumbnailOptions } from './thumbnail';

export type FrameToWrite = Omit<FrameDescription, 'basename'>;

export interface WrittenFrame {
  basename: string;
  /** Path under the archive root, '/'-separated (the version key). */
  relativePath: string;
  absolutePath: string;
  byteLength: number;
  md5: string;
  cards: FitsCard[];
  /** Archive fields as the ingester would derive them from the written header. */
  fields: HeaderFrameFields;
  /** Relative path of the thumbnail PNG, or null when none was made. */
  thumbnailPath: string | null;
}

/** The LCO-style basename for a frame description. */
export function basenameFor(frame: FrameToWrite): string {
  return frameBasename({
    siteId: frame.siteId,
    telescopeName: frame.telescopeName ?? frame.telescopeId,
    instrumentId: frame.instrumentId,
    dayObs: dayObs(frame.startUtcMs, frame.siteUtcOffsetHours),
    frameNumber: frame.frameNumber,
    configurationType: frame.configurationType,
    reductionLevel: frame.reductionLevel,
  });
}

function toAbsolute(root: string, relativePath: string): string {
  return join(root, ...relativePath.split('/'));
}

/**
 * Writes the frame under `archiveRoot` (temp file → fsync → rename → fsync dir) and, if asked, its
 * thumbnail. Resolves only once the FITS file is durable under its final name: record it in the
 * database after this. Throws `conflict.state` if a file with that name already exists.
 */
export async function writeFrame(
  archiveRoot: string,
  frame: FrameToWrite,
  image: FitsImage,
  options: { writtenUtcMs: number; thumbnail?: ThumbnailOptions | false },
): Promise<WrittenFrame> {
  const basename = basenameFor(frame);
  const description: FrameDescription = { ...frame, basename };
  const cards = ocsHeaderCards(description, image.width, image.height, options.writtenUtcMs);
  const buffer = borrowDataBuffer(paddedLength(image.data.length * (image.kind === 'uint16' ? 2 : 4)));
  const relativePath = archiveRelativePath({
    siteId: frame.siteId,
    instrumentId: frame.instrumentId,
    dayObs: dayObs(frame.startUtcMs, frame.siteUtcOffsetHours),
    reductionLevel: frame.reductionLevel,
    basename,
  });
  const absolutePath = toAbsolute(archiveRoot, relativePath);
  let written: WrittenFile;
  try {
    const encoded = encodeFits(image, cards, { dataBuffer: buffer });
    written = await writeFileAtomic(absolutePath, [encoded.header, encoded.data]);
  } finally {
    // The bytes are on disk (or the write failed): nothing reads the buffer any more.
    releaseDataBuffer(buffer);
  }
  // The structural keys are the writer's; the footprint needs the image size from them.
  const size: FitsCard[] = [
    { key: 'NAXIS1', value: image.width },
    { key: 'NAXIS2', value: image.height },
  ];
  const parsed = archiveFieldsFromHeader([...size, ...cards], basename);
  if (!parsed.ok) throw new AppError('internal', 'written header lacks required archive keys', parsed.errors);
  let thumbnailPath: string | null = null;
  if (options.thumbnail !== false) {
    const thumb = makeThumbnail(image.data, image.width, image.height, options.thumbnail ?? {});
    thumbnailPath = thumbnailRelativePath(relativePath, 'small');
    // A thumbnail can always be remade from the frame, so an existing one is simply replaced.
    await writeFileAtomic(toAbsolute(archiveRoot, thumbnailPath), [thumb.png], { overwrite: true, durable: false });
  }
  return { basename, relativePath, absolutePath, byteLength: written.byteLength, md5: written.md5, cards, fields: parsed.fields, thumbnailPath };
}

export interface IndexedFrame {
  relativePath: string;
  byteLength: number;
  md5: string;
  checksum: ChecksumVerdict;
  cards: FitsCard[];
  fields: HeaderFrameFields;
}

/**
 * Reads a FITS file already in the archive and derives what the database needs. Throws
 * `validation.invalid` when the file is not FITS, fails its checksum, or lacks required keys.
 */
export async function indexFrameFile(archiveRoot: string, relativePath: string): Promise<IndexedFrame> {
  // Keys are '/'-separated and relative; anything that could climb out of the root is refused.
  if (isAbsolute(relativePath) || relativePath.split(/[\\/]/).some((part) => part === '..' || part === '')) {
    throw new AppError('validation.invalid', `bad archive path ${relativePath}`);
  }
  const bytes = new Uint8Array(await readFile(toAbsolute(archiveRoot, relativePath)));
  const checksum = verifyFitsChecksum(bytes);
  if (checksum.datasum === 'bad' || checksum.checksum === 'bad') {
    throw new AppError('validation.invalid', `checksum mismatch in ${relativePath}`, { checksum });
  }
  const { cards } = decodeFits(bytes, { data: false });
  const file = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  const basename = file.replace(/\.fits(\.fz)?$/, '');
  const parsed = archiveFieldsFromHeader(cards, basename);
  if (!parsed.ok) throw new AppError('validation.invalid', `${relativePath} lacks required archive keys`, parsed.errors);
  return { relativePath, byteLength: bytes.length, md5: md5OfBytes(bytes), checksum, cards, fields: parsed.fields };
}
