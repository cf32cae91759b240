import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nightEvents, nightPhaseForSunAltitude, sunAltitudeDeg } from '../../../src-shared/astro';
import type { Timeline, TimelineBlock } from '../../../src-shared/ipc/contract';
import {
  darkHours,
  fractionAt,
  hourTicks,
  nextSunEvent,
  phaseBands,
  placeBlocks,
  timeAt,
  xAt,
} from '../../../src-renderer/lib/timeline-geometry';
import { formatClock } from '../../../src-renderer/lib/time-format';

const H = 3_600_000;
const t0 = Date.parse('2026-11-21T18:00:00Z');
const axis = { startMs: t0, endMs: t0 + 12 * H };

describe('time → x', () => {
  it('maps the ends and the middle of the axis', () => {
    expect(xAt(axis, axis.startMs, 1200)).toBe(0);
    expect(xAt(axis, axis.endMs, 1200)).toBe(1200);
    expect(xAt(axis, t0 + 3 * H, 1200)).toBeCloseTo(300, 9);
  });
  it('clamps x outside the axis but leaves fractions unclamped', () => {
    expect(xAt(axis, t0 - H, 800)).toBe(0);
    expect(xAt(axis, t0 + 20 * H, 800)).toBe(800);
    expect(fractionAt(axis, t0 - 6 * H)).toBeCloseTo(-0.5, 12);
  });
  it('returns null for an empty or inverted axis', () => {
    expect(fractionAt({ startMs: t0, endMs: t0 }, t0)).toBeNull();
    expect(xAt({ startMs: t0, endMs: t0 - 1 }, t0, 100)).toBeNull();
  });
  it('timeAt inverts fractionAt', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 2, noNaN: true }), (f) => {
        const back = fractionAt(axis, timeAt(axis, f));
        expect(back).not.toBeNull();
        expect(Math.abs((back ?? Number.NaN) - f)).toBeLessThan(1e-9);
      }),
    );
  });
});

const handEvents: Timeline['events'] = {
  sunsetMs: t0 + 0.5 * H,
  civilDuskMs: t0 + 1 * H,
  nauticalDuskMs: t0 + 1.5 * H,
  astronomicalDuskMs: t0 + 2 * H,
  astronomicalDawnMs: t0 + 10 * H,
  nauticalDawnMs: t0 + 10.5 * H,
  civilDawnMs: t0 + 11 * H,
  sunriseMs: t0 + 11.5 * H,
};

describe('phaseBands', () => {
  it('lays out the nine phases of an ordinary night in order', () => {
    const bands = phaseBands(axis, handEvents);
    expect(bands.map((b) => b.phase)).toEqual([
      'day',
      'civil',
      'nautical',
      'astronomical',
      'night',
      'astronomical',
      'nautical',
      'civil',
      'day',
    ]);
    expect(bands[4]).toEqual({ phase: 'night', startMs: t0 + 2 * H, endMs: t0 + 10 * H });
    expect(darkHours(bands)).toBeCloseTo(8, 12);
  });

  it('skips the events the Sun does not reach (no astronomical darkness)', () => {
    const bands = phaseBands(axis, { ...handEvents, astronomicalDuskMs: null, astronomicalDawnMs: null });
    expect(bands.map((b) => b.phase)).toEqual(['day', 'civil', 'nautical', 'astronomical', 'nautical', 'civil', 'day']);
    expect(darkHours(bands)).toBe(0);
  });

  it('clips to the axis when events fall outside it', () => {
    const narrow = { startMs: t0 + 3 * H, endMs: t0 + 9 * H };
    expect(phaseBands(narrow, handEvents)).toEqual([{ phase: 'night', startMs: narrow.startMs, endMs: narrow.endMs }]);
  });

  it('is empty when no event is known', () => {
    const none = Object.fromEntries(Object.keys(handEvents).map((k) => [k, null])) as Timeline['events'];
    expect(phaseBands(axis, none)).toEqual([]);
  });

  // Against the real Sun: for a real site, the phase of each band's midpoint must be the phase the
  // Sun altitude gives there (astronomy-engine via src-shared/astro). Tolerance: none on the phase;
  // the band edges are the event times themselves.
  const sites = [
    {
      name: 'Teide, November',
      site: { latitudeDeg: 28.3, longitudeDeg: -16.51, elevationM: 2390 },
      iso: '2026-11-21T20:00:00Z',
    },
    {
      name: 'Helsinki, June (no astronomical night)',
      site: { latitudeDeg: 60.17, longitudeDeg: 24.94, elevationM: 20 },
      iso: '2026-06-10T22:00:00Z',
    },
    {
      name: 'Siding Spring, July',
      site: { latitudeDeg: -31.27, longitudeDeg: 149.07, elevationM: 1165 },
      iso: '2026-07-10T12:00:00Z',
    },
  ];
  it.each(sites)('matches the Sun altitude at every band midpoint: $name', ({ site, iso }) => {
    const events = nightEvents(site, Date.parse(iso));
    const known = Object.values(events).filter((v): v is number => v !== null);
    const span = { startMs: Math.min(...known) - 2 * H, endMs: Math.max(...known) + 2 * H };
    const bands = phaseBands(span, events);
    expect(bands.length).toBeGreaterThan(2);
    expect(bands[0]?.startMs).toBe(span.startMs);
    expect(bands[bands.length - 1]?.endMs).toBe(span.endMs);
    for (const [i, b] of bands.entries()) {
      if (i > 0) expect(b.startMs).toBe(bands[i - 1]?.endMs);
      const mid = (b.startMs + b.endMs) / 2;
      expect(nightPhaseForSunAltitude(sunAltitudeDeg(site, mid)), `band ${i} ${b.phase}`).toBe(b.phase);
    }
  });

  it('covers the axis without gaps or overlaps for any event times', () => {
    const maybe = fc.option(fc.integer({ min: -2 * H, max: 14 * H }), { nil: null });
    fc.assert(
      fc.property(fc.array(maybe, { minLength: 8, maxLength: 8 }), (offsets) => {
        const keys = Object.keys(handEvents) as (keyof Timeline['events'])[];
        const events = Object.fromEntries(
          keys.map((k, i) => [k, offsets[i] === null || offsets[i] === undefined ? null : t0 + offsets[i]]),
        ) as Timeline['events'];
        const bands = phaseBands(axis, events);
        if (offsets.every((o) => o === null)) return expect(bands).toEqual([]);
        expect(bands[0]?.startMs).toBe(axis.startMs);
        expect(bands[bands.length - 1]?.endMs).toBe(axis.endMs);
        for (let i = 1; i < bands.length; i++) {
          expect(bands[i]?.startMs).toBe(bands[i - 1]?.endMs);
          expect(bands[i]?.phase).not.toBe(bands[i - 1]?.phase);
        }
        for (const b of bands) expect(b.endMs).toBeGreaterThan(b.startMs);
      }),
    );
  });
});

describe('hourTicks', () => {
  it('lands on whole local hours in a whole-hour zone', () => {
    const ticks = hourTicks(
      { startMs: Date.parse('2026-11-21T18:20:00Z'), endMs: Date.parse('2026-11-21T21:00:00Z') },
      'UTC',
    );
    expect(ticks.map((t) => t.localHour)).toEqual([19, 20, 21]);
    expect(ticks[0]?.fraction).toBeCloseTo(40 / 160, 12);
  });

  it('lands on local hours (:30 UTC) in a half-hour zone', () => {
    const ticks = hourTicks(
      { startMs: Date.parse('2026-11-21T12:00:00Z'), endMs: Date.parse('2026-11-21T15:00:00Z') },
      'Asia/Kolkata',
    );
    expect(ticks.map((t) => formatClock(t.utcMs, 'Asia/Kolkata', false))).toEqual(['18:00', '19:00', '20:00']);
    expect(ticks.map((t) => formatClock(t.utcMs, 'UTC', false))).toEqual(['12:30', '13:30', '14:30']);
  });

  it('keeps local whole hours across a daylight-saving change', () => {
    // Europe/Madrid springs forward at 01:00 UTC on 29 March 2026 (02:00 local becomes 03:00).
    const ticks = hourTicks(
      { startMs: Date.parse('2026-03-28T22:30:00Z'), endMs: Date.parse('2026-03-29T03:30:00Z') },
      'Europe/Madrid',
    );
    const labels = ticks.map((t) => formatClock(t.utcMs, 'Europe/Madrid', false));
    for (const l of labels) expect(l.endsWith(':00')).toBe(true);
    expect(labels).toEqual(['00:00', '01:00', '03:00', '04:00', '05:00']);
  });

  it('honours the step from local midnight', () => {
    const ticks = hourTicks(
      { startMs: Date.parse('2026-11-21T17:00:00Z'), endMs: Date.parse('2026-11-22T07:00:00Z') },
      'UTC',
      3,
    );
    expect(ticks.map((t) => t.localHour)).toEqual([18, 21, 0, 3, 6]);
  });
});

describe('placeBlocks', () => {
  const block = (telescopeId: string, startH: number, endH: number, label: string): TimelineBlock => ({
    telescopeId,
    requestId: 1,
    label,
    startMs: t0 + startH * H,
    endMs: t0 + endH * H,
    kind: 'observation',
    state: 'PENDING',
  });

  it('places, sorts, clips and filters blocks of one telescope', () => {
    const placed = placeBlocks(
      axis,
      [
        block('a', 6, 9, 'late'),
        block('a', -1, 1.5, 'clipped'),
        block('b', 2, 3, 'other'),
        block('a', 13, 14, 'outside'),
      ],
      'a',
    );
    expect(placed.map((p) => p.block.label)).toEqual(['clipped', 'late']);
    expect(placed[0]?.left).toBe(0);
    expect(placed[0]?.width).toBeCloseTo(1.5 / 12, 12);
    expect(placed[1]?.left).toBeCloseTo(0.5, 12);
    expect(placed[1]?.width).toBeCloseTo(0.25, 12);
  });
});

describe('nextSunEvent', () => {
  it('finds the first event after now, skipping unknown ones', () => {
    expect(nextSunEvent(handEvents, t0)?.key).toBe('sunsetMs');
    expect(nextSunEvent(handEvents, t0 + 0.5 * H)?.key).toBe('civilDuskMs');
    expect(nextSunEvent({ ...handEvents, astronomicalDawnMs: null }, t0 + 5 * H)).toEqual({
      key: 'nauticalDawnMs',
      label: 'Nautical dawn',
      atMs: t0 + 10.5 * H,
    });
    expect(nextSunEvent(handEvents, t0 + 12 * H)).toBeNull();
  });
});
