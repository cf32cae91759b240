/** The viewer's limits and stretches against astropy (fixtures/README.md says how the values were made). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { percentileLimits, renderRgba, sortedFinite, stretch, toGrey, zscaleLimits } from '../../../src-renderer/features/data/stretch';

interface Case {
  name: string;
  values: (number | null)[];
  zscale: [number, number];
  percentile: Record<string, [number, number]>;
}
const ref = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/stretch-reference.json'), 'utf8')) as {
  cases: Case[];
  stretch: { x: number[]; log: number[]; asinh: number[] };
};
const valuesOf = (c: Case): Float64Array => Float64Array.from(c.values, (v) => (v === null ? NaN : v));

function range(values: Float64Array): number {
  const s = sortedFinite(values);
  return Math.max(1, (s[s.length - 1] as number) - (s[0] as number));
}

describe('zscale and percentile limits match astropy', () => {
  it.each(ref.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const values = valuesOf(c);
    const tol = 1e-9 * range(values);
    const z = zscaleLimits(values);
    expect(z).not.toBeNull();
    const zErr = Math.max(Math.abs(z!.low - c.zscale[0]), Math.abs(z!.high - c.zscale[1]));
    expect(zErr, `worst zscale error ${zErr}`).toBeLessThanOrEqual(tol);
    const sorted = sortedFinite(values);
    let worst = 0;
    for (const [p, [lo, hi]] of Object.entries(c.percentile)) {
      const l = percentileLimits(sorted, Number(p));
      worst = Math.max(worst, Math.abs(l!.low - lo), Math.abs(l!.high - hi));
    }
    expect(worst, `worst percentile error ${worst}`).toBeLessThanOrEqual(tol);
  });

  it('gives null for an image with no finite pixel', () => {
    expect(zscaleLimits([NaN, Infinity])).toBeNull();
    expect(percentileLimits(sortedFinite([NaN]), 99)).toBeNull();
  });
});

describe('stretches match astropy', () => {
  it.each(['log', 'asinh'] as const)('%s', (kind) => {
    const worst = Math.max(...ref.stretch.x.map((x, i) => Math.abs(stretch(x, kind) - (ref.stretch[kind][i] as number))));
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  it('linear clips to [0, 1] and maps the window ends to black and white', () => {
    expect([stretch(-0.5, 'linear'), stretch(0.3, 'linear'), stretch(2, 'linear')]).toEqual([0, 0.3, 1]);
    const limits = { low: 100, high: 300 };
    expect([toGrey(100, limits, 'linear'), toGrey(200, limits, 'linear'), toGrey(300, limits, 'linear'), toGrey(1e6, limits, 'asinh')]).toEqual([0, 128, 255, 255]);
  });
});

describe('renderRgba', () => {
  it('puts FITS row 1 at the bottom, paints NaN, and agrees with toGrey within one LUT step', () => {
    // 2×2: bottom row (FITS y=1) = [0, 100], top row = [NaN, 50].
    const rgba = renderRgba([0, 100, NaN, 50], 2, 2, { low: 0, high: 100 }, 'asinh', [9, 8, 7]);
    const grey = (i: number): number => rgba[i * 4] as number;
    expect([...rgba.subarray(0, 4)]).toEqual([9, 8, 7, 255]); // top-left canvas pixel = FITS (1, 2) = NaN
    expect(Math.abs(grey(1) - toGrey(50, { low: 0, high: 100 }, 'asinh'))).toBeLessThanOrEqual(1);
    expect([grey(2), grey(3)]).toEqual([0, 255]);
  });
});
