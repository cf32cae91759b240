/** Pure helpers: binning from a readout mode, filters to slots, the sky-flat exposure model. */
import type { Binning } from '../devices';
import type { InstrumentConfigBody } from './observation-source';

/** Binning of an instrument config: `extra_params.bin_x/bin_y` (filled from the readout mode's schema), else `NxN` in the mode code, else 1×1. */
export function binningOf(ic: InstrumentConfigBody): Binning {
  const bx = ic.extra_params?.['bin_x'];
  const by = ic.extra_params?.['bin_y'];
  if (typeof bx === 'number' && typeof by === 'number' && bx >= 1 && by >= 1) return { x: bx, y: by };
  const m = /(\d)x(\d)/.exec(ic.mode ?? '');
  if (m) return { x: Number(m[1]), y: Number(m[2]) };
  return { x: 1, y: 1 };
}

/** The filter of an instrument config (`optical_elements.filter`), null when none is named. */
export function filterOf(ic: InstrumentConfigBody): string | null {
  const f = ic.optical_elements?.['filter'];
  return typeof f === 'string' && f !== '' ? f : null;
}

/** Slot of `filter` in the wheel (case-insensitive), or null when the wheel does not hold it. */
export function slotOf(names: readonly string[], filter: string): number | null {
  const i = names.findIndex((n) => n.toLowerCase() === filter.toLowerCase());
  return i < 0 ? null : i;
}

/** Twilight window for sky flats: Sun altitude range, degrees. */
export const SKY_FLAT_SUN_RANGE_DEG = { min: -10, max: -2 } as const;

/**
 * Sky-flat exposure time, seconds, for the Sun at `sunAltitudeDeg`: the requested time is meant for
 * the Sun at −6°, and the twilight sky fades by about one magnitude per degree of solar depression
 * (so 2.5× per degree). Clamped to [0.5, 60] s. Null outside the twilight window.
 */
export function skyFlatExposureSec(requestedSec: number, sunAltitudeDeg: number): number | null {
  if (sunAltitudeDeg < SKY_FLAT_SUN_RANGE_DEG.min || sunAltitudeDeg > SKY_FLAT_SUN_RANGE_DEG.max) return null;
  const brightness = 10 ** (0.4 * (sunAltitudeDeg + 6));
  return Math.min(60, Math.max(0.5, requestedSec / brightness));
}
