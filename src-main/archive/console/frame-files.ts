/**
 * What the console reads from a frame's file: the primary header in file order, a bounded
 * preview image (block-averaged Float32) and the small thumbnail, made on first request for
 * frames archived before thumbnails existed (and kept beside the frame, as new frames have it).
 */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { FrameImage, FrameHeader, TanWcsWire } from '../../../src-shared/ipc/contract';
import type { FitsCard } from '../fits/card';
import { decodeFits, readHeader } from '../fits/reader';
import { tanWcsFromHeader } from '../frame-metadata';
import { writeFileAtomic } from '../safe-write';
import { downsample, makeThumbnail } from '../thumbnail';

const BLOCK = 2880;
/** Headers longer than this many blocks are refused (a sane FITS header is a few blocks). */
const MAX_HEADER_BLOCKS = 200;

/** Absolute path of an archive-relative key (always '/'-separated). */
export function archivePath(archiveRoot: string, key: string): string {
  return join(archiveRoot, ...key.split('/'));
}

/** The primary header cards of a FITS file, read block by block until END. Throws `not_found` when the file is missing. */
export async function readHeaderCards(path: string): Promise<FitsCard[]> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw new AppError('not_found', `frame file missing: ${path}`, { cause: [String(error)] });
  });
  try {
    const chunks: Buffer[] = [];
    for (let block = 0; block < MAX_HEADER_BLOCKS; block++) {
      const buf = Buffer.alloc(BLOCK);
      const { bytesRead } = await handle.read(buf, 0, BLOCK, block * BLOCK);
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      const text = buf.subarray(0, bytesRead).toString('latin1');
      for (let i = 0; i + 8 <= text.length; i += 80) {
        if (text.slice(i, i + 8) === 'END     ') return readHeader(new Uint8Array(Buffer.concat(chunks))).cards;
      }
    }
  } finally {
    await handle.close();
  }
  throw new AppError('validation.invalid', `no FITS header END in ${path}`);
}

/** Header cards as the console's table shows them: commentary cards keep their text in `comment`. */
export function headerRows(cards: readonly FitsCard[]): FrameHeader['cards'] {
  return cards.map((c) => ({ key: c.key, value: c.value ?? null, comment: c.comment ?? '' }));
}

/** The header's TAN WCS in wire form, or null when any key is missing. */
export function wireWcs(cards: readonly FitsCard[]): TanWcsWire | null {
  const w = tanWcsFromHeader(cards);
  if (w === null) return null;
  return { crval1Deg: w.crval1, crval2Deg: w.crval2, crpix1Px: w.crpix1, crpix2Px: w.crpix2, cdDegPerPx: w.cd };
}

/** The block size that brings the long side of `widthPx`×`heightPx` to at most `maxSizePx`. */
export function blockFactor(widthPx: number, heightPx: number, maxSizePx: number): number {
  return Math.max(1, Math.ceil(Math.max(widthPx, heightPx) / maxSizePx));
}

/** Base64 of Float32 values, little-endian (the wire form the viewer decodes). */
export function float32ToBase64(values: Float32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeFloatLE(values[i] as number, i * 4);
  return bytes.toString('base64');
}

/** A 2-D image decoded from a FITS file; throws `validation.invalid` for anything else. */
async function readImage(path: string): Promise<{ cards: FitsCard[]; data: ArrayLike<number>; widthPx: number; heightPx: number }> {
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new AppError('not_found', `frame file missing: ${path}`, { cause: [String(error)] });
  });
  const hdu = decodeFits(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const [widthPx, heightPx] = hdu.axes;
  if (hdu.data === null || hdu.axes.length !== 2 || widthPx === undefined || heightPx === undefined) {
    throw new AppError('validation.invalid', `${path} has no 2-D image in its primary HDU`);
  }
  return { cards: hdu.cards, data: hdu.data, widthPx, heightPx };
}

/**
 * The preview the FITS viewer draws: the image block-averaged (NaN-aware) so its long side is at
 * most `maxSizePx`, in FITS row order, with the WCS of the full-size image.
 */
export async function previewImage(path: string, ids: { frameId: number; basename: string }, maxSizePx: number): Promise<FrameImage> {
  const img = await readImage(path);
  const factor = blockFactor(img.widthPx, img.heightPx, maxSizePx);
  const small = downsample(img.data, img.widthPx, img.heightPx, factor);
  return {
    frameId: ids.frameId,
    basename: ids.basename,
    widthPx: small.width,
    heightPx: small.height,
    originalWidthPx: img.widthPx,
    originalHeightPx: img.heightPx,
    blockPx: factor,
    pixelsBase64: float32ToBase64(Float32Array.from(small.data)),
    wcs: wireWcs(img.cards),
  };
}

/** Width and height from a PNG's IHDR (bytes 16–23), or null when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { widthPx: number; heightPx: number } | null {
  if (png.length < 24 || png[12] !== 0x49 || png[13] !== 0x48 || png[14] !== 0x44 || png[15] !== 0x52) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { widthPx: view.getUint32(16, false), heightPx: view.getUint32(20, false) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The IEND chunk every PNG ends with: length 0, type, CRC. */
const PNG_END = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/** True when `bytes` start with the PNG signature and end with its IEND chunk (not empty, not cut short). */
export function isCompletePng(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length + PNG_END.length) return false;
  const tail = bytes.length - PNG_END.length;
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b) && PNG_END.every((b, i) => bytes[tail + i] === b);
}

/**
 * The thumbnail PNG at `thumbPath`; when it does not exist yet (or is not a whole PNG) it is made from the frame at
 * `framePath` (the archive's own thumbnail stretch) and written atomically, so the next request
 * reads it. `made` says whether it was made now.
 */
export async function ensureThumbnail(framePath: string, thumbPath: string): Promise<{ png: Uint8Array; made: boolean }> {
  const existing = await readFile(thumbPath).catch(() => null);
  // Thumbnails are written without fsync (they can be remade): one cut short by a power cut is remade.
  if (existing !== null && isCompletePng(existing)) return { png: new Uint8Array(existing.buffer, existing.byteOffset, existing.byteLength), made: false };
  const img = await readImage(framePath);
  const thumb = makeThumbnail(img.data, img.widthPx, img.heightPx);
  await writeFileAtomic(thumbPath, [thumb.png], { overwrite: true, durable: false });
  return { png: thumb.png, made: true };
}
