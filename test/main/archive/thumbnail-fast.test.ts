/**
 * Thumbnail fast paths: block averaging of integer pixels without per-pixel counts, and percentiles
 * by selection instead of a full sort. References: the general (NaN-aware) averaging path fed the
 * same values as a plain array, and percentiles computed from a fully sorted copy with the same
 * interpolation rule (linear between order statistics). Tolerance: none (identical numbers), so the
 * thumbnails stay the same images (checked on the PNG bytes too).
 */
import { describe, expect, it } from 'vitest';
import { downsample, makeThumbnail, percentiles } from '../../../src-main/archive';

function noise(n: number, seed: number, range: number): number[] {
  const out: number[] = [];
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push((x >>> 0) % range);
  }
  return out;
}

/** The definition: sort the finite values, interpolate linearly between neighbouring order statistics. */
function sortedPercentiles(values: readonly number[], ps: readonly number[]): number[] | null {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  return ps.map((p) => {
    const pos = (Math.min(100, Math.max(0, p)) / 100) * (finite.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(finite.length - 1, lo + 1);
    return (finite[lo] as number) + ((finite[hi] as number) - (finite[lo] as number)) * (pos - lo);
  });
}

describe('integer block averaging equals the general path', () => {
  const shapes: [number, number, number][] = [
    [64, 48, 8],
    [101, 67, 8], // partial blocks on both edges
    [7, 5, 3],
    [300, 1, 16],
    [33, 33, 1],
  ];
  for (const [width, height, factor] of shapes) {
    it(`${width}×${height} by ${factor}`, () => {
      const values = noise(width * height, width * 31 + height, 65536);
      const fast = downsample(Uint16Array.from(values), width, height, factor);
      const general = downsample(values, width, height, factor);
      expect(fast.width).toBe(general.width);
      expect(fast.height).toBe(general.height);
      expect(Array.from(fast.data)).toEqual(Array.from(general.data));
    });
  }
});

describe('percentiles by selection equal the sorted definition', () => {
  const ps = [0, 0.5, 25, 50, 99.5, 100];
  it('random values with many duplicates', () => {
    const values = noise(65_536, 9, 300);
    expect(percentiles(Float64Array.from(values), ps)).toEqual(sortedPercentiles(values, ps));
  });
  it('sorted, reversed and constant inputs', () => {
    const asc = Array.from({ length: 1001 }, (_, i) => i * 0.5);
    expect(percentiles(asc, ps)).toEqual(sortedPercentiles(asc, ps));
    const desc = [...asc].reverse();
    expect(percentiles(desc, ps)).toEqual(sortedPercentiles(desc, ps));
    const flat = new Array<number>(500).fill(42);
    expect(percentiles(flat, ps)).toEqual(sortedPercentiles(flat, ps));
  });
  it('skips NaN and infinities; none finite gives null; the input is not reordered', () => {
    const values = [5, Number.NaN, 1, Number.POSITIVE_INFINITY, 3, Number.NEGATIVE_INFINITY, 2, 4];
    const copy = [...values];
    expect(percentiles(values, ps)).toEqual(sortedPercentiles(values, ps));
    expect(values).toEqual(copy);
    expect(percentiles([Number.NaN, Number.POSITIVE_INFINITY], [50])).toBeNull();
    expect(percentiles([7], [0, 50, 100])).toEqual([7, 7, 7]);
  });
});

describe('thumbnails', () => {
  it('a uint16 frame gives the same PNG as the same values through the general path', () => {
    const width = 700;
    const height = 530;
    const values = noise(width * height, 3, 4000).map((v) => v + 1000);
    // A few bright "stars" so the stretch window is not trivial.
    for (let s = 0; s < 40; s++) values[(s * 7919) % values.length] = 60000;
    const fast = makeThumbnail(Uint16Array.from(values), width, height, { maxSizePx: 128 });
    const general = makeThumbnail(values, width, height, { maxSizePx: 128 });
    expect(fast.width).toBe(Math.ceil(width / Math.ceil(width / 128)));
    expect(fast.low).toBe(general.low);
    expect(fast.high).toBe(general.high);
    expect(Buffer.compare(Buffer.from(fast.png), Buffer.from(general.png))).toBe(0);
  });
});
