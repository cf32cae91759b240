/** The viewer's coordinates: the renderer's TAN inverse against the archive's, pixel mapping and zoom. */
import { describe, expect, it } from 'vitest';
import { pixelToSky, tanWcsFor } from '../../../src-main/archive';
import { decodeFloat32Base64, fitTransform, originalPixel, pixelToSkyDeg, previewPixelAt, zoomAbout } from '../../../src-renderer/features/data/viewer-math';

describe('viewer math', () => {
  it('matches the archive TAN projection to well under a milliarcsecond, near the pole and across RA 0', () => {
    let worstMas = 0;
    for (const p of [
      { raDeg: 83.8, decDeg: -5.4, pixelScaleArcsec: 0.39, rotationDeg: 0 },
      { raDeg: 359.99, decDeg: 12, pixelScaleArcsec: 1.2, rotationDeg: 33, flipped: true },
      { raDeg: 10, decDeg: 89.9, pixelScaleArcsec: 2, rotationDeg: -70 },
    ]) {
      const w = tanWcsFor(p, 2048, 1536);
      const wire = { crval1Deg: w.crval1, crval2Deg: w.crval2, crpix1Px: w.crpix1, crpix2Px: w.crpix2, cdDegPerPx: w.cd };
      for (const [x, y] of [[1, 1], [2048, 1536], [1024.5, 768.5], [17, 1400]] as const) {
        const a = pixelToSkyDeg(wire, x, y);
        const b = pixelToSky(w, x, y);
        const dRa = Math.min(Math.abs(a.raDeg - b.raDeg), 360 - Math.abs(a.raDeg - b.raDeg)) * Math.cos((b.decDeg * Math.PI) / 180);
        worstMas = Math.max(worstMas, Math.hypot(dRa, a.decDeg - b.decDeg) * 3.6e6);
      }
    }
    expect(worstMas).toBeLessThan(0.01);
  });

  it('decodes little-endian Float32 base64 exactly, NaN included', () => {
    const values = [0, 1.5, -2.25, 65535, NaN, 3.4e38];
    const bytes = Buffer.alloc(values.length * 4);
    values.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
    const got = decodeFloat32Base64(bytes.toString('base64'));
    expect([...got]).toEqual([...Float32Array.from(values)]);
  });

  it('maps canvas points to preview and original pixels, and zooms about the cursor', () => {
    // A 100×50 preview in a 400×400 canvas: scale 4, centred vertically (offset 100).
    const t = fitTransform(100, 50, 400, 400);
    expect(t).toEqual({ scale: 4, offsetX: 0, offsetY: 100 });
    expect(previewPixelAt(t, 1, 101, 100, 50)).toEqual({ col: 0, row: 49 }); // top-left = last FITS row
    expect(previewPixelAt(t, 399, 299, 100, 50)).toEqual({ col: 99, row: 0 });
    expect(previewPixelAt(t, 10, 50, 100, 50)).toBeNull();
    // Preview pixel 0 with 4×4 blocks covers original pixels 1–4: centre 2.5.
    expect([originalPixel(0, 4), originalPixel(3, 4), originalPixel(5, 1)]).toEqual([2.5, 14.5, 6]);
    const z = zoomAbout(t, 2, 200, 200);
    const before = previewPixelAt(t, 200, 200, 100, 50);
    expect(previewPixelAt(z, 200, 200, 100, 50)).toEqual(before);
    expect(z.scale).toBe(8);
  });
});
