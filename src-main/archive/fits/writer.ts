/**
 * FITS writer for a single primary-HDU image: 16-bit unsigned (BITPIX 16 with BZERO 32768) or
 * 32-bit float (BITPIX −32), big-endian, 2880-byte blocks, with DATASUM and CHECKSUM.
 */
import { AppError } from '../../../src-shared/errors';
import type { FitsCard } from './card';
import { needsContinue } from './card';
import { addOnesComplement, complement32, encodeChecksum, foldHalfSums, onesComplementSum } from './checksum';
import { paddedLength, serializeHeader } from './header';

export type FitsImage =
  | { kind: 'uint16'; width: number; height: number; data: Uint16Array }
  | { kind: 'float32'; width: number; height: number; data: Float32Array };

export interface EncodeFitsOptions {
  /** Write DATASUM and CHECKSUM (default true). */
  checksum?: boolean;
  /** Comment on the CHECKSUM card, e.g. when it was computed (ASCII). */
  checksumComment?: string;
  /**
   * Where to encode the data unit (reused between frames to spare an allocation): must start at
   * offset 0 of its ArrayBuffer and hold at least the padded data size; a smaller one is ignored.
   * `data` in the result is then a view of it, valid while the caller does not reuse it.
   */
  dataBuffer?: Uint8Array;
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

/** True on little-endian hosts (all Node targets in practice); the fast 16-bit path depends on it. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Big-endian data unit, zero-padded to whole blocks, and its one's-complement sum (the DATASUM
 * value, 0 … 0xFFFFFFFF). For 16-bit images both come from one pass over the pixels: each stored
 * value (physical − 32768, i.e. the top bit flipped) is written byte-swapped as a whole 16-bit word,
 * and since pixel 2k is the high half and pixel 2k+1 the low half of big-endian data word k, the
 * sum is accumulated from the pixel values without reading the encoded bytes back.
 */
export function encodeDataUnitWithSum(image: FitsImage, into?: Uint8Array): { data: Uint8Array; datasum: number } {
  const n = image.data.length;
  const bytes = n * (image.kind === 'uint16' ? 2 : 4);
  const length = paddedLength(bytes);
  let out: Uint8Array;
  if (into !== undefined && into.length >= length && into.byteOffset === 0) {
    out = into.subarray(0, length);
    // A reused buffer holds an older frame: the padding must be zeros again.
    out.fill(0, bytes);
  } else out = new Uint8Array(length);
  if (image.kind === 'uint16' && LITTLE_ENDIAN) {
    const src = image.data;
    // `out` starts at offset 0 of its buffer, so a 16-bit view of it is aligned.
    const dst = new Uint16Array(out.buffer, 0, n);
    let hi = 0;
    let lo = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const a = (src[i] as number) ^ 0x8000;
      const b = (src[i + 1] as number) ^ 0x8000;
      hi += a;
      lo += b;
      dst[i] = ((a >>> 8) | (a << 8)) & 0xffff;
      dst[i + 1] = ((b >>> 8) | (b << 8)) & 0xffff;
    }
    if (i < n) {
      const a = (src[i] as number) ^ 0x8000;
      hi += a;
      dst[i] = ((a >>> 8) | (a << 8)) & 0xffff;
    }
    // The zero padding adds nothing to the sum.
    return { data: out, datasum: foldHalfSums(hi, lo) };
  }
  if (image.kind === 'uint16') {
    const src = image.data;
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
  return { data: out, datasum: onesComplementSum(out) };
}

/** Big-endian data unit, zero-padded to whole blocks. */
export function encodeDataUnit(image: FitsImage): Uint8Array {
  return encodeDataUnitWithSum(image).data;
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
  const { data, datasum: datasumValue } = encodeDataUnitWithSum(image, options.dataBuffer);
  if (!withChecksum) {
    const header = serializeHeader(body);
    return { header, data, byteLength: header.length + data.length, datasum: null, checksum: null };
  }
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
