import { describe, expect, it } from 'vitest';
import { formatCard, formatFloat, parseCards } from '../../../src-main/archive';
import type { FitsCard } from '../../../src-main/archive';

// Column positions below are 1-based FITS columns from the FITS Standard 4.0 §4.1–4.2.
describe('FITS card formatting (fixed format)', () => {
  it('puts "= " in columns 9–10 and right-justifies numbers and logicals to column 30', () => {
    const [int] = formatCard({ key: 'NAXIS1', value: 4096, comment: 'width' });
    const [flag] = formatCard({ key: 'SIMPLE', value: true });
    const [real] = formatCard({ key: 'EXPTIME', value: 30, format: 'float' });
    for (const card of [int, flag, real]) {
      expect(card).toHaveLength(80);
      expect(card?.slice(8, 10)).toBe('= ');
    }
    expect(int?.slice(0, 30)).toBe('NAXIS1  =                 4096');
    expect(int?.slice(30)).toBe(' / width'.padEnd(50));
    expect(flag?.slice(29, 30)).toBe('T');
    expect(real?.slice(10, 30).trim()).toBe('30.0');
  });

  it('quotes strings from column 11 with at least 8 characters inside and doubles embedded quotes', () => {
    const [short] = formatCard({ key: 'SITEID', value: 'tfn' });
    expect(short?.slice(10, 20)).toBe("'tfn     '");
    const [q] = formatCard({ key: 'OBJECT', value: "O'Brien" });
    // The doubled quote counts towards the 8-character minimum, so no padding is needed here.
    expect(q?.slice(10, 21)).toBe("'O''Brien' ");
  });

  it('formats reals within 20 characters with a decimal point or exponent', () => {
    expect(formatFloat(30)).toBe('30.0');
    expect(formatFloat(1e-7)).toBe('1.0E-7');
    expect(formatFloat(-2.5e300)).toBe('-2.5E300');
    expect(formatFloat(0.1 + 0.2)).toBe('0.30000000000000004');
    const long = formatFloat(-1.2345678901234567e-123);
    expect(long.length).toBeLessThanOrEqual(20);
    expect(Math.abs(Number(long) / -1.2345678901234567e-123 - 1)).toBeLessThan(1e-12);
    expect(() => formatFloat(Number.NaN)).toThrow(/finite/);
  });

  it('splits long strings over CONTINUE cards ending in & and reads them back whole', () => {
    const value = `${'long value with a quote \' and more text, '.repeat(5)}end`;
    const cards = formatCard({ key: 'GROUPID', value, comment: 'request group name' });
    expect(cards.length).toBeGreaterThan(2);
    for (const card of cards) expect(card).toHaveLength(80);
    for (const card of cards.slice(0, -1)) expect(card.trimEnd().endsWith("&'")).toBe(true);
    for (const card of cards.slice(1)) expect(card.startsWith("CONTINUE  '")).toBe(true);
    const parsed = parseCards(cards);
    expect(parsed).toEqual([{ key: 'GROUPID', value, comment: 'request group name' }]);
  });

  it('round-trips every value kind through parseCards', () => {
    const cards: FitsCard[] = [
      { key: 'A', value: 'text', comment: 'c' },
      { key: 'B', value: -42 },
      { key: 'C', value: 1.5e-9, format: 'float' },
      { key: 'D', value: false },
      { key: 'E', value: null, comment: 'undefined value' },
      { key: 'COMMENT', comment: 'free text / with a slash' },
      { key: 'HISTORY', comment: 'step 1' },
      { key: 'F', value: '  leading spaces kept' },
    ];
    const parsed = parseCards(cards.flatMap((c) => formatCard(c)));
    expect(parsed).toEqual([
      { key: 'A', value: 'text', comment: 'c' },
      { key: 'B', value: -42, format: 'int' },
      { key: 'C', value: 1.5e-9, format: 'float' },
      { key: 'D', value: false },
      { key: 'E', value: null, comment: 'undefined value' },
      { key: 'COMMENT', comment: 'free text / with a slash' },
      { key: 'HISTORY', comment: 'step 1' },
      { key: 'F', value: '  leading spaces kept' },
    ]);
  });

  it('refuses keywords and text that FITS cannot hold', () => {
    expect(() => formatCard({ key: 'TOOLONGKEY', value: 1 })).toThrow(/keyword/);
    expect(() => formatCard({ key: 'lower ok?', value: 1 })).toThrow(/keyword/);
    expect(() => formatCard({ key: 'OBJECT', value: 'Ω Cen' })).toThrow(/ASCII/);
  });
});
