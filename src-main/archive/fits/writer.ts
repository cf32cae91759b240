/**
 * FITS writer for a single primary-HDU image: 16-bit unsigned (BITPIX 16 with BZERO 32768) or
 * 32-bit float (BITPIX −32), big-endian, 2880-byte blocks, with DATASUM and CHECKSUM.
 */
import { AppError } from '../../../src-shared/errors';
import type { FitsCard } from './card';
import { needsContinue } from './card';
import { addOnesComplement, complement32, encodeChecksum, onesComplementSum } from './checksum';
import { paddedLength, serializeHeader } from './header';

export type FitsImage =
  | { kind: 'uint16'; width: number; height: number; data: Uint16Array }
  | { kind: 'float32'; width: number; height: number; data: Float32Array };

export interface EncodeFitsOptions {
  /** Write DATASUM and CHECKSUM (default true). */
  checksum?: boolean;
  /** Comment on the CHECKSUM card, e.g. when it was computed (ASCII). */
  checksumComment?: string;
}

/** The encoded file as its header and data units (kept apart so a 32 MB image is not copied twice). */
export interface EncodedFits {
  header: Uint8Array;
  data: Uint8Array;
  /** header.length + data.length: the file size in bytes. */
  byteLength: number;
  /** DATASUM as written (decimal string), or null when checksums were not requested. */
  datasum: string | null;
  /** CHECKSUM as written, or null when checksums were not requested. */
  checksum: string | null;
}

/** Keywords the writer owns; the same keys in caller cards are dropped so they cannot contradict the data. */
export const STRUCTURAL_KEYS = new Set(['SIMPLE', 'BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2', 'EXTEND', 'BZERO', 'BSCALE', 'END', 'CHECKSUM', 'DATASUM']);

function assertImage(image: FitsImage): void {
  const { width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new AppError('validation.invalid', `image size must be positive integers, got ${width}×${height}`);
  }
  if (image.data.length !== width * height) {
    throw new AppError('validation.invalid', `image data has ${image.data.length} pixels, expected ${width * height}`);
  }
}

/** Big-endian data unit, zero-padded to whole blocks. */
export function encodeDataUnit(image: FitsImage): Uint8Array {
  const n = image.data.length;
  const out = new Uint8Array(paddedLength(n * (image.kind === 'uint16' ? 2 : 4)));
  if (image.kind === 'uint16') {
    const src = image.data;
    // Stored value = physical − 32768: flipping the top bit of the big-endian high byte does it.
    for (let i = 0, j = 0; i < n; i++, j += 2) {
      const v = src[i] as number;
      out[j] = (v >>> 8) ^ 0x80;
      out[j + 1] = v & 0xff;
    }
  } else {
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const src = image.data;
    for (let i = 0; i < n; i++) view.setFloat32(i * 4, src[i] as number, false);
  }
  return out;
}

function structuralCards(image: FitsImage): FitsCard[] {
  const cards: FitsCard[] = [
    { key: 'SIMPLE', value: true, comment: 'file conforms to FITS standard' },
    { key: 'BITPIX', value: image.kind === 'uint16' ? 16 : -32, comment: image.kind === 'uint16' ? 'array data type (unsigned via BZERO)' : 'array data type' },
    { key: 'NAXIS', value: 2, comment: 'number of array dimensions' },
    { key: 'NAXIS1', value: image.width, comment: '[pixel] image width' },
    { key: 'NAXIS2', value: image.height, comment: '[pixel] image height' },
  ];
  if (image.kind === 'uint16') {
    cards.push({ key: 'BZERO', value: 32768, comment: 'offset data range to that of unsigned short' });
    cards.push({ key: 'BSCALE', value: 1, comment: 'default scaling factor' });
  }
  return cards;
}

/**
 * Encodes `image` with `cards` after the structural keywords. Throws `validation.invalid` for a
 * bad image size or a card that cannot be written.
 */
export function encodeFits(image: FitsImage, cards: readonly FitsCard[], options: EncodeFitsOptions = {}): EncodedFits {
  assertImage(image);
  const withChecksum = options.checksum ?? true;
  const own = cards.filter((c) => !STRUCTURAL_KEYS.has(c.key.toUpperCase()));
  // HEASARC's convention asks for LONGSTRN whenever CONTINUE is used (fitsverify warns otherwise).
  const longStrings = own.some(needsContinue) && !own.some((c) => c.key.toUpperCase() === 'LONGSTRN');
  const longstrn: FitsCard[] = longStrings ? [{ key: 'LONGSTRN', value: 'OGIP 1.0', comment: 'the OGIP long string convention may be used' }] : [];
  const body = [...structuralCards(image), ...longstrn, ...own];
  const data = encodeDataUnit(image);
  if (!withChecksum) {
    const header = serializeHeader(body);
    return { header, data, byteLength: header.length + data.length, datasum: null, checksum: null };
  }
  const datasumValue = onesComplementSum(data);
  const datasum = String(datasumValue);
  const checksumComment = options.checksumComment ?? 'HDU checksum';
  const withSums = (checksum: string): FitsCard[] => [
    ...body,
    { key: 'CHECKSUM', value: checksum, comment: checksumComment },
    { key: 'DATASUM', value: datasum, comment: 'data unit checksum' },
  ];
  // The placeholder of sixteen '0' is what the encoding is defined against.
  const draft = serializeHeader(withSums('0000000000000000'));
  const total = addOnesComplement(onesComplementSum(draft), datasumValue);
  const checksum = encodeChecksum(complement32(total));
  const header = serializeHeader(withSums(checksum));
  return { header, data, byteLength: header.length + data.length, datasum, checksum };
}

/** The whole file as one buffer (copies; prefer the parts for large images). */
export function encodedBytes(encoded: EncodedFits): Uint8Array {
  const out = new Uint8Array(encoded.byteLength);
  out.set(encoded.header, 0);
  out.set(encoded.data, encoded.header.length);
  return out;
}
