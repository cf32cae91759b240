import { describe, expect, it } from 'vitest';
import { gridOffsets, lineOffsets, offsetPosition, patternOffsets, roundOffset, spiralOffsets } from '../../../src-main/portal/pattern-expansion';
import { cadenceWindows } from '../../../src-main/portal/cadence';

// Reference values are worked by hand from the geometry the OCS portal documents: offsets in
// arcsec, x along RA, y along Dec, orientation from north through east (portal sign: x = −d·sin θ).
const TOL = 1e-9;
const close = (got: readonly (readonly [number, number])[], want: [number, number][]) => {
  expect(got).toHaveLength(want.length);
  got.forEach(([x, y], i) => {
    expect(x).toBeCloseTo(want[i]![0], 9);
    expect(y).toBeCloseTo(want[i]![1], 9);
  });
};

describe('pattern offsets', () => {
  it('line: first point on the target, or centred; orientation turns it', () => {
    close(lineOffsets(3, 10, 0, false), [[0, 0], [0, 10], [0, 20]]);
    close(lineOffsets(3, 10, 0, true), [[0, -10], [0, 0], [0, 10]]);
    close(lineOffsets(2, 10, 90, false), [[0, 0], [-10, 0]]);
    close(lineOffsets(2, 10, 30, false), [[0, 0], [-5, 10 * Math.cos(Math.PI / 6)]]);
    expect(lineOffsets(0, 10, 0, false)).toEqual([]);
  });

  it('grid: columns walked boustrophedon, rows by point spacing and columns by line spacing', () => {
    close(gridOffsets(2, 2, 10, 20, 0, false), [[0, 0], [0, 10], [20, 10], [20, 0]]);
    // Centred: the middle of a 3 × 3 grid is the origin, corners at ±spacing.
    const centred = gridOffsets(3, 3, 10, 10, 0, true);
    expect(centred[4]![0]).toBeCloseTo(0, 9);
    expect(centred[4]![1]).toBeCloseTo(0, 9);
    close([centred[0]!], [[-10, -10]]);
    // Rotating by 90° maps (x, y) → (−y, x).
    const turned = gridOffsets(2, 1, 10, 10, 90, false);
    close(turned, [[0, 0], [-10, 0]]);
  });

  it('spiral: starts on the target, grows outward, neighbours about the spacing apart', () => {
    const pts = spiralOffsets(40, 5);
    expect(pts).toHaveLength(40);
    expect(pts[0]).toEqual([0, 0]);
    const r = pts.map(([x, y]) => Math.hypot(x, y));
    for (let i = 1; i < r.length; i++) expect(r[i]!).toBeGreaterThan(r[i - 1]!);
    // Arc length of r = θ from θₙ to θₙ₊₁ is ≈ spacing; the chord is within 10 % of it further out.
    let worst = 0;
    for (let i = 10; i < pts.length; i++) {
      const chord = Math.hypot(pts[i]![0] - pts[i - 1]![0], pts[i]![1] - pts[i - 1]![1]);
      worst = Math.max(worst, Math.abs(chord - 5) / 5);
    }
    expect(worst).toBeLessThan(0.1);
    expect(spiralOffsets(1, 5)).toEqual([[0, 0]]);
  });

  it('patternOffsets dispatches and a grid line spacing defaults to the point spacing', () => {
    const g = patternOffsets({ pattern: 'grid', numPoints: null, pointSpacingArcsec: 7, lineSpacingArcsec: null, orientationDeg: 0, numRows: 1, numColumns: 2, center: false });
    close(g, [[0, 0], [7, 0]]);
    expect(roundOffset(-0.0001)).toBe(0);
    expect(roundOffset(1.23456)).toBe(1.235);
  });

  it('offsetPosition moves Dec first, then RA by 1/cos(new Dec)', () => {
    const p = offsetPosition(10, 60, [3600, 0]);
    expect(p.decDeg).toBeCloseTo(60, 12);
    expect(p.raDeg).toBeCloseTo(12, 9); // 1° on the sky at δ = 60° is 2° of RA
    const q = offsetPosition(10, 0, [0, 1800]);
    expect(q.decDeg).toBeCloseTo(0.5, 12);
    expect(q.raDeg).toBeCloseTo(10, 12);
    expect(Math.abs(offsetPosition(0, 90, [36, 0]).raDeg)).toBeLessThan(10 + TOL); // floored cos, no blow-up
  });
});

describe('cadence windows', () => {
  const H = 3_600_000;
  it('centres every period from the start, jitter wide, clipped to the span', () => {
    const t0 = Date.parse('2026-12-01T00:00:00Z');
    const w = cadenceWindows(t0, t0 + 10 * H, 4, 2);
    expect(w).toEqual([
      { startUtcMs: t0, endUtcMs: t0 + 1 * H },
      { startUtcMs: t0 + 3 * H, endUtcMs: t0 + 5 * H },
      { startUtcMs: t0 + 7 * H, endUtcMs: t0 + 9 * H },
    ]);
    // A centre right at the end is not a window; the last one is clipped at the end.
    const v = cadenceWindows(t0, t0 + 8.5 * H, 4, 2);
    expect(v.at(-1)).toEqual({ startUtcMs: t0 + 7 * H, endUtcMs: t0 + 8.5 * H });
    expect(cadenceWindows(t0, t0 + 8 * H, 4, 2)).toHaveLength(2);
  });
});
