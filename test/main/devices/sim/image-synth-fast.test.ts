/**
 * The fast renderer (signal map filled only where stars reach it, untouched segments drawn from the
 * constant background, separable star profiles) must give the pixels of the straightforward
 * renderer it replaced (image-synth-reference.ts, a frozen copy), for real and synthetic star
 * fields, binning, odd sub-frames, rotation, saturated stars and star-free frames, including when
 * the shared scratch buffers are reused between frames of different sizes.
 * Tolerance: the separable profile differs from exp(−r²/2) by a few parts in 10^16, which the
 * float32 signal map almost always absorbs; a pixel may differ by at most 1 ADU (a rounding flip),
 * on at most 1 pixel in 10^5. Anything wrong in the map logic gives far larger differences. So the
 * scientific tests of the sim (centroids vs WCS, zero points, noise statistics) carry over.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SyntheticStarCatalog, bundledStarCatalogPath, createSkyCatalog, synthesizeImage, type SynthParams } from '../../../../src-main/devices/sim';
import { referenceSynthesizeImage } from './image-synth-reference';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const sky = createSkyCatalog(bundledStarCatalogPath(join(ROOT, 'resources')));

const LIGHT: SynthParams = {
  sensorWidthPx: 1024,
  sensorHeightPx: 768,
  subframe: { x: 0, y: 0, width: 1024, height: 768 },
  binning: { x: 1, y: 1 },
  frameType: 'light',
  exposureSec: 60,
  pixelScaleArcsec: 1.2,
  // Orion's belt: bright catalogue stars and a dense faint fill-in.
  pointing: { raHours: 5.6, decDeg: -1.5 },
  positionAngleDeg: 0,
  epochUtcMs: Date.UTC(2026, 10, 21, 23),
  skyVisible: true,
  fwhmPx: 2.5,
  skyAduPerSec: 5,
  zeroPointMag: 21,
  transmission: 1,
  biasAdu: 1000,
  readNoiseAdu: 5,
  darkAduPerSec: 0.02,
  flatLevelAdu: 25_000,
  maxAdu: 65535,
  seed: 4242,
  catalog: sky,
};

/** How many pixels differ and by how much at most (ADU); a length mismatch counts as all. */
function difference(a: Uint16Array, b: Uint16Array): { count: number; maxAdu: number } {
  if (a.length !== b.length) return { count: Math.max(a.length, b.length), maxAdu: Infinity };
  let count = 0;
  let maxAdu = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    if (d > 0) count++;
    if (d > maxAdu) maxAdu = d;
  }
  return { count, maxAdu };
}

function expectSameAsReference(p: SynthParams): { starsDrawn: number; saturated: number } {
  const fast = synthesizeImage(p);
  const ref = referenceSynthesizeImage(p);
  expect(fast.width).toBe(ref.width);
  expect(fast.height).toBe(ref.height);
  expect(fast.starsDrawn).toBe(ref.starsDrawn);
  const diff = difference(fast.pixels, ref.pixels);
  expect(diff.maxAdu).toBeLessThanOrEqual(1);
  expect(diff.count).toBeLessThanOrEqual(Math.ceil(fast.pixels.length * 1e-5));
  let saturated = 0;
  for (const v of fast.pixels) if (v === p.maxAdu) saturated++;
  return { starsDrawn: fast.starsDrawn, saturated };
}

describe('fast sim image synthesis equals the straightforward renderer', () => {
  it('a light frame of a rich real field, full sensor', () => {
    const { starsDrawn } = expectSameAsReference(LIGHT);
    // The case must exercise the star path, not only the background.
    expect(starsDrawn).toBeGreaterThan(50);
  });

  it('binned 2×3, an odd sub-frame whose width is not a multiple of the segment, rotated 33°', () => {
    expectSameAsReference({ ...LIGHT, binning: { x: 2, y: 3 }, subframe: { x: 37, y: 11, width: 901, height: 577 }, positionAngleDeg: 33, seed: 9 });
  });

  it('defocused, crowded synthetic sky and saturated stars with wide wings', () => {
    const { saturated } = expectSameAsReference({
      ...LIGHT,
      catalog: new SyntheticStarCatalog({ starsPerSqDeg: 4000, brightestMag: 4 }),
      fwhmPx: 6,
      zeroPointMag: 25,
      exposureSec: 300,
      seed: 77,
    });
    expect(saturated).toBeGreaterThan(0);
  });

  it('frames without a star map (dark, bias, flat, sky hidden) are unchanged too', () => {
    for (const frameType of ['dark', 'bias', 'flat'] as const) expectSameAsReference({ ...LIGHT, frameType, seed: 5 });
    expectSameAsReference({ ...LIGHT, skyVisible: false, seed: 6 });
    expectSameAsReference({ ...LIGHT, pointing: null, seed: 8 });
  });

  it('reusing the shared scratch across frames of different sizes and fields leaks nothing between them', () => {
    const big = { ...LIGHT, sensorWidthPx: 1600, sensorHeightPx: 1200, subframe: { x: 0, y: 0, width: 1600, height: 1200 } };
    const fields = [
      big,
      { ...LIGHT, pointing: { raHours: 12.1, decDeg: 40 }, seed: 2 },
      { ...big, pointing: { raHours: 19.5, decDeg: 10 }, seed: 3 },
      { ...LIGHT, subframe: { x: 100, y: 100, width: 200, height: 130 }, seed: 4 },
      big,
    ];
    for (const p of fields) expectSameAsReference(p);
  });
});
