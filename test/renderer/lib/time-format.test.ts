import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatClock,
  formatDate,
  formatDateTime,
  formatDeg,
  formatDurationSec,
  formatZoneOffset,
  zoneOffsetMinutes,
} from '../../../src-renderer/lib/time-format';

// Reference offsets come from the IANA tz database rules (well known, stable for these years):
// Canary Islands WET/WEST (EU rules), India IST +5:30 (no DST), Chile CLT −4 / CLST −3,
// Adelaide ACST +9:30 / ACDT +10:30, Madrid CET/CEST with the EU switch at 01:00 UTC on the last
// Sunday of March (29 March 2026).
const at = (iso: string): number => Date.parse(iso);

describe('formatClock / formatDate in a site time zone', () => {
  it('formats UTC directly', () => {
    expect(formatClock(at('2026-11-21T23:04:05Z'), 'UTC')).toBe('23:04:05');
    expect(formatClock(at('2026-11-21T23:04:05Z'), 'UTC', false)).toBe('23:04');
    expect(formatDate(at('2026-11-21T23:04:05Z'), 'UTC')).toBe('2026-11-21');
  });

  it('applies winter and summer offsets of the Canary Islands', () => {
    expect(formatClock(at('2026-01-15T22:30:00Z'), 'Atlantic/Canary')).toBe('22:30:00');
    expect(formatClock(at('2026-07-15T22:30:00Z'), 'Atlantic/Canary')).toBe('23:30:00');
  });

  it('crosses the local date line: the local date differs from the UTC date', () => {
    const t = at('2026-07-15T20:45:00Z');
    expect(formatDateTime(t, 'Asia/Kolkata')).toBe('2026-07-16 02:15');
    expect(formatDateTime(t, 'America/Santiago')).toBe('2026-07-15 16:45');
  });

  it('shows midnight as 00, never 24', () => {
    expect(formatClock(at('2026-03-01T23:00:00Z'), 'Europe/Madrid')).toBe('00:00:00');
  });

  it('follows the daylight-saving switch second by second', () => {
    expect(formatClock(at('2026-03-29T00:59:59Z'), 'Europe/Madrid')).toBe('01:59:59');
    expect(formatClock(at('2026-03-29T01:00:00Z'), 'Europe/Madrid')).toBe('03:00:00');
  });
});

describe('zone offsets', () => {
  const cases: [string, string, number, string][] = [
    ['2026-01-15T12:00:00Z', 'UTC', 0, 'UTC+0'],
    ['2026-01-15T12:00:00Z', 'Atlantic/Canary', 0, 'UTC+0'],
    ['2026-07-15T12:00:00Z', 'Atlantic/Canary', 60, 'UTC+1'],
    ['2026-07-15T12:00:00Z', 'Asia/Kolkata', 330, 'UTC+5:30'],
    ['2026-01-15T12:00:00Z', 'America/Santiago', -180, 'UTC\u22123'],
    ['2026-07-15T12:00:00Z', 'America/Santiago', -240, 'UTC\u22124'],
    ['2026-01-15T12:00:00Z', 'Australia/Adelaide', 630, 'UTC+10:30'],
    ['2026-07-15T12:00:00Z', 'Australia/Adelaide', 570, 'UTC+9:30'],
  ];
  it.each(cases)('%s in %s is %i min (%s)', (iso, zone, minutes, label) => {
    expect(zoneOffsetMinutes(at(iso), zone)).toBe(minutes);
    expect(formatZoneOffset(at(iso), zone)).toBe(label);
  });

  it('ignores the sub-second part of the instant', () => {
    expect(zoneOffsetMinutes(at('2026-07-15T12:00:00.999Z'), 'Asia/Kolkata')).toBe(330);
  });
});

describe('formatDeg', () => {
  it('uses a true minus sign and one decimal', () => {
    expect(formatDeg(-12.345)).toBe('\u221212.3\u00b0');
    expect(formatDeg(45)).toBe('45.0\u00b0');
    expect(formatDeg(-0.04)).toBe('0.0\u00b0');
    expect(formatDeg(null)).toBe('\u2014');
    expect(formatDeg(Number.NaN)).toBe('\u2014');
  });
});

describe('formatDurationSec', () => {
  it('picks the two largest units', () => {
    expect(formatDurationSec(45)).toBe('45s');
    expect(formatDurationSec(750)).toBe('12m 30s');
    expect(formatDurationSec(7500)).toBe('2h 05m');
    expect(formatDurationSec(null)).toBe('\u2014');
    expect(formatDurationSec(-1)).toBe('\u2014');
  });
});

describe('formatAge', () => {
  it('reads relative to the given now, past and future', () => {
    const now = at('2026-11-21T22:00:00Z');
    expect(formatAge(now - 3_000, now)).toBe('3 s ago');
    expect(formatAge(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAge(now - 2 * 3_600_000, now)).toBe('2 h ago');
    expect(formatAge(now - 3 * 86_400_000, now)).toBe('3 d ago');
    expect(formatAge(now + 90_000, now)).toBe('in 1 min');
  });
});
