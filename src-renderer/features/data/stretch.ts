/**
 * Display limits and stretches for the FITS viewer, done in the console on the Float32 preview:
 * zscale (IRAF's algorithm, as astropy's ZScaleInterval), symmetric percentile limits (as astropy's
 * PercentileInterval), and linear / log / asinh stretches (astropy's LogStretch a=1000 and
 * AsinhStretch a=0.1). Pure functions; test/renderer/data checks them against astropy.
 */

export type StretchKind = 'linear' | 'log' | 'asinh';

/** Black and white points in data units; `low` maps to black, `high` to white. */
export interface Limits {
  low: number;
  high: number;
}

export interface ZScaleOptions {
  /** Samples taken evenly through the finite values (default 1000). */
  nSamples?: number;
  /** Scales the fitted slope: smaller → wider range (default 0.25). */
  contrast?: number;
  /** Give up the fit when more than this fraction is rejected (default 0.5). */
  maxReject?: number;
  /** Fewest good samples for a fit (default 5). */
  minPixels?: number;
  /** Rejection threshold in standard deviations (default 2.5). */
  kRej?: number;
  /** Fit-and-reject rounds (default 5). */
  maxIterations?: number;
}

function finiteValues(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out;
}

/** Median of sorted values (mean of the middle two when the count is even). */
function sortedMedian(sorted: Float64Array): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Least-squares line through (i, y[i]) over the good samples: [slope, intercept]. */
function fitLine(y: Float64Array, bad: Uint8Array): [number, number] {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < y.length; i++) {
    if (bad[i] === 1) continue;
    n++;
    sx += i;
    sy += y[i] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < y.length; i++) {
    if (bad[i] === 1) continue;
    const dx = i - mx;
    sxy += dx * ((y[i] as number) - my);
    sxx += dx * dx;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return [slope, my - slope * mx];
}

/**
 * zscale limits: sample the finite values evenly, sort, fit a line to the sorted samples with
 * iterative k-sigma rejection (rejected runs grown by 1 % of the samples), and span the median
 * by the slope ÷ contrast, within the sample range. Null when there is no finite value.
 */
export function zscaleLimits(values: ArrayLike<number>, options: ZScaleOptions = {}): Limits | null {
  const nSamples = options.nSamples ?? 1000;
  const contrast = options.contrast ?? 0.25;
  const maxReject = options.maxReject ?? 0.5;
  const minPixels = options.minPixels ?? 5;
  const kRej = options.kRej ?? 2.5;
  const maxIterations = options.maxIterations ?? 5;

  const finite = finiteValues(values);
  if (finite.length === 0) return null;
  const stride = Math.max(1, Math.floor(finite.length / nSamples));
  const count = Math.min(nSamples, Math.ceil(finite.length / stride));
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) samples[i] = finite[i * stride] as number;
  samples.sort();

  const npix = samples.length;
  let low = samples[0] as number;
  let high = samples[npix - 1] as number;
  const minPix = Math.max(minPixels, Math.floor(npix * maxReject));
  const grow = Math.max(1, Math.floor(npix * 0.01));
  // A rejected sample also rejects its neighbours: the window a "same"-size convolution with a
  // box of `grow` ones covers (left of centre for even boxes).
  const left = Math.floor((grow - 1) / 2);
  const right = grow - 1 - left;
  let bad = new Uint8Array(npix);
  let good = npix;
  let lastGood = npix + 1;
  let fit: [number, number] = [0, 0];
  const flat = new Float64Array(npix);
  for (let iter = 0; iter < maxIterations; iter++) {
    if (good >= lastGood || good < minPix) break;
    fit = fitLine(samples, bad);
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < npix; i++) {
      flat[i] = (samples[i] as number) - (fit[0] * i + fit[1]);
      if (bad[i] === 1) continue;
      sum += flat[i] as number;
    }
    const mean = sum / good;
    for (let i = 0; i < npix; i++) if (bad[i] !== 1) sum2 += ((flat[i] as number) - mean) ** 2;
    const threshold = kRej * Math.sqrt(sum2 / good);
    for (let i = 0; i < npix; i++) if ((flat[i] as number) < -threshold || (flat[i] as number) > threshold) bad[i] = 1;
    const grown = new Uint8Array(npix);
    for (let i = 0; i < npix; i++) {
      if (bad[i] !== 1) continue;
      for (let j = Math.max(0, i - left); j <= Math.min(npix - 1, i + right); j++) grown[j] = 1;
    }
    bad = grown;
    lastGood = good;
    good = 0;
    for (let i = 0; i < npix; i++) if (bad[i] === 0) good++;
  }
  if (good >= minPix) {
    const slope = contrast > 0 ? fit[0] / contrast : fit[0];
    const centre = Math.floor((npix - 1) / 2);
    const median = sortedMedian(samples);
    low = Math.max(low, median - (centre - 1) * slope);
    high = Math.min(high, median + (npix - centre) * slope);
  }
  return { low, high };
}

/** Percentile (0–100) of sorted values, interpolating linearly between order statistics (numpy's default). */
export function sortedPercentile(sorted: ArrayLike<number>, p: number): number {
  const pos = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/** The finite values, sorted ascending (computed once per image; every percentile reads it). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  return finiteValues(values).sort();
}

/**
 * Limits keeping the central `percent` of the values (e.g. 99.5 → the 0.25th and 99.75th
 * percentiles), from values sorted by `sortedFinite`. Null when there is none.
 */
export function percentileLimits(sorted: ArrayLike<number>, percent: number): Limits | null {
  if (sorted.length === 0) return null;
  const tail = (100 - percent) / 2;
  return { low: sortedPercentile(sorted, tail), high: sortedPercentile(sorted, 100 - tail) };
}

const LOG_A = 1000;
const ASINH_A = 0.1;
const LOG_NORM = Math.log(LOG_A + 1);
const ASINH_NORM = Math.asinh(1 / ASINH_A);

/** Stretch of a normalised value `u` (clipped to [0, 1]) to [0, 1]. NaN stays NaN. */
export function stretch(u: number, kind: StretchKind): number {
  const x = u < 0 ? 0 : u > 1 ? 1 : u;
  switch (kind) {
    case 'linear':
      return x;
    case 'log':
      return Math.log(LOG_A * x + 1) / LOG_NORM;
    case 'asinh':
      return Math.asinh(x / ASINH_A) / ASINH_NORM;
  }
}

/** Maps a data value to 0–255 grey with `limits` and `kind`; a zero-width window gives black below, white above. */
export function toGrey(v: number, limits: Limits, kind: StretchKind): number {
  const span = limits.high - limits.low;
  const u = span > 0 ? (v - limits.low) / span : v > limits.low ? 1 : 0;
  return Math.round(stretch(u, kind) * 255);
}

/**
 * RGBA pixels (top row first, as a canvas wants) for a `widthPx`×`heightPx` image in FITS row
 * order (first row = bottom). NaN pixels are drawn in `nanRgb`. A 4096-entry lookup table over
 * the window keeps this to one pass of arithmetic per pixel.
 */
export function renderRgba(
  data: ArrayLike<number>,
  widthPx: number,
  heightPx: number,
  limits: Limits,
  kind: StretchKind,
  nanRgb: readonly [number, number, number] = [60, 20, 20],
): Uint8ClampedArray<ArrayBuffer> {
  const LUT_SIZE = 4096;
  const lut = new Uint8Array(LUT_SIZE);
  for (let i = 0; i < LUT_SIZE; i++) lut[i] = Math.round(stretch(i / (LUT_SIZE - 1), kind) * 255);
  const span = limits.high - limits.low;
  const out = new Uint8ClampedArray(widthPx * heightPx * 4);
  for (let y = 0; y < heightPx; y++) {
    const src = y * widthPx;
    let dst = (heightPx - 1 - y) * widthPx * 4;
    for (let x = 0; x < widthPx; x++, dst += 4) {
      const v = data[src + x] as number;
      if (v !== v) {
        out[dst] = nanRgb[0];
        out[dst + 1] = nanRgb[1];
        out[dst + 2] = nanRgb[2];
        out[dst + 3] = 255;
        continue;
      }
      let u = span > 0 ? (v - limits.low) / span : v > limits.low ? 1 : 0;
      if (u < 0) u = 0;
      else if (u > 1) u = 1;
      const g = lut[Math.round(u * (LUT_SIZE - 1))] as number;
      out[dst] = g;
      out[dst + 1] = g;
      out[dst + 2] = g;
      out[dst + 3] = 255;
    }
  }
  return out;
}
