/**
 * FITS reader for the primary HDU: header cards (CONTINUE joined), image data as a typed array with
 * BZERO/BSCALE applied, and checksum verification.
 */
import { AppError } from '../../../src-shared/errors';
import { CARD_LENGTH, parseCards } from './card';
import type { FitsCard } from './card';
import { onesComplementSum } from './checksum';
import { BLOCK_SIZE, headerNumber, headerString, paddedLength } from './header';

/**
 * Pixel values in physical units. Integer images keep an exact integer type where BZERO/BSCALE
 * allow it (BITPIX 16 + BZERO 32768 → Uint16Array); any other scaling gives Float64Array.
 */
export type FitsPixels = Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export interface FitsHdu {
  cards: FitsCard[];
  bitpix: number;
  /** NAXISn in order (NAXIS1 first, the fastest-varying axis). */
  axes: number[];
  /** Physical pixel values, row-major with NAXIS1 fastest; null when NAXIS = 0. */
  data: FitsPixels | null;
  /** Byte length of the header unit (a multiple of 2880). */
  headerBytes: number;
  /** Byte length of the padded data unit. */
  dataBytes: number;
}

export interface ChecksumVerdict {
  /** 'ok' when DATASUM equals the data unit's sum; 'missing' when the key is absent. */
  datasum: 'ok' | 'bad' | 'missing';
  /** 'ok' when the whole HDU sums to −0 (0xFFFFFFFF); 'missing' when CHECKSUM is absent. */
  checksum: 'ok' | 'bad' | 'missing';
}

function invalid(message: string): AppError {
  return new AppError('validation.invalid', `not a readable FITS file: ${message}`);
}

/** Reads the header unit starting at byte 0: cards (END excluded) and the header's byte length. */
export function readHeader(bytes: Uint8Array): { cards: FitsCard[]; headerBytes: number } {
  const lines: string[] = [];
  for (let offset = 0; ; offset += CARD_LENGTH) {
    if (offset + CARD_LENGTH > bytes.length) throw invalid('no END card');
    const line = String.fromCharCode(...bytes.subarray(offset, offset + CARD_LENGTH));
    if (offset === 0 && !line.startsWith('SIMPLE  =')) throw invalid('first card is not SIMPLE');
    if (line.slice(0, 8) === 'END     ') {
      return { cards: parseCards(lines), headerBytes: paddedLength(offset + CARD_LENGTH) };
    }
    lines.push(line);
  }
}

function bytesPerPixel(bitpix: number): number {
  switch (bitpix) {
    case 8:
    case 16:
    case 32:
    case -32:
    case -64:
      return Math.abs(bitpix) / 8;
    default:
      throw invalid(`BITPIX ${bitpix}`);
  }
}

function decodeRaw(bitpix: number, view: DataView, n: number): Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array {
  switch (bitpix) {
    case 8:
      return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + n));
    case 16: {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, false);
      return out;
    }
    case 32: {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, false);
      return out;
    }
    case -32: {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, false);
      return out;
    }
    default: {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, false);
      return out;
    }
  }
}

function applyScaling(bitpix: number, raw: ReturnType<typeof decodeRaw>, bzero: number, bscale: number): FitsPixels {
  if (bzero === 0 && bscale === 1) return raw;
  if (bscale === 1 && bitpix === 16 && bzero === 32768) {
    const out = new Uint16Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = (raw[i] as number) + 32768;
    return out;
  }
  if (bscale === 1 && bitpix === 32 && bzero === 2147483648) {
    const out = new Uint32Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = (raw[i] as number) + 2147483648;
    return out;
  }
  if (bscale === 1 && bitpix === 8 && bzero === -128) {
    const out = new Int8Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = (raw[i] as number) - 128;
    return out;
  }
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = bzero + bscale * (raw[i] as number);
  return out;
}

/**
 * Decodes the primary HDU. Throws `validation.invalid` when the bytes are not FITS or the data
 * unit is truncated. With `{ data: false }` only the header is parsed (cheap listing).
 */
export function decodeFits(bytes: Uint8Array, options: { data?: boolean } = {}): FitsHdu {
  const { cards, headerBytes } = readHeader(bytes);
  const bitpix = headerNumber(cards, 'BITPIX');
  const naxis = headerNumber(cards, 'NAXIS');
  if (bitpix === null || naxis === null) throw invalid('BITPIX or NAXIS missing');
  const axes: number[] = [];
  for (let i = 1; i <= naxis; i++) {
    const len = headerNumber(cards, `NAXIS${i}`);
    if (len === null || len < 0) throw invalid(`NAXIS${i} missing`);
    axes.push(len);
  }
  const n = naxis === 0 ? 0 : axes.reduce((a, b) => a * b, 1);
  const rawBytes = n * bytesPerPixel(bitpix);
  const dataBytes = paddedLength(rawBytes);
  if (headerBytes + rawBytes > bytes.length) throw invalid('data unit truncated');
  let data: FitsPixels | null = null;
  const bzero = headerNumber(cards, 'BZERO') ?? 0;
  const bscale = headerNumber(cards, 'BSCALE') ?? 1;
  if (n > 0 && options.data !== false && bitpix === 16 && bzero === 32768 && bscale === 1) {
    // The archive's own frames: undo the offset by flipping the sign bit, in one pass.
    const out = new Uint16Array(n);
    for (let i = 0, j = headerBytes; i < n; i++, j += 2) out[i] = (((bytes[j] as number) ^ 0x80) << 8) | (bytes[j + 1] as number);
    data = out;
  } else if (n > 0 && options.data !== false) {
    const view = new DataView(bytes.buffer, bytes.byteOffset + headerBytes, rawBytes);
    const raw = decodeRaw(bitpix, view, n);
    data = applyScaling(bitpix, raw, bzero, bscale);
  }
  return { cards, bitpix, axes, data, headerBytes, dataBytes };
}

/** Verifies DATASUM and CHECKSUM of the primary HDU (see the FITS checksum convention). */
export function verifyFitsChecksum(bytes: Uint8Array): ChecksumVerdict {
  const hdu = decodeFits(bytes, { data: false });
  const end = hdu.headerBytes + hdu.dataBytes;
  // A short final block is a corrupt file, not a checksum question.
  if (end > bytes.length || end % BLOCK_SIZE !== 0) throw invalid('HDU not padded to whole blocks');
  const dataSum = onesComplementSum(bytes.subarray(hdu.headerBytes, end));
  const datasumText = headerString(hdu.cards, 'DATASUM');
  const checksumText = headerString(hdu.cards, 'CHECKSUM');
  const datasum = datasumText === null ? 'missing' : Number(datasumText) === dataSum ? 'ok' : 'bad';
  let checksum: ChecksumVerdict['checksum'] = 'missing';
  if (checksumText !== null) checksum = onesComplementSum(bytes.subarray(0, end)) === 0xffffffff ? 'ok' : 'bad';
  return { datasum, checksum };
}
