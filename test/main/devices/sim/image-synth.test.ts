/**
 * The simulated frames stay realistic with the fast noise table: read noise and Poisson-like photon
 * noise have the right variance, tails are Gaussian, frames are reproducible per seed and stars show.
 * References: a Gaussian's P(|z| > 3.1) = 0.19360 %; Poisson variance = mean (in ADU at gain 1).
 */
import { describe, expect, it } from 'vitest';
import { SyntheticStarCatalog, synthesizeImage, type SynthParams } from '../../../../src-main/devices/sim';

const BASE: SynthParams = {
  sensorWidthPx: 512,
  sensorHeightPx: 512,
  subframe: { x: 0, y: 0, width: 512, height: 512 },
  binning: { x: 1, y: 1 },
  frameType: 'bias',
  exposureSec: 0,
  pixelScaleArcsec: 1,
  pointing: null,
  positionAngleDeg: 0,
  skyVisible: true,
  fwhmPx: 2.5,
  skyAduPerSec: 5,
  zeroPointMag: 20,
  transmission: 1,
  biasAdu: 1000,
  readNoiseAdu: 5,
  darkAduPerSec: 0,
  flatLevelAdu: 25_000,
  maxAdu: 65535,
  seed: 7,
  catalog: new SyntheticStarCatalog(),
};

function moments(px: Uint16Array): { mean: number; variance: number } {
  let s = 0;
  let ss = 0;
  for (const v of px) {
    s += v;
    ss += v * v;
  }
  const mean = s / px.length;
  return { mean, variance: ss / px.length - mean * mean };
}

describe('synthesizeImage noise', () => {
  it('bias: mean = bias within 0.05 ADU, σ = read noise within 2 %, Gaussian tails beyond 3.1σ within 15 %', () => {
    const img = synthesizeImage(BASE);
    const { mean, variance } = moments(img.pixels);
    expect(Math.abs(mean - 1000)).toBeLessThan(0.05);
    // rounding to integers adds 1/12 ADU² of variance
    expect(Math.abs(Math.sqrt(variance - 1 / 12) / 5 - 1)).toBeLessThan(0.02);
    let beyond = 0;
    // integer |v − 1000| ≥ 16 ⇔ unrounded |x| ≥ 15.5 ADU = 3.1σ; ~508 expected of 262 144 (±4.4 % 1σ)
    for (const v of img.pixels) if (Math.abs(v - 1000) >= 16) beyond++;
    const frac = beyond / img.pixels.length;
    expect(Math.abs(frac / 0.001936 - 1)).toBeLessThan(0.15);
  });

  it('flat: variance = signal + read variance within 3 % (Poisson-like photon noise)', () => {
    const img = synthesizeImage({ ...BASE, frameType: 'flat', exposureSec: 1 });
    const { mean, variance } = moments(img.pixels);
    expect(Math.abs(mean - 26_000) / 26_000).toBeLessThan(1e-3);
    expect(Math.abs(variance / (25_000 + 25) - 1)).toBeLessThan(0.03);
  });

  it('neighbouring pixels are uncorrelated (|r| < 0.01)', () => {
    const px = synthesizeImage(BASE).pixels;
    const { mean, variance } = moments(px);
    let c = 0;
    for (let i = 1; i < px.length; i++) c += ((px[i] as number) - mean) * ((px[i - 1] as number) - mean);
    expect(Math.abs(c / (px.length - 1) / variance)).toBeLessThan(0.01);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const a = synthesizeImage(BASE).pixels;
    const b = synthesizeImage(BASE).pixels;
    const c = synthesizeImage({ ...BASE, seed: 8 }).pixels;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('a 10 s light frame of a field shows stars well above the sky noise', () => {
    const img = synthesizeImage({ ...BASE, frameType: 'light', exposureSec: 10, pointing: { raHours: 5.5, decDeg: 20 } });
    expect(img.starsDrawn).toBeGreaterThan(5);
    const { mean } = moments(img.pixels);
    let max = 0;
    for (const v of img.pixels) if (v > max) max = v;
    // sky 50 ADU/px: σ ≈ √(50 + 25) ≈ 8.7 ADU; the brightest star must stand far above that
    expect(max - mean).toBeGreaterThan(20 * 8.7);
  });
});
