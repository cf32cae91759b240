/**
 * The WCS (FITS TAN, Calabretta & Greisen 2002) of a simulated frame, as header cards the camera
 * puts in `ImageMetadata.headers`. Same conventions as archive/wcs.ts (CD matrix from scale and
 * position angle, east −x at PA 0), but exact for sub-frames and unequal binning: the reference
 * pixel is where the sensor centre (the pointing) falls in the delivered image.
 */
import type { Binning, EquatorialCoords, Subframe } from '../types';

export interface SimWcsInput {
  /** J2000 sky position of the sensor centre. */
  pointing: EquatorialCoords;
  /** Unbinned plate scale, arcseconds per pixel. */
  pixelScaleArcsec: number;
  /** Position angle of the image +y axis, degrees east of north. */
  positionAngleDeg: number;
  sensorWidthPx: number;
  sensorHeightPx: number;
  /** Area read, unbinned pixels. */
  subframe: Subframe;
  binning: Binning;
}

/** Header cards CTYPEi, CUNITi, CRVALi, CRPIXi, CDi_j (degrees), RADESYS, EQUINOX. */
export function simWcsHeaders(w: SimWcsInput): Record<string, string | number> {
  const t = (w.positionAngleDeg * Math.PI) / 180;
  const sx = (w.pixelScaleArcsec * w.binning.x) / 3600;
  const sy = (w.pixelScaleArcsec * w.binning.y) / 3600;
  // The sensor centre in continuous binned-pixel coordinates of the delivered image; FITS pixel
  // centres are at integer + 1 from the corner, hence + 0.5.
  const crpix1 = (w.sensorWidthPx / 2 - w.subframe.x) / w.binning.x + 0.5;
  const crpix2 = (w.sensorHeightPx / 2 - w.subframe.y) / w.binning.y + 0.5;
  return {
    CTYPE1: 'RA---TAN',
    CTYPE2: 'DEC--TAN',
    CUNIT1: 'deg',
    CUNIT2: 'deg',
    CRVAL1: (((w.pointing.raHours * 15) % 360) + 360) % 360,
    CRVAL2: w.pointing.decDeg,
    CRPIX1: crpix1,
    CRPIX2: crpix2,
    CD1_1: -sx * Math.cos(t),
    CD1_2: sy * Math.sin(t),
    CD2_1: sx * Math.sin(t),
    CD2_2: sy * Math.cos(t),
    RADESYS: 'ICRS',
    EQUINOX: 2000,
  };
}
