/**
 * Thumbnails: block-average downsampling, a percentile window and an asinh stretch (Lupton et al.
 * 2004 style) to 8 bits, encoded as greyscale PNG. The image is flipped vertically because FITS
 * row 1 is the bottom of the picture while PNG starts at the top.
 */
import { AppError } from '../../src-shared/errors';
import { encodeGreyPng } from './png';

export type NumericPixels = ArrayLike<number>;

export interface StretchOptions {
  /** Lower percentile mapped to black, 0–100 (default 0.5). */
  lowPercentile?: number;
  /** Upper percentile mapped to white, 0–100 (default 99.5). */
  highPercentile?: number;
  /** asinh softening: 0 → linear, larger → more contrast in faint parts (default 10). */
  asinhBeta?: number;
}

export interface ThumbnailOptions extends StretchOptions {
  /** Longest side of the thumbnail, pixels (default 256). The image is never enlarged. */
  maxSizePx?: number;
}

export interface Thumbnail {
  width: number;
  height: number;
  /** 8-bit pixels, top row first. */
  pixels: Uint8Array;
  png: Uint8Array;
  /** The data values mapped to 0 and 255. */
  low: number;
  high: number;
}

/**
 * Averages `factor`×`factor` blocks (partial blocks at the right/top edges average what they have).
 * NaN pixels are skipped; a block of only NaN gives NaN. Output keeps FITS row order.
 */
export function downsample(data: NumericPixels, width: number, height: number, factor: number): { data: Float64Array; width: number; height: number } {
  if (!Number.isInteger(factor) || factor < 1) throw new AppError('validation.invalid', `downsample factor must be a positive integer, got ${factor}`);
  const w = Math.ceil(width / factor);
  const h = Math.ceil(height / factor);
  const sum = new Float64Array(w * h);
  const count = new Uint32Array(w * h);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / factor) * w;
    const base = y * width;
    for (let x = 0; x < width; x++) {
      const v = data[base + x] as number;
      if (v !== v) continue; // NaN
      const k = row + Math.floor(x / factor);
      sum[k] = (sum[k] as number) + v;
      count[k] = (count[k] as number) + 1;
    }
  }
  for (let k = 0; k < sum.length; k++) sum[k] = count[k] === 0 ? NaN : (sum[k] as number) / (count[k] as number);
  return { data: sum, width: w, height: h };
}

/** Percentiles (0–100, linear interpolation between order statistics) of the finite values; null if none. */
export function percentiles(data: NumericPixels, ps: readonly number[]): number[] | null {
  const finite: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (Number.isFinite(v)) finite.push(v);
  }
  if (finite.length === 0) return null;
  const sorted = Float64Array.from(finite).sort();
  return ps.map((p) => {
    const pos = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
  });
}

/** Maps values to 0–255 with a percentile window and asinh stretch; flips rows to top-first. */
export function stretchTo8Bit(data: NumericPixels, width: number, height: number, options: StretchOptions = {}): { pixels: Uint8Array; low: number; high: number } {
  const beta = options.asinhBeta ?? 10;
  const window = percentiles(data, [options.lowPercentile ?? 0.5, options.highPercentile ?? 99.5]) ?? [0, 0];
  const low = window[0] as number;
  const high = window[1] as number;
  const span = high - low;
  const norm = beta > 0 ? Math.asinh(beta) : 1;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const src = y * width;
    const dst = (height - 1 - y) * width;
    for (let x = 0; x < width; x++) {
      const v = data[src + x] as number;
      let u = span > 0 ? (v - low) / span : v > low ? 1 : 0;
      if (!(u > 0)) u = 0; // also NaN → black
      if (u > 1) u = 1;
      const s = beta > 0 ? Math.asinh(u * beta) / norm : u;
      pixels[dst + x] = Math.round(s * 255);
    }
  }
  return { pixels, low, high };
}

/** Downsamples to at most `maxSizePx` on the longest side, stretches and encodes a PNG. */
export function makeThumbnail(data: NumericPixels, width: number, height: number, options: ThumbnailOptions = {}): Thumbnail {
  if (data.length !== width * height) throw new AppError('validation.invalid', `thumbnail input has ${data.length} pixels, expected ${width * height}`);
  const maxSize = options.maxSizePx ?? 256;
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxSize));
  const small = downsample(data, width, height, factor);
  const { pixels, low, high } = stretchTo8Bit(small.data, small.width, small.height, options);
  return { width: small.width, height: small.height, pixels, png: encodeGreyPng(small.width, small.height, pixels), low, high };
}
