import { describe, expect, it } from 'vitest';
import {
  GOTO,
  HASH,
  formatDec,
  formatRa,
  parseAngle,
  parseDec,
  parseGoto,
  parseRa,
  takeReply,
} from '../../../../src-main/devices/lx200/protocol';

describe('lx200 protocol', () => {
  it('formats RA and Dec in both precisions, keeping the sign of −0°30′', () => {
    expect(formatRa(5.5, 'high')).toBe('05:30:00');
    expect(formatRa(5.5 + 1 / 3600 * 59.6, 'high')).toBe('05:31:00');
    expect(formatRa(23.99999, 'high')).toBe('00:00:00');
    expect(formatRa(7.0 + 0.1 / 60, 'low')).toBe('07:00.1');
    expect(formatDec(-0.5, 'high')).toBe('-00*30:00');
    expect(formatDec(-0.5, 'low')).toBe('-00*30');
    expect(formatDec(45.2575, 'high')).toBe('+45*15:27');
  });

  it('parses replies in both precisions, with Autostar ß and stray leading bytes', () => {
    expect(parseRa('05:30:00')).toEqual({ raHours: 5.5, precision: 'high' });
    expect(parseRa('07:00.3')?.raHours).toBeCloseTo(7 + 0.3 / 60, 12);
    expect(parseRa('07:00.3')?.precision).toBe('low');
    expect(parseRa('\u00ff\u0001noise05:30:00')?.raHours).toBe(5.5);
    expect(parseRa('12:34:56.78')?.raHours).toBeCloseTo(12 + 34 / 60 + 56.78 / 3600, 12);
    expect(parseDec("+20\u00df30'15")).toBeCloseTo(20 + 30 / 60 + 15 / 3600, 12);
    expect(parseDec('-00*30')).toBeCloseTo(-0.5, 12);
    expect(parseAngle('110*00')?.deg).toBe(110);
  });

  it('rejects garbage and out-of-range values', () => {
    for (const bad of ['', '\u00ff\u0013zq?', '25:00:00', '05:61:00', '05:30.', 'abc']) expect(parseRa(bad)).toBeNull();
    for (const bad of ['', '+95*00', "+20*61'00", 'zz']) expect(parseDec(bad)).toBeNull();
  });

  it('frames replies by command kind', () => {
    expect(takeReply('05:30:00#rest', HASH)).toEqual(['05:30:00', 9]);
    expect(takeReply('05:30', HASH)).toBeNull();
    expect(takeReply('0', GOTO)).toEqual(['0', 1]);
    expect(takeReply('1Object Below', GOTO)).toBeNull();
    expect(takeReply('1Object Below Horizon#', GOTO)?.[0]).toBe('1Object Below Horizon');
    const sc = { type: 'charThenHashes', count: 2 } as const;
    expect(takeReply('1Updating Planetary Data#', sc)).toBeNull();
    expect(takeReply('1Updating Planetary Data#      #', sc)?.[1]).toBe(32);
    expect(parseGoto('0')).toEqual({ ok: true });
    expect(parseGoto('2Out of limits')).toEqual({ ok: false, code: 2, message: 'Out of limits' });
    expect(parseGoto('x')).toBeNull();
  });
});
