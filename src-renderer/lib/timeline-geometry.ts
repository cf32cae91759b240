/**
 * Geometry of the night timeline: a linear time axis, twilight bands from the night's Sun events,
 * hour ticks aligned to the site's local hours, and block placement. Pure: positions are fractions
 * of the axis width in [0, 1], so the view can lay them out in percent without measuring the DOM.
 */
import type { SkyStatus, Timeline, TimelineBlock } from '../../src-shared/ipc/contract';
import { zoneOffsetMinutes } from './time-format';

type NightPhase = SkyStatus['nightPhase'];

export interface TimeAxis {
  startMs: number;
  endMs: number;
}

/** Fraction of the axis at `utcMs`, unclamped (values outside [0, 1] lie off the axis). Null for an empty axis. */
export function fractionAt(axis: TimeAxis, utcMs: number): number | null {
  const span = axis.endMs - axis.startMs;
  if (!(span > 0)) return null;
  return (utcMs - axis.startMs) / span;
}

/** Pixel x for `utcMs` on an axis drawn `widthPx` wide, clamped to [0, widthPx]. Null for an empty axis. */
export function xAt(axis: TimeAxis, utcMs: number, widthPx: number): number | null {
  const f = fractionAt(axis, utcMs);
  if (f === null) return null;
  return Math.min(Math.max(f, 0), 1) * widthPx;
}

/** Time at fraction `f` of the axis, UTC ms (inverse of fractionAt). */
export function timeAt(axis: TimeAxis, f: number): number {
  return axis.startMs + f * (axis.endMs - axis.startMs);
}

/** A stretch of the night in one twilight phase. */
export interface PhaseBand {
  phase: NightPhase;
  startMs: number;
  endMs: number;
}

type EventKey = keyof Timeline['events'];

/** For each Sun event: the phase just before it and just after it, in the evening → morning order. */
const EVENT_PHASES: readonly { key: EventKey; before: NightPhase; after: NightPhase }[] = [
  { key: 'sunsetMs', before: 'day', after: 'civil' },
  { key: 'civilDuskMs', before: 'civil', after: 'nautical' },
  { key: 'nauticalDuskMs', before: 'nautical', after: 'astronomical' },
  { key: 'astronomicalDuskMs', before: 'astronomical', after: 'night' },
  { key: 'astronomicalDawnMs', before: 'night', after: 'astronomical' },
  { key: 'nauticalDawnMs', before: 'astronomical', after: 'nautical' },
  { key: 'civilDawnMs', before: 'nautical', after: 'civil' },
  { key: 'sunriseMs', before: 'civil', after: 'day' },
];

/**
 * Twilight bands covering [axis.startMs, axis.endMs], from the night's Sun events. Events the Sun
 * does not reach (null, e.g. no astronomical darkness in a high-latitude summer) are skipped, and the
 * phase between the remaining events follows from them. Empty when no event is known at all (then the
 * phase cannot be told from the events alone).
 */
export function phaseBands(axis: TimeAxis, events: Timeline['events']): PhaseBand[] {
  const known = EVENT_PHASES.flatMap((e) => {
    const t = events[e.key];
    return t === null ? [] : [{ t, before: e.before, after: e.after }];
  }).sort((a, b) => a.t - b.t);
  const first = known[0];
  if (first === undefined || !(axis.endMs > axis.startMs)) return [];
  const bands: PhaseBand[] = [];
  let cursor = axis.startMs;
  let phase: NightPhase = first.before;
  for (const e of known) {
    const at = Math.min(Math.max(e.t, axis.startMs), axis.endMs);
    if (at > cursor) bands.push({ phase, startMs: cursor, endMs: at });
    cursor = Math.max(cursor, at);
    phase = e.after;
  }
  if (axis.endMs > cursor) bands.push({ phase, startMs: cursor, endMs: axis.endMs });
  // Merge neighbours in the same phase (left by events that fall outside the axis).
  const merged: PhaseBand[] = [];
  for (const b of bands) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.phase === b.phase && last.endMs === b.startMs) last.endMs = b.endMs;
    else merged.push({ ...b });
  }
  return merged;
}

/** An axis tick at a whole local hour of the site. */
export interface HourTick {
  utcMs: number;
  fraction: number;
  /** Local hour of day, 0–23. */
  localHour: number;
}

const HOUR_MS = 3_600_000;

/**
 * Ticks at whole local hours of `timeZone` within the axis, every `stepHours` local hours (counted
 * from local midnight, so a 2 h step lands on even hours). Handles zones with half-hour offsets.
 */
export function hourTicks(axis: TimeAxis, timeZone: string, stepHours = 1): HourTick[] {
  const ticks: HourTick[] = [];
  if (!(axis.endMs > axis.startMs) || stepHours <= 0) return ticks;
  const offsetMs = zoneOffsetMinutes(axis.startMs, timeZone) * 60_000;
  // First whole local hour at or after the start.
  let t = Math.ceil((axis.startMs + offsetMs) / HOUR_MS) * HOUR_MS - offsetMs;
  for (let guard = 0; t <= axis.endMs && guard < 200; guard++, t += HOUR_MS) {
    // Re-read the offset at each tick so a daylight-saving change during the night stays aligned.
    const off = zoneOffsetMinutes(t, timeZone) * 60_000;
    const aligned = Math.round((t + off) / HOUR_MS) * HOUR_MS - off;
    const localHour = ((Math.round((aligned + off) / HOUR_MS) % 24) + 24) % 24;
    if (localHour % stepHours !== 0 || aligned < axis.startMs || aligned > axis.endMs) continue;
    if (ticks.length > 0 && ticks[ticks.length - 1]?.utcMs === aligned) continue;
    ticks.push({ utcMs: aligned, fraction: (aligned - axis.startMs) / (axis.endMs - axis.startMs), localHour });
  }
  return ticks;
}

/** A block placed on the axis: left edge and width as fractions, clipped to the axis. */
export interface PlacedBlock {
  block: TimelineBlock;
  left: number;
  width: number;
}

/** Blocks of one telescope placed on the axis, sorted by start; blocks entirely outside the axis are dropped. */
export function placeBlocks(axis: TimeAxis, blocks: readonly TimelineBlock[], telescopeId: string): PlacedBlock[] {
  const span = axis.endMs - axis.startMs;
  if (!(span > 0)) return [];
  return blocks
    .filter((b) => b.telescopeId === telescopeId && b.endMs > axis.startMs && b.startMs < axis.endMs)
    .sort((a, b) => a.startMs - b.startMs)
    .map((block) => {
      const start = Math.max(block.startMs, axis.startMs);
      const end = Math.min(block.endMs, axis.endMs);
      return { block, left: (start - axis.startMs) / span, width: (end - start) / span };
    });
}

/** Hours of astronomical darkness (Sun below −18°) inside the axis, from the bands. */
export function darkHours(bands: readonly PhaseBand[]): number {
  return bands.filter((b) => b.phase === 'night').reduce((sum, b) => sum + (b.endMs - b.startMs), 0) / HOUR_MS;
}

/** Labels of the Sun events, evening to morning. */
export const SUN_EVENT_LABELS: Record<EventKey, string> = {
  sunsetMs: 'Sunset',
  civilDuskMs: 'Civil dusk',
  nauticalDuskMs: 'Nautical dusk',
  astronomicalDuskMs: 'Astronomical dusk',
  astronomicalDawnMs: 'Astronomical dawn',
  nauticalDawnMs: 'Nautical dawn',
  civilDawnMs: 'Civil dawn',
  sunriseMs: 'Sunrise',
};

/** The first Sun event strictly after `utcMs`, or null when none is left tonight. */
export function nextSunEvent(
  events: Timeline['events'],
  utcMs: number,
): { key: EventKey; label: string; atMs: number } | null {
  let best: { key: EventKey; label: string; atMs: number } | null = null;
  for (const { key } of EVENT_PHASES) {
    const t = events[key];
    if (t !== null && t > utcMs && (best === null || t < best.atMs))
      best = { key, label: SUN_EVENT_LABELS[key], atMs: t };
  }
  return best;
}
