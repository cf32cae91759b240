/**
 * Shared helpers for tests that check where stars land in simulated frames: the resources path,
 * external reference stars (Hipparcos, van Leeuwen 2007, via SIMBAD: ICRS J2000.0 position and
 * proper motion), linear proper-motion propagation, sky → pixel through the archive's TAN WCS, and
 * a background-subtracted centroid.
 */
import { resolve } from 'node:path';
import { pixelToSky, type TanWcs } from '../../../src-main/archive/wcs';

export const RESOURCES_DIR = resolve(import.meta.dirname, '../../../resources');

export interface ReferenceStar {
  name: string;
  raDeg: number;
  decDeg: number;
  /** μα·cos δ, mas/yr. */
  pmRaMasPerYr: number;
  pmDecMasPerYr: number;
  vMag: number;
}

export const VEGA: ReferenceStar = { name: 'Vega', raDeg: 279.23473479, decDeg: 38.78368896, pmRaMasPerYr: 200.94, pmDecMasPerYr: 286.23, vMag: 0.03 };
export const SIRIUS: ReferenceStar = { name: 'Sirius', raDeg: 101.28715533, decDeg: -16.71611586, pmRaMasPerYr: -546.01, pmDecMasPerYr: -1223.07, vMag: -1.46 };

const J2000_UTC_MS = Date.UTC(2000, 0, 1, 12, 0, 0);

/** The star's ICRS place at `utcMs` (linear proper motion), degrees. */
export function placeAt(star: ReferenceStar, utcMs: number): { raDeg: number; decDeg: number } {
  const years = (utcMs - J2000_UTC_MS) / (365.25 * 86_400_000);
  const cosDec = Math.cos((star.decDeg * Math.PI) / 180);
  return { raDeg: star.raDeg + (star.pmRaMasPerYr * years) / 3.6e6 / cosDec, decDeg: star.decDeg + (star.pmDecMasPerYr * years) / 3.6e6 };
}

/** 1-based FITS pixel (x, y) of a sky position: Newton iteration on the archive's pixelToSky. */
export function skyToPixel(wcs: TanWcs, raDeg: number, decDeg: number): { x: number; y: number } {
  let x = wcs.crpix1;
  let y = wcs.crpix2;
  const resid = (px: number, py: number): [number, number] => {
    const s = pixelToSky(wcs, px, py);
    const dRa = ((s.raDeg - raDeg + 540) % 360) - 180;
    return [dRa * Math.cos((decDeg * Math.PI) / 180), s.decDeg - decDeg];
  };
  for (let i = 0; i < 20; i++) {
    const [f0, g0] = resid(x, y);
    const [fx, gx] = resid(x + 1, y);
    const [fy, gy] = resid(x, y + 1);
    const a = fx - f0;
    const b = fy - f0;
    const c = gx - g0;
    const d = gy - g0;
    const det = a * d - b * c;
    const dx = (d * f0 - b * g0) / det;
    const dy = (-c * f0 + a * g0) / det;
    x -= dx;
    y -= dy;
    if (Math.hypot(dx, dy) < 1e-6) break;
  }
  return { x, y };
}

/**
 * Centroid of the light above the frame's median within `halfBox` pixels of a 1-based FITS pixel
 * guess, for a row-major image whose row 0 is FITS y = 1. Returns 1-based FITS coordinates.
 */
export function centroidNear(pixels: ArrayLike<number>, width: number, height: number, guess: { x: number; y: number }, halfBox = 8): { x: number; y: number; flux: number } {
  const sorted = Float64Array.from({ length: Math.min(pixels.length, 20_000) }, (_v, i) => pixels[Math.floor((i * pixels.length) / Math.min(pixels.length, 20_000))] as number).sort();
  const background = sorted[Math.floor(sorted.length / 2)] as number;
  const cx = Math.round(guess.x - 1);
  const cy = Math.round(guess.y - 1);
  let sx = 0;
  let sy = 0;
  let s = 0;
  for (let row = Math.max(0, cy - halfBox); row <= Math.min(height - 1, cy + halfBox); row++) {
    for (let col = Math.max(0, cx - halfBox); col <= Math.min(width - 1, cx + halfBox); col++) {
      const v = (pixels[row * width + col] as number) - background;
      if (v <= 0) continue;
      sx += v * col;
      sy += v * row;
      s += v;
    }
  }
  return { x: sx / s + 1, y: sy / s + 1, flux: s };
}
