/**
 * Renders a simulated frame: bias + dark current + sky background + Gaussian stars from a catalogue,
 * with Gaussian-approximated Poisson noise and read noise, clipped to 16 bits. Deterministic for a
 * given seed so tests can compare frames.
 */
import type { Binning, EquatorialCoords, FrameType, Subframe } from '../types';
import type { StarCatalog } from './star-field';
import { mulberry32 } from './star-field';

export interface SynthParams {
  sensorWidthPx: number;
  sensorHeightPx: number;
  subframe: Subframe;
  binning: Binning;
  frameType: FrameType;
  exposureSec: number;
  /** Plate scale of one unbinned pixel, arcseconds. */
  pixelScaleArcsec: number;
  /** J2000 centre of the sensor; null = no sky (mount parked/absent). */
  pointing: EquatorialCoords | null;
  /**
   * Sky position angle of the sensor's +y axis (increasing row index, i.e. FITS +y once rows are
   * written in order), degrees east of north. At 0 north is +y and east is −x, the FITS-standard
   * orientation that `archive/wcs.ts` writes (CD1_1 < 0, CD2_2 > 0).
   */
  positionAngleDeg: number;
  /** Shutter-open instant, UTC ms: catalogue stars are moved there by proper motion (default J2000.0). */
  epochUtcMs?: number;
  skyVisible: boolean;
  /** Star FWHM, unbinned pixels. */
  fwhmPx: number;
  /** Sky background, ADU per unbinned pixel per second. */
  skyAduPerSec: number;
  /**
   * A star of magnitude m gives 10^(−0.4·(m − zeroPointMag)) ADU/s, filter included
   * (photometry.ts); −Infinity = no starlight.
   */
  zeroPointMag: number;
  /** Relative transmission of the filter for the sky background and flats [0, 1]. */
  transmission: number;
  biasAdu: number;
  readNoiseAdu: number;
  darkAduPerSec: number;
  flatLevelAdu: number;
  maxAdu: number;
  seed: number;
  catalog: StarCatalog;
}

/**
 * Noise source. Drawing a Box–Muller pair per pixel (log, sqrt, sin, cos) made frame synthesis the
 * bottleneck (~13 MB/s). Instead a table of 65 536 standard normal deviates is built once (Box–Muller
 * from a fixed seed, then shifted and scaled to mean exactly 0 and variance exactly 1), and each pixel
 * takes an entry picked by a xorshift32 stream seeded per frame. Entries are drawn independently
 * per pixel, so there is no visible pattern; the table covers about ±4.3σ, which is all a 16-bit
 * frame with photon and read noise needs.
 */
export const NORMAL_TABLE_BITS = 16;
/** Exported for the frozen reference renderer in the tests (same noise stream). */
export const NORMAL_TABLE: Float32Array = buildNormalTable(1 << NORMAL_TABLE_BITS, 0x5eed);

function buildNormalTable(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    t[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) t[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  let mean = 0;
  for (let i = 0; i < n; i++) mean += t[i] as number;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((t[i] as number) - mean) ** 2;
  const scale = 1 / Math.sqrt(variance / n);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((t[i] as number) - mean) * scale;
  return out;
}

/**
 * The star signal map is scratch space (read once into the pixels), so one buffer is reused across
 * frames: a fresh 16 MB array per 2048² frame made garbage collection a large share of a simulated
 * night's CPU time. Only the parts stars touch are used: the map is cut into row segments of
 * {@link SEGMENT_PX} pixels, and a segment is set to the background level (and marked in
 * `dirty`) the first time a star reaches it. Untouched segments (most of a frame) are never filled
 * nor read: their pixels are rendered from the constant background, which gives exactly the values
 * a filled map would, since the map holds the background as a float32 either way.
 */
const SEGMENT_SHIFT = 6;
const SEGMENT_PX = 1 << SEGMENT_SHIFT;
let scratch: Float32Array = new Float32Array(0);
let dirtyScratch: Uint8Array = new Uint8Array(0);
/** One star's column profile, reused across stars. */
let columnScratch: Float64Array = new Float64Array(256);

/** The signal map of one frame: lazily initialised row segments over the shared scratch. */
interface SignalMap {
  signal: Float32Array;
  /** One flag per row segment (row-major, `segmentsPerRow` per row): 1 once filled. */
  dirty: Uint8Array;
  segmentsPerRow: number;
  width: number;
  /** The background as the float32 the map stores. */
  background: number;
}

function signalMap(width: number, height: number, background: number): SignalMap {
  const length = width * height;
  if (scratch.length < length) scratch = new Float32Array(length);
  const segmentsPerRow = Math.ceil(width / SEGMENT_PX);
  const flags = segmentsPerRow * height;
  if (dirtyScratch.length < flags) dirtyScratch = new Uint8Array(flags);
  const dirty = dirtyScratch.subarray(0, flags).fill(0);
  return { signal: scratch.subarray(0, length), dirty, segmentsPerRow, width, background: Math.fround(background) };
}

/** Makes pixels x0…x1 (inclusive) of row y ready to accumulate starlight. */
function touchRow(m: SignalMap, y: number, x0: number, x1: number): void {
  const flagRow = y * m.segmentsPerRow;
  const pixelRow = y * m.width;
  for (let seg = x0 >> SEGMENT_SHIFT; seg <= x1 >> SEGMENT_SHIFT; seg++) {
    if (m.dirty[flagRow + seg] === 1) continue;
    m.dirty[flagRow + seg] = 1;
    const start = pixelRow + (seg << SEGMENT_SHIFT);
    m.signal.fill(m.background, start, Math.min(pixelRow + m.width, start + SEGMENT_PX));
  }
}

export interface SynthImage {
  pixels: Uint16Array;
  width: number;
  height: number;
  /** How many stars were drawn (for tests and logs). */
  starsDrawn: number;
}

export function synthesizeImage(p: SynthParams): SynthImage {
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
  let map: SignalMap | null = null;
  let starsDrawn = 0;
  if (p.frameType === 'light' && p.skyVisible && p.pointing && t > 0) {
    map = signalMap(width, height, base);
    starsDrawn = drawStars(map, width, height, p, t);
  }

  const pixels = new Uint16Array(width * height);
  const readVar = p.readNoiseAdu * p.readNoiseAdu;
  const maxAdu = p.maxAdu;
  const table = NORMAL_TABLE;
  const shift = 32 - NORMAL_TABLE_BITS;
  // xorshift32 must not start at 0.
  let x = (p.seed ^ 0x9e3779b9) >>> 0 || 1;
  if (map === null) {
    const baseLevel = p.biasAdu + base;
    const baseSigma = Math.sqrt(Math.max(0, base) + readVar);
    for (let i = 0; i < pixels.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const g = table[(x >>> shift) & 0xffff] as number;
      const v = baseLevel + baseSigma * g;
      pixels[i] = v <= 0 ? 0 : v >= maxAdu ? maxAdu : (v + 0.5) | 0;
    }
    return { pixels, width, height, starsDrawn };
  }
  // Poisson photon noise (variance = signal) plus read noise, as a Gaussian. The pixels are drawn
  // in order (one noise stream), segment by segment: starlit segments read the map, the others use
  // the background the map would have held.
  const { signal, dirty, segmentsPerRow } = map;
  const bg = map.background;
  const bgLevel = p.biasAdu + bg;
  const bgSigma = Math.sqrt(bg + readVar);
  for (let y = 0; y < height; y++) {
    const rowStart = y * width;
    const rowEnd = rowStart + width;
    for (let seg = 0; seg < segmentsPerRow; seg++) {
      const start = rowStart + (seg << SEGMENT_SHIFT);
      const end = Math.min(rowEnd, start + SEGMENT_PX);
      if (dirty[y * segmentsPerRow + seg] === 1) {
        for (let i = start; i < end; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          const g = table[(x >>> shift) & 0xffff] as number;
          const sig = signal[i] as number;
          const v = p.biasAdu + sig + (sig === bg ? bgSigma : Math.sqrt(sig + readVar)) * g;
          pixels[i] = v <= 0 ? 0 : v >= maxAdu ? maxAdu : (v + 0.5) | 0;
        }
      } else {
        for (let i = start; i < end; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          const g = table[(x >>> shift) & 0xffff] as number;
          const v = bgLevel + bgSigma * g;
          pixels[i] = v <= 0 ? 0 : v >= maxAdu ? maxAdu : (v + 0.5) | 0;
        }
      }
    }
  }
  return { pixels, width, height, starsDrawn };
}

function drawStars(map: SignalMap, width: number, height: number, p: SynthParams, t: number): number {
  const signal = map.signal;
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
    // The Gaussian is separable: one exp per column and one per row instead of one per pixel
    // (the same profile to a few parts in 10^16).
    const cols = x1 - x0 + 1;
    if (columnScratch.length < cols) columnScratch = new Float64Array(Math.max(cols, 2 * columnScratch.length));
    const ex = columnScratch;
    for (let x = x0; x <= x1; x++) {
      const dx = (x + 0.5 - bx) / sgx;
      ex[x - x0] = Math.exp(-0.5 * dx * dx);
    }
    for (let y = y0; y <= y1; y++) {
      touchRow(map, y, x0, x1);
      const dy = (y + 0.5 - by) / sgy;
      const ey = norm * Math.exp(-0.5 * dy * dy);
      const row = y * width;
      for (let x = x0; x <= x1; x++) signal[row + x] = (signal[row + x] as number) + ey * (ex[x - x0] as number);
    }
    drawn++;
  }
  return drawn;
}
