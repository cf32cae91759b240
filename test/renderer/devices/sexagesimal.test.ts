import { describe, expect, it } from 'vitest';
import { decInputText, formatDecDeg, formatRaHours, parseDecDeg, parseRaHours, raInputText } from '../../../src-renderer/features/devices/sexagesimal';

describe('sexagesimal coordinates', () => {
  it('parses RA in the forms operators type (M1: 05h34m31.94s = 5.575539 h)', () => {
    const m1 = 5 + 34 / 60 + 31.94 / 3600;
    for (const text of ['05:34:31.94', '5 34 31.94', '5h34m31.94s', ' 05h 34m 31.94s ']) expect(parseRaHours(text)).toBeCloseTo(m1, 9);
    expect(parseRaHours('5.5755')).toBeCloseTo(5.5755, 12);
    expect(parseRaHours('83.633d')).toBeCloseTo(83.633 / 15, 12);
  });

  it('refuses malformed or out-of-range RA instead of guessing', () => {
    for (const text of ['', '24:00:00', '5:60:00', '5:30:60', '5.5:30', 'abc', '-1:00:00', '1:2:3:4', '360d']) expect(parseRaHours(text)).toBeNull();
  });

  it('parses signed declinations, including −0° and the Unicode minus', () => {
    expect(parseDecDeg('+22:00:52')).toBeCloseTo(22 + 52 / 3600, 9);
    expect(parseDecDeg('-05 23 28')).toBeCloseTo(-(5 + 23 / 60 + 28 / 3600), 9);
    expect(parseDecDeg('−0:30:00')).toBeCloseTo(-0.5, 12);
    expect(parseDecDeg('22°00′52″')).toBeCloseTo(22 + 52 / 3600, 9);
    expect(parseDecDeg('-12.25')).toBe(-12.25);
    for (const text of ['', '+91', '-90:00:01', '+10:61:00', 'x']) expect(parseDecDeg(text)).toBeNull();
  });

  it('formats and round-trips through the input text (0.1 s RA, 1″ Dec)', () => {
    expect(formatRaHours(5.575539)).toBe('05h34m31.9s');
    expect(formatRaHours(23.99999999)).toBe('00h00m00.0s');
    expect(formatDecDeg(-5.391111)).toBe('−05°23′28″');
    for (const ra of [0, 3.1361, 12.5, 23.999]) expect(Math.abs((parseRaHours(raInputText(ra)) ?? NaN) - ra)).toBeLessThanOrEqual(0.05 / 3600 + 1e-12);
    for (const dec of [-89.9, -5.39111, 0, 41.26875, 89.26411]) expect(Math.abs((parseDecDeg(decInputText(dec)) ?? NaN) - dec)).toBeLessThanOrEqual(0.5 / 3600 + 1e-12);
  });
});
