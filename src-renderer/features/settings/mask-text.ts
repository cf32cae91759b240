/**
 * The horizon-mask editor's text form: one "azimuth, altitude" point per line, degrees (azimuth
 * from north through east). Parsing checks each line with the same rules the core applies
 * (`horizonMaskSchema`), so the editor can say which line is wrong before anything is sent.
 */
import { HORIZON_MASK_LIMITS, horizonMaskSchema } from '../../../src-shared/schemas';

/** One point `[azimuthDeg, altitudeDeg]`. */
export type MaskPoint = [number, number];

export interface MaskLineError {
  /** 1-based line number in the text. */
  line: number;
  message: string;
}

export interface ParsedMask {
  /** Every point read from a well-formed line, in text order (some may still break a rule). */
  points: MaskPoint[];
  /** Problems tied to one line, in line order. */
  lineErrors: MaskLineError[];
  /** Problems of the mask as a whole (point count); null when none. */
  maskError: string | null;
  /** True when `points` can be saved as they are. */
  valid: boolean;
}

// "az, alt", "az alt", "az; alt" or "az<TAB>alt"; a trailing "°" on either number is tolerated.
const SEPARATOR = /\s*[,;\s]\s*/;

function numberOf(text: string): number | null {
  const t = text.replace(/°$/, '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  return Number(t);
}

/**
 * Reads the editor's text. Blank lines and lines starting with `#` are skipped. Never throws.
 */
export function parseMaskText(text: string): ParsedMask {
  const points: MaskPoint[] = [];
  const lineOfPoint: number[] = [];
  const lineErrors: MaskLineError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(SEPARATOR).filter((p) => p !== '');
    const az = parts.length === 2 ? numberOf(parts[0] ?? '') : null;
    const alt = parts.length === 2 ? numberOf(parts[1] ?? '') : null;
    if (az === null || alt === null) {
      lineErrors.push({ line: i + 1, message: `expected "azimuth, altitude" in degrees, got "${line}"` });
      return;
    }
    points.push([az, alt]);
    lineOfPoint.push(i + 1);
  });
  let maskError: string | null = null;
  const r = horizonMaskSchema.safeParse(points);
  if (!r.success) {
    for (const iss of r.error.issues) {
      const index = iss.path[0];
      const line = typeof index === 'number' ? lineOfPoint[index] : undefined;
      if (line === undefined) maskError ??= iss.message;
      else lineErrors.push({ line, message: iss.message });
    }
  }
  lineErrors.sort((a, b) => a.line - b.line);
  if (maskError === null && points.length < HORIZON_MASK_LIMITS.minPoints)
    maskError = 'a horizon mask needs at least 3 points';
  return { points, lineErrors, maskError, valid: lineErrors.length === 0 && maskError === null };
}

/** The text form of a mask, one point per line in azimuth order. */
export function formatMaskText(points: readonly { azimuthDeg: number; altitudeDeg: number }[]): string {
  return [...points]
    .sort((a, b) => a.azimuthDeg - b.azimuthDeg)
    .map((p) => `${p.azimuthDeg}, ${p.altitudeDeg}`)
    .join('\n');
}

/**
 * The mask as a closed outline over azimuth 0…360 for drawing: points in azimuth order with the
 * value at 0° and 360° interpolated across north (the mask wraps), as `[azimuthDeg, altitudeDeg]`.
 * Empty for fewer than two distinct azimuths.
 */
export function maskOutline(points: readonly MaskPoint[]): MaskPoint[] {
  const sorted = [...points].filter(([az]) => az >= 0 && az < 360).sort((a, b) => a[0] - b[0]);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined || first[0] === last[0]) return [];
  // Across north: from the last point (az < 360) to the first point + 360.
  const span = first[0] + 360 - last[0];
  const atNorth = last[1] + ((first[1] - last[1]) * (360 - last[0])) / span;
  return [[0, atNorth], ...sorted, [360, atNorth]];
}
