/**
 * Standard FITS WCS (Calabretta & Greisen 2002) for a gnomonic (TAN) image from the pointing:
 * reference pixel at the image centre, CD matrix from pixel scale and position angle.
 */
import { AppError } from '../../src-shared/errors';
import type { FitsCard } from './fits/card';

export interface WcsPointing {
  /** ICRS right ascension of the image centre, degrees [0, 360). */
  raDeg: number;
  /** ICRS declination of the image centre, degrees [−90, 90]. */
  decDeg: number;
  /** Pixel scale on the sky, arcseconds per (binned) pixel, > 0. */
  pixelScaleArcsec: number;
  /**
   * Position angle of the image +y axis, degrees east of north (0 = north up). With the default
   * parity, east is to the left (+x points west when the angle is 0), as on the sky seen from below.
   */
  rotationDeg: number;
  /** Mirror image (east to the right), e.g. after an odd number of reflections. Default false. */
  flipped?: boolean;
}

/**
 * CD matrix [[CD1_1, CD1_2], [CD2_1, CD2_2]] in degrees per pixel: column (dx, dy) in pixels maps to
 * (east-ward, north-ward) intermediate world coordinates.
 */
export function cdMatrix(p: WcsPointing): [[number, number], [number, number]] {
  const s = p.pixelScaleArcsec / 3600;
  const t = (p.rotationDeg * Math.PI) / 180;
  const parity = p.flipped === true ? -1 : 1;
  // +y points at position angle t: (east, north) = s·(sin t, cos t); +x is +y turned by −90°
  // through west (parity 1) or through east (parity −1).
  return [
    [-parity * s * Math.cos(t), s * Math.sin(t)],
    [parity * s * Math.sin(t), s * Math.cos(t)],
  ];
}

/** Rounds away float noise like 6e-17 so headers stay readable; keeps 15 significant digits. */
function clean(x: number): number {
  return Math.abs(x) < 1e-15 ? 0 : Number(x.toPrecision(15));
}

/**
 * WCS cards for a `width`×`height` image. Throws `validation.invalid` on a non-positive scale or
 * coordinates out of range.
 */
export function wcsCards(p: WcsPointing, width: number, height: number): FitsCard[] {
  if (!(p.pixelScaleArcsec > 0) || !(p.decDeg >= -90 && p.decDeg <= 90) || !Number.isFinite(p.raDeg) || !Number.isFinite(p.rotationDeg)) {
    throw new AppError('validation.invalid', 'WCS needs a positive pixel scale and a valid pointing', { pointing: [JSON.stringify(p)] });
  }
  const [[cd11, cd12], [cd21, cd22]] = cdMatrix(p);
  const ra = ((p.raDeg % 360) + 360) % 360;
  return [
    { key: 'WCSAXES', value: 2, comment: 'number of WCS axes' },
    { key: 'CTYPE1', value: 'RA---TAN', comment: 'gnomonic projection' },
    { key: 'CTYPE2', value: 'DEC--TAN', comment: 'gnomonic projection' },
    { key: 'CUNIT1', value: 'deg', comment: 'unit of CRVAL1 and CD1_j' },
    { key: 'CUNIT2', value: 'deg', comment: 'unit of CRVAL2 and CD2_j' },
    { key: 'CRVAL1', value: clean(ra), format: 'float', comment: '[deg] RA at the reference pixel' },
    { key: 'CRVAL2', value: clean(p.decDeg), format: 'float', comment: '[deg] Dec at the reference pixel' },
    // FITS pixel centres are integers from 1, so the centre of N pixels is (N + 1) / 2.
    { key: 'CRPIX1', value: (width + 1) / 2, format: 'float', comment: '[pixel] reference pixel (centre)' },
    { key: 'CRPIX2', value: (height + 1) / 2, format: 'float', comment: '[pixel] reference pixel (centre)' },
    { key: 'CD1_1', value: clean(cd11), format: 'float', comment: '[deg/pixel] transformation matrix' },
    { key: 'CD1_2', value: clean(cd12), format: 'float', comment: '[deg/pixel] transformation matrix' },
    { key: 'CD2_1', value: clean(cd21), format: 'float', comment: '[deg/pixel] transformation matrix' },
    { key: 'CD2_2', value: clean(cd22), format: 'float', comment: '[deg/pixel] transformation matrix' },
    { key: 'RADESYS', value: 'ICRS', comment: 'reference frame of the celestial coordinates' },
  ];
}

/** A TAN WCS as read from a header: reference point, reference pixel and CD matrix (degrees). */
export interface TanWcs {
  crval1: number;
  crval2: number;
  crpix1: number;
  crpix2: number;
  cd: [[number, number], [number, number]];
}

/** The TanWcs that `wcsCards` writes for this pointing and image size. */
export function tanWcsFor(p: WcsPointing, width: number, height: number): TanWcs {
  return { crval1: p.raDeg, crval2: p.decDeg, crpix1: (width + 1) / 2, crpix2: (height + 1) / 2, cd: cdMatrix(p) };
}

/**
 * Sky position of pixel (x, y) (1-based FITS pixel coordinates) under the TAN projection: the
 * inverse gnomonic projection, used for footprints and tests. Degrees; RA in [0, 360).
 */
export function pixelToSky(w: TanWcs, x: number, y: number): { raDeg: number; decDeg: number } {
  const [[cd11, cd12], [cd21, cd22]] = w.cd;
  const dx = x - w.crpix1;
  const dy = y - w.crpix2;
  const xi = ((cd11 * dx + cd12 * dy) * Math.PI) / 180;
  const eta = ((cd21 * dx + cd22 * dy) * Math.PI) / 180;
  const ra0 = (w.crval1 * Math.PI) / 180;
  const dec0 = (w.crval2 * Math.PI) / 180;
  const denom = Math.cos(dec0) - eta * Math.sin(dec0);
  const ra = ra0 + Math.atan2(xi, denom);
  const dec = Math.atan2(Math.sin(dec0) + eta * Math.cos(dec0), Math.hypot(xi, denom));
  const raDeg = ((((ra * 180) / Math.PI) % 360) + 360) % 360;
  return { raDeg, decDeg: (dec * 180) / Math.PI };
}
