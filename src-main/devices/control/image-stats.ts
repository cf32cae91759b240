/** Summary statistics of an image for the console: one pass plus a histogram median (exact for integers). */
import type { CameraImage } from '../types';
import type { ImageStats } from './actions';

/**
 * Statistics of `image`. The median is exact for Uint16 pixels (65 536-bin histogram); for Float32
 * pixels it is the median of the values rounded to integers (clamped to 0…65535).
 * @param maxAdu the camera's saturation level, ADU (65535 for 16-bit).
 */
export function imageStats(image: CameraImage, maxAdu = 65535): ImageStats {
  const px = image.pixels;
  const n = px.length;
  const hist = new Uint32Array(65536);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let saturated = 0;
  for (let i = 0; i < n; i++) {
    const v = px[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
    if (v >= maxAdu) saturated++;
    const bin = v <= 0 ? 0 : v >= 65535 ? 65535 : Math.round(v);
    hist[bin] = (hist[bin] as number) + 1;
  }
  let median = 0;
  if (n > 0) {
    const half = (n - 1) / 2;
    let seen = 0;
    let lo = -1;
    for (let b = 0; b < 65536; b++) {
      seen += hist[b] as number;
      if (lo < 0 && seen > Math.floor(half)) lo = b;
      if (seen > Math.ceil(half)) {
        median = (lo + b) / 2;
        break;
      }
    }
  }
  const mean = n > 0 ? sum / n : 0;
  return {
    width: image.width,
    height: image.height,
    min: n > 0 ? min : 0,
    max: n > 0 ? max : 0,
    mean,
    median,
    stdDev: n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0,
    saturatedPct: n > 0 ? (100 * saturated) / n : 0,
    exposureSec: image.metadata.exposureSec,
    frameType: image.metadata.frameType,
    filter: image.metadata.filter,
    startUtcMs: image.metadata.startUtcMs,
  };
}
