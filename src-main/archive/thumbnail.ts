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
  if (data instanceof Uint16Array || data instanceof Uint8Array || data instanceof Int16Array || data instanceof Int32Array || data instanceof Uint32Array) {
    // Integer pixels are never NaN: every block counts all its pixels, so no per-pixel count is
    // kept, and each block row segment is summed in a local before touching the output. Sums are
    // of integers (exact in float64), so the result equals the general path's.
    for (let y = 0; y < height; y++) {
      const row = Math.floor(y / factor) * w;
      let i = y * width;
      const rowEnd = i + width;
      for (let bx = 0; bx < w; bx++) {
        const end = Math.min(rowEnd, i + factor);
        let acc = 0;
        for (; i < end; i++) acc += data[i] as number;
        sum[row + bx] = (sum[row + bx] as number) + acc;
      }
    }
    for (let by = 0; by < h; by++) {
      const rows = Math.min(factor, height - by * factor);
      for (let bx = 0; bx < w; bx++) {
        const k = by * w + bx;
        sum[k] = (sum[k] as number) / (rows * Math.min(factor, width - bx * factor));
      }
    }
    return { data: sum, width: w, height: h };
  }
  const count = new Uint32Array(w * h);
  // Output column of each input column, computed once instead of a division per pixel.
  const col = new Int32Array(width);
  for (let x = 0; x < width; x++) col[x] = Math.floor(x / factor);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / factor) * w;
    const base = y * width;
    for (let x = 0; x < width; x++) {
      const v = data[base + x] as number;
      if (v !== v) continue; // NaN
      const k = row + (col[x] as number);
      sum[k] = (sum[k] as number) + v;
      count[k] = (count[k] as number) + 1;
    }
  }
  for (let k = 0; k < sum.length; k++) sum[k] = count[k] === 0 ? NaN : (sum[k] as number) / (count[k] as number);
  return { data: sum, width: w, height: h };
}

/** Percentiles (0–100, linear interpolation between order statistics) of the finite values; null if none. */
export function percentiles(data: NumericPixels, ps: readonly number[]): number[] | null {
  // Straight into a typed array (no boxed intermediate list): a thumbnail has ~65k values.
  const all = new Float64Array(data.length);
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (Number.isFinite(v)) all[count++] = v;
  }
  if (count === 0) return null;
  const values = all.subarray(0, count);
  // Only a few order statistics are needed: select them (average O(n)) instead of sorting.
  return ps.map((p) => {
    const pos = (Math.min(100, Math.max(0, p)) / 100) * (count - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(count - 1, lo + 1);
    const a = selectKth(values, lo);
    const b = hi === lo ? a : minFrom(values, hi);
    return a + (b - a) * (pos - lo);
  });
}

/**
 * Moves the k-th smallest value (0-based) of `v` to index k, smaller-or-equal values before it and
 * greater-or-equal after (Hoare's selection with a median-of-three pivot), and returns it.
 */
function selectKth(v: Float64Array, k: number): number {
  let left = 0;
  let right = v.length - 1;
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Median of three as the pivot, so sorted or constant data stays fast.
    const a = v[left] as number;
    const b = v[mid] as number;
    const c = v[right] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((v[i] as number) < pivot) i++;
      while ((v[j] as number) > pivot) j--;
      if (i <= j) {
        const t = v[i] as number;
        v[i] = v[j] as number;
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return v[k] as number;
}

/** The smallest value at index ≥ `from` (after `selectKth(v, from − 1)` it is the `from`-th smallest). */
function minFrom(v: Float64Array, from: number): number {
  let m = v[from] as number;
  for (let i = from + 1; i < v.length; i++) if ((v[i] as number) < m) m = v[i] as number;
  return m;
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
