/**
 * The FITS viewer's coordinate work: decoding the wire image, mapping a canvas position to a
 * preview pixel and to original 1-based FITS pixel coordinates, the sky position there (inverse
 * gnomonic projection of the header's TAN WCS, Calabretta & Greisen 2002), and pan/zoom.
 */
import type { TanWcsWire } from '../../../src-shared/ipc/contract';

/** Float32 values from the contract's base64 (little-endian), decoded byte-exactly on any host. */
export function decodeFloat32Base64(base64: string): Float32Array {
  const bin = atob(base64);
  const view = new DataView(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) view.setUint8(i, bin.charCodeAt(i));
  const out = new Float32Array(bin.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * Sky position (degrees, RA in [0, 360)) of 1-based FITS pixel (x, y) under the TAN WCS.
 */
export function pixelToSkyDeg(w: TanWcsWire, xPx: number, yPx: number): { raDeg: number; decDeg: number } {
  const [[cd11, cd12], [cd21, cd22]] = w.cdDegPerPx;
  const dx = xPx - w.crpix1Px;
  const dy = yPx - w.crpix2Px;
  const rad = Math.PI / 180;
  const xi = (cd11 * dx + cd12 * dy) * rad;
  const eta = (cd21 * dx + cd22 * dy) * rad;
  const dec0 = w.crval2Deg * rad;
  const denom = Math.cos(dec0) - eta * Math.sin(dec0);
  const ra = w.crval1Deg * rad + Math.atan2(xi, denom);
  const dec = Math.atan2(Math.sin(dec0) + eta * Math.cos(dec0), Math.hypot(xi, denom));
  return { raDeg: ((((ra / rad) % 360) + 360) % 360), decDeg: dec / rad };
}

/**
 * The original image's 1-based FITS pixel coordinate at the centre of preview pixel `i` (0-based)
 * when each preview pixel averages `blockPx` original pixels along the axis.
 */
export function originalPixel(i: number, blockPx: number): number {
  return i * blockPx + (blockPx + 1) / 2;
}

/** Pan and zoom: a canvas point (cx, cy) shows image point ((cx − offsetX) / scale, (cy − offsetY) / scale), image y down. */
export interface ViewTransform {
  scale: number;
  offsetX: number;
  offsetY: number;
}

/** Whole image centred in the canvas. */
export function fitTransform(imageW: number, imageH: number, canvasW: number, canvasH: number): ViewTransform {
  const scale = Math.min(canvasW / imageW, canvasH / imageH);
  return { scale, offsetX: (canvasW - imageW * scale) / 2, offsetY: (canvasH - imageH * scale) / 2 };
}

/** Zoom by `factor` about canvas point (cx, cy), which keeps showing the same image point. Scale kept in [minScale, 64]. */
export function zoomAbout(t: ViewTransform, factor: number, cx: number, cy: number, minScale = 0.05): ViewTransform {
  const scale = Math.min(64, Math.max(minScale, t.scale * factor));
  const k = scale / t.scale;
  return { scale, offsetX: cx - (cx - t.offsetX) * k, offsetY: cy - (cy - t.offsetY) * k };
}

/**
 * The preview pixel under canvas point (cx, cy): column `col` and FITS-order row `row` (0 =
 * bottom), or null outside the image. The image is drawn top row first, so rows flip.
 */
export function previewPixelAt(t: ViewTransform, cx: number, cy: number, widthPx: number, heightPx: number): { col: number; row: number } | null {
  const ix = Math.floor((cx - t.offsetX) / t.scale);
  const iy = Math.floor((cy - t.offsetY) / t.scale);
  if (ix < 0 || iy < 0 || ix >= widthPx || iy >= heightPx) return null;
  return { col: ix, row: heightPx - 1 - iy };
}
