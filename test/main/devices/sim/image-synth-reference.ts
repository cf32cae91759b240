/**
 * Frozen reference for image-synth-fast.test.ts: the straightforward renderer as it was before the
 * lazily filled signal map (whole-frame float32 map filled with the background, stars added, then
 * one noise pass reading every pixel of the map, one exp per star pixel). The fast renderer must
 * give the same pixels (see the tolerance there).
 */
import type { EquatorialCoords } from '../../../../src-main/devices/types';
// Types and the noise table are shared with the fast renderer (the noise stream must be the same).
import { NORMAL_TABLE, NORMAL_TABLE_BITS, type SynthImage, type SynthParams } from '../../../../src-main/devices/sim/image-synth';

/**
 * The star signal map is scratch space (read once into the pixels), so one buffer is reused across
 * frames: a fresh 16 MB array per 2048² frame made garbage collection a large share of a simulated
 * night's CPU time.
 */
let scratch: Float32Array = new Float32Array(0);
function signalScratch(length: number): Float32Array {
  if (scratch.length < length) scratch = new Float32Array(length);
  return scratch.subarray(0, length);
}


export function referenceSynthesizeImage(p: SynthParams): SynthImage {
  const width = Math.floor(p.subframe.width / p.binning.x);
  const height = Math.floor(p.subframe.height / p.binning.y);
  const binArea = p.binning.x * p.binning.y;
  // Signal in unbinned-pixel ADU accumulated over the binned pixel.
  const light = p.frameType === 'light' || p.frameType === 'flat';
  const t = p.frameType === 'bias' ? 0 : p.exposureSec;
  let base = p.darkAduPerSec * t * binArea;
  if (p.frameType === 'flat') base += p.flatLevelAdu * p.transmission * binArea;
  else if (light && p.skyVisible) base += p.skyAduPerSec * t * p.transmission * binArea;

  // Stars go into a signal map only when there are any; otherwise the signal is the flat `base`.
  let signal: Float32Array | null = null;
  let starsDrawn = 0;
  if (p.frameType === 'light' && p.skyVisible && p.pointing && t > 0) {
    signal = signalScratch(width * height).fill(base);
    starsDrawn = drawStars(signal, width, height, p, t);
  }

  const pixels = new Uint16Array(width * height);
  const readVar = p.readNoiseAdu * p.readNoiseAdu;
  const maxAdu = p.maxAdu;
  const table = NORMAL_TABLE;
  const shift = 32 - NORMAL_TABLE_BITS;
  // xorshift32 must not start at 0.
  let x = (p.seed ^ 0x9e3779b9) >>> 0 || 1;
  const baseLevel = p.biasAdu + base;
  const baseSigma = Math.sqrt(Math.max(0, base) + readVar);
  for (let i = 0; i < pixels.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const g = table[(x >>> shift) & 0xffff] as number;
    let v: number;
    if (signal === null) v = baseLevel + baseSigma * g;
    else {
      const s = signal[i] as number;
      // Poisson photon noise (variance = signal) plus read noise, as a Gaussian.
      v = p.biasAdu + s + Math.sqrt(s + readVar) * g;
    }
    pixels[i] = v <= 0 ? 0 : v >= maxAdu ? maxAdu : (v + 0.5) | 0;
  }
  return { pixels, width, height, starsDrawn };
}

function drawStars(signal: Float32Array, width: number, height: number, p: SynthParams, t: number): number {
  const pointing = p.pointing as EquatorialCoords;
  const scaleDeg = p.pixelScaleArcsec / 3600;
  const halfDiagDeg = (Math.hypot(p.sensorWidthPx, p.sensorHeightPx) / 2) * scaleDeg;
  const sigma = Math.max(0.3, p.fwhmPx / 2.3548);
  // Fainter than this a star adds less than ~0.3 read-noise sigma at its peak: not worth drawing.
  const faintAdu = 0.3 * Math.max(1, p.readNoiseAdu);
  const limitMag = p.zeroPointMag - 2.5 * Math.log10(Math.max(1e-9, (faintAdu * 2 * Math.PI * sigma * sigma) / t));
  if (!Number.isFinite(limitMag)) return 0;
  const stars = p.catalog.starsNear(pointing, halfDiagDeg, limitMag, p.epochUtcMs);
  const ra0 = (pointing.raHours * 15 * Math.PI) / 180;
  const dec0 = (pointing.decDeg * Math.PI) / 180;
  const pa = (p.positionAngleDeg * Math.PI) / 180;
  const cosPa = Math.cos(pa);
  const sinPa = Math.sin(pa);
  const cx = p.sensorWidthPx / 2;
  const cy = p.sensorHeightPx / 2;
  let drawn = 0;
  for (const star of stars) {
    const ra = (star.raHours * 15 * Math.PI) / 180;
    const dec = (star.decDeg * Math.PI) / 180;
    // Gnomonic projection onto the tangent plane at the pointing (ξ east, η north), radians.
    const cosc = Math.sin(dec0) * Math.sin(dec) + Math.cos(dec0) * Math.cos(dec) * Math.cos(ra - ra0);
    if (cosc <= 0) continue;
    const xi = (Math.cos(dec) * Math.sin(ra - ra0)) / cosc;
    const eta = (Math.cos(dec0) * Math.sin(dec) - Math.sin(dec0) * Math.cos(dec) * Math.cos(ra - ra0)) / cosc;
    const xiPx = (xi * 180) / Math.PI / scaleDeg;
    const etaPx = (eta * 180) / Math.PI / scaleDeg;
    // Inverse of the FITS CD matrix of archive/wcs.ts: at PA 0 east is −x and north +y.
    const sx = cx - xiPx * cosPa + etaPx * sinPa;
    const sy = cy + xiPx * sinPa + etaPx * cosPa;
    // Into the sub-frame's binned pixel grid.
    const bx = (sx - p.subframe.x) / p.binning.x;
    const by = (sy - p.subframe.y) / p.binning.y;
    const sgx = sigma / p.binning.x;
    const sgy = sigma / p.binning.y;
    const total = 10 ** (-0.4 * (star.mag - p.zeroPointMag)) * t;
    const norm = total / (2 * Math.PI * sgx * sgy);
    // Draw out to where the profile falls below `faintAdu` (4σ for faint stars; wider for bright
    // ones so saturated stars have round wings, not square cut-offs), at most 64 px.
    const reach = Math.sqrt(2 * Math.log(Math.max(Math.E, norm / faintAdu)));
    const radius = Math.min(64, Math.ceil(Math.max(4, reach) * Math.max(sgx, sgy)));
    if (bx < -radius || by < -radius || bx > width + radius || by > height + radius) continue;
    const x0 = Math.max(0, Math.floor(bx - radius));
    const x1 = Math.min(width - 1, Math.ceil(bx + radius));
    const y0 = Math.max(0, Math.floor(by - radius));
    const y1 = Math.min(height - 1, Math.ceil(by + radius));
    for (let y = y0; y <= y1; y++) {
      const dy = (y + 0.5 - by) / sgy;
      const row = y * width;
      for (let x = x0; x <= x1; x++) {
        const dx = (x + 0.5 - bx) / sgx;
        signal[row + x] = (signal[row + x] as number) + norm * Math.exp(-0.5 * (dx * dx + dy * dy));
      }
    }
    drawn++;
  }
  return drawn;
}
