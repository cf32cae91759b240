/**
 * Planning chart geometry and coordinate parsing. Expected values are worked by hand: airmass
 * 1/sin(alt) (sec z), sexagesimal → degrees (M42: 05h35m17.3s = 83.82208°, −05°23′28″ = −5.39111°).
 */
import { describe, expect, it } from 'vitest';
import { AIRMASS_AXIS_MAX, interpolateAt, intervalsPath, nearestIndex, parseDecDeg, parseRaDeg, seriesPath, timeAtX, xOf, yFraction } from '../../../src-renderer/features/planning/chart-geometry';
import { INITIAL_PLANNING, reduceAdd, staleTargets } from '../../../src-renderer/features/planning/planning-store';

const box = { left: 40, top: 10, width: 600, height: 300 };

describe('chart geometry', () => {
  it('maps altitude and airmass to the y axis, and drops what is below the chart', () => {
    expect(yFraction('altitude', 90)).toBe(0);
    expect(yFraction('altitude', 45)).toBeCloseTo(0.5, 12);
    expect(yFraction('altitude', -1)).toBeNull();
    // Airmass 2 at 30°: halfway down a 1…3 axis.
    expect(yFraction('airmass', 30)).toBeCloseTo((2 - 1) / (AIRMASS_AXIS_MAX - 1), 9);
    expect(yFraction('airmass', 90)).toBeCloseTo(0, 12);
    expect(yFraction('airmass', 15)).toBeNull(); // airmass 3.86 is off a 1…3 axis
  });

  it('x and time are inverse', () => {
    const t = timeAtX(box, 1000, 5000, xOf(box, 1000, 5000, 3210));
    expect(t).toBeCloseTo(3210, 9);
    expect(xOf(box, 0, 100, 50)).toBe(340);
  });

  it('breaks the path where the target is below the horizon', () => {
    const d = seriesPath(box, 'altitude', [0, 1, 2, 3, 4], [10, 20, -5, 30, 40]);
    expect(d.match(/M/g)?.length).toBe(2);
    expect(d.match(/L/g)?.length).toBe(2);
    expect(d.startsWith('M40.0,')).toBe(true);
    expect(seriesPath(box, 'altitude', [], [])).toBe('');
  });

  it('draws observable stretches with interpolated edges on the chart span', () => {
    const times = [0, 100, 200, 300, 400];
    const alts = [0, 10, 20, 30, 40];
    expect(interpolateAt(times, alts, 150)).toBe(15);
    const d = intervalsPath(box, 'altitude', times, alts, [{ startMs: 150, endMs: 250 }], { startMs: 0, endMs: 400 });
    // 150 → x = 40 + 600·150/400 = 265, alt 15° → y = 10 + 300·(1 − 15/90) = 260.
    expect(d.startsWith('M265.0,260.0')).toBe(true);
    // 250 → x = 415, alt 25° → y = 10 + 300·(1 − 25/90) = 226.7.
    expect(d.endsWith('L415.0,226.7')).toBe(true);
    expect(nearestIndex(times, 149)).toBe(1);
    expect(nearestIndex(times, 151)).toBe(2);
  });
});

describe('coordinate parsing', () => {
  it('reads degrees and sexagesimal right ascension', () => {
    expect(parseRaDeg('83.633')).toBeCloseTo(83.633, 9);
    expect(parseRaDeg('05 35 17.3')).toBeCloseTo(83.82208, 4);
    expect(parseRaDeg('5:35:17.3')).toBeCloseTo(83.82208, 4);
    expect(parseRaDeg('5h35m17.3s')).toBeCloseTo(83.82208, 4);
    expect(parseRaDeg('24 00 00')).toBeNull();
    expect(parseRaDeg('360')).toBeNull();
    expect(parseRaDeg('abc')).toBeNull();
  });

  it('reads declination with the sign on the whole value', () => {
    expect(parseDecDeg('-5.391')).toBeCloseTo(-5.391, 9);
    expect(parseDecDeg('−05 23 28')).toBeCloseTo(-5.39111, 4);
    expect(parseDecDeg('+22:00:52')).toBeCloseTo(22.01444, 4);
    expect(parseDecDeg('-00 30 00')).toBeCloseTo(-0.5, 9);
    expect(parseDecDeg('91')).toBeNull();
    expect(parseDecDeg('')).toBeNull();
  });
});

describe('planning store reducers', () => {
  it('adds each target once with the first free colour, and knows what to fetch', () => {
    const a = { name: 'A', target: { name: 'A', type: 'ICRS', ra: 1, dec: 2 }, origin: 'typed' };
    const b = { name: 'B', target: { name: 'B', type: 'ICRS', ra: 3, dec: 4 }, origin: 'typed' };
    let s = reduceAdd(INITIAL_PLANNING, a);
    s = reduceAdd(s, a);
    s = reduceAdd(s, b);
    expect(s.targets.map((t) => [t.name, t.colour])).toEqual([['A', 0], ['B', 1]]);
    expect(staleTargets(s.targets, 123).length).toBe(2);
    const ready = s.targets.map((t) => ({ ...t, status: 'ready' as const, nightKey: 123, result: {} as never }));
    expect(staleTargets(ready, 123)).toEqual([]);
    expect(staleTargets(ready, 456).length).toBe(2);
  });
});
