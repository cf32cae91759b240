/**
 * The horizon-mask editor's text form: per-line messages for malformed lines and for points that
 * break the core's rules (the same messages the core answers), the point count, the text round
 * trip, and the preview outline interpolated across north.
 */
import { describe, expect, it } from 'vitest';
import { formatMaskText, maskOutline, parseMaskText } from '../../../src-renderer/features/settings/mask-text';

describe('parseMaskText', () => {
  it('reads comma, semicolon, tab and space separated points, skipping blank and # lines', () => {
    const p = parseMaskText('# east wall\n0, 10\n\n90;35\n180\t12°\n 270  8 \n');
    expect(p.points).toEqual([
      [0, 10],
      [90, 35],
      [180, 12],
      [270, 8],
    ]);
    expect(p.lineErrors).toEqual([]);
    expect(p.maskError).toBeNull();
    expect(p.valid).toBe(true);
  });

  it('names the line of each bad point, by its number in the text', () => {
    const p = parseMaskText('0, 10\nnorth, 5\n\n360, 5\n90, 95\n0, 12\n180, -10\n45 5 6');
    expect(p.valid).toBe(false);
    const byLine = new Map(p.lineErrors.map((e) => [e.line, e.message]));
    expect([...byLine.keys()]).toEqual([2, 4, 5, 6, 8]);
    expect(byLine.get(2)).toMatch(/azimuth, altitude/);
    expect(byLine.get(4)).toMatch(/below 360/);
    expect(byLine.get(5)).toMatch(/at most 90/);
    expect(byLine.get(6)).toMatch(/appears twice/);
    expect(byLine.get(8)).toMatch(/azimuth, altitude/);
  });

  it('needs at least 3 points and at most 360', () => {
    expect(parseMaskText('0, 10\n90, 20').maskError).toMatch(/at least 3/);
    expect(parseMaskText('').valid).toBe(false);
    const many = Array.from({ length: 361 }, (_, i) => `${(i * 359.5) / 360}, 5`).join('\n');
    expect(parseMaskText(many).maskError).toMatch(/at most 360/);
    const max = Array.from({ length: 360 }, (_, i) => `${i}, 5`).join('\n');
    expect(parseMaskText(max).valid).toBe(true);
  });

  it('round-trips the text form in azimuth order', () => {
    const pts = [
      { azimuthDeg: 200, altitudeDeg: 5 },
      { azimuthDeg: 10, altitudeDeg: 20.5 },
      { azimuthDeg: 100, altitudeDeg: -3 },
    ];
    const text = formatMaskText(pts);
    expect(text).toBe('10, 20.5\n100, -3\n200, 5');
    expect(parseMaskText(text).points).toEqual([
      [10, 20.5],
      [100, -3],
      [200, 5],
    ]);
  });
});

describe('maskOutline', () => {
  it('closes the outline at 0° and 360° with the value interpolated across north', () => {
    // From (300°, 20°) to (60°, 40°) is 120° of azimuth; north is 60° along: 20 + 20 × 60/120 = 30.
    const o = maskOutline([
      [60, 40],
      [300, 20],
      [180, 0],
    ]);
    expect(o[0]?.[0]).toBe(0);
    expect(o[0]?.[1]).toBeCloseTo(30, 12);
    expect(o[o.length - 1]).toEqual([360, o[0]?.[1]]);
    expect(o.slice(1, -1)).toEqual([
      [60, 40],
      [180, 0],
      [300, 20],
    ]);
  });

  it('is empty without two distinct azimuths', () => {
    expect(maskOutline([])).toEqual([]);
    expect(maskOutline([[10, 5]])).toEqual([]);
  });
});
