/**
 * Pointing patterns of the OCS expansion helpers (`/api/configurations/dither/`,
 * `/api/requests/mosaic/`): offsets in arcseconds, x along +RA (east) and y along +Dec (north),
 * orientation in degrees measured from north through east. Pure: no IO, no clock.
 */

/** One pointing offset, arcsec: x along RA (on the sky, i.e. already × cos δ), y along Dec. */
export type OffsetArcsec = readonly [xArcsec: number, yArcsec: number];

export type PatternName = 'line' | 'grid' | 'spiral';

export interface PatternParams {
  pattern: PatternName;
  /** line / spiral: number of pointings ≥ 1. */
  numPoints: number | null;
  /** Spacing between pointings along a line / down a grid column, arcsec. */
  pointSpacingArcsec: number;
  /** Spacing between grid columns, arcsec (defaults to the point spacing). */
  lineSpacingArcsec: number | null;
  /** Degrees from north through east. */
  orientationDeg: number;
  numRows: number | null;
  numColumns: number | null;
  /** true: the pattern's middle sits on the target; false: the first pointing does. */
  center: boolean;
}

const rad = (deg: number): number => (deg * Math.PI) / 180;

/**
 * `numPoints` pointings `spacingArcsec` apart on a line at `orientationDeg`; the first at the
 * origin, or the line's midpoint there when `center`.
 */
export function lineOffsets(numPoints: number, spacingArcsec: number, orientationDeg: number, center: boolean): OffsetArcsec[] {
  const s = Math.sin(rad(orientationDeg));
  const c = Math.cos(rad(orientationDeg));
  const shift = center ? -((numPoints - 1) * spacingArcsec) / 2 : 0;
  const out: OffsetArcsec[] = [];
  for (let i = 0; i < Math.max(0, numPoints); i++) {
    const along = i * spacingArcsec + shift;
    // Orientation turns from north (+y) towards east; x is reported with the portal's sign (−sin).
    out.push([-along * s, along * c]);
  }
  return out;
}

/**
 * An Archimedean spiral outward from the origin with pointings about `spacingArcsec` apart along
 * the curve (arc length ≈ r²/2 for r = θ, so the n-th point sits at θ = √(2·spacing·n)).
 */
export function spiralOffsets(numPoints: number, spacingArcsec: number): OffsetArcsec[] {
  const out: OffsetArcsec[] = [[0, 0]];
  for (let n = 1; out.length < numPoints; n++) {
    const theta = Math.sqrt(2 * spacingArcsec * n);
    out.push([theta * Math.cos(theta), theta * Math.sin(theta)]);
  }
  return out.slice(0, Math.max(0, numPoints));
}

/**
 * A `numRows` × `numColumns` grid walked boustrophedon (column by column, alternate columns
 * reversed): rows `pointSpacingArcsec` apart, columns `lineSpacingArcsec` apart, the whole grid
 * rotated by `orientationDeg`; centred on the origin when `center`, else starting there.
 */
export function gridOffsets(numRows: number, numColumns: number, pointSpacingArcsec: number, lineSpacingArcsec: number, orientationDeg: number, center: boolean): OffsetArcsec[] {
  const s = Math.sin(rad(orientationDeg));
  const c = Math.cos(rad(orientationDeg));
  const rowShift = center ? -(pointSpacingArcsec * (numRows - 1)) / 2 : 0;
  const colShift = center ? -(lineSpacingArcsec * (numColumns - 1)) / 2 : 0;
  const out: OffsetArcsec[] = [];
  for (let col = 0; col < numColumns; col++) {
    for (let k = 0; k < numRows; k++) {
      const row = col % 2 === 0 ? k : numRows - 1 - k;
      const bx = col * lineSpacingArcsec + colShift;
      const by = row * pointSpacingArcsec + rowShift;
      out.push([bx * c - by * s, bx * s + by * c]);
    }
  }
  return out;
}

/** The offsets of a validated pattern (required counts already checked by the caller). */
export function patternOffsets(p: PatternParams): OffsetArcsec[] {
  switch (p.pattern) {
    case 'line':
      return lineOffsets(p.numPoints ?? 0, p.pointSpacingArcsec, p.orientationDeg, p.center);
    case 'spiral':
      return spiralOffsets(p.numPoints ?? 0, p.pointSpacingArcsec);
    case 'grid':
      return gridOffsets(p.numRows ?? 0, p.numColumns ?? 0, p.pointSpacingArcsec, p.lineSpacingArcsec ?? p.pointSpacingArcsec, p.orientationDeg, p.center);
  }
}

/** Rounds to the portal's 3 decimals (milliarcseconds). */
export function roundOffset(arcsec: number): number {
  const r = Math.round(arcsec * 1000) / 1000;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * Moves an ICRS position by an on-sky offset: Dec first, then RA scaled by 1/cos of the new Dec
 * (floored at 1e-3 so a pole does not blow up), as the portal's mosaic does. Degrees in, degrees out.
 */
export function offsetPosition(raDeg: number, decDeg: number, offset: OffsetArcsec): { raDeg: number; decDeg: number } {
  const dec = decDeg + offset[1] / 3600;
  const cosDec = Math.max(Math.cos(rad(dec)), 1e-3);
  return { raDeg: raDeg + offset[0] / 3600 / cosDec, decDeg: dec };
}
