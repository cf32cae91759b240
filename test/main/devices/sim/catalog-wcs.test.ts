/**
 * Simulated frames put real catalogue stars where they are: a frame pointed near Vega or Sirius
 * (rotated 30°) is written with the archive's WCS cards (formatted and re-parsed as 80-character
 * FITS cards), and the star's centroid in the synthesized pixels must sit within 1 px of the pixel
 * that WCS predicts for the star's Hipparcos place moved to the exposure epoch by its proper motion.
 * The camera's own WCS cards must agree, also for a binned sub-frame.
 */
import { describe, expect, it } from 'vitest';
import { tanWcsFromHeader } from '../../../../src-main/archive/frame-metadata';
import { formatCard, parseCards } from '../../../../src-main/archive/fits/card';
import { wcsCards } from '../../../../src-main/archive/wcs';
import type { FitsCard } from '../../../../src-main/archive/fits/card';
import { SimCamera, bundledStarCatalogPath, createSimWorld, createSkyCatalog } from '../../../../src-main/devices/sim';
import type { CameraImage, EquatorialCoords } from '../../../../src-main/devices/types';
import { SITE, newClock, run } from '../helpers';
import { RESOURCES_DIR, SIRIUS, VEGA, centroidNear, placeAt, skyToPixel, type ReferenceStar } from '../helpers-sky';

const PA_DEG = 30;

async function exposeNear(star: ReferenceStar, request: Parameters<SimCamera['expose']>[0]): Promise<{ image: CameraImage; camera: SimCamera }> {
  const clock = newClock();
  const world = createSimWorld('t1', clock, SITE);
  world.catalog = createSkyCatalog(bundledStarCatalogPath(RESOURCES_DIR));
  // Point ~0.04° east and 0.04° south of the star so it lands well off-centre in x and y.
  const pointing: EquatorialCoords = {
    raHours: (star.raDeg + 0.04 / Math.cos((star.decDeg * Math.PI) / 180)) / 15,
    decDeg: star.decDeg - 0.04,
  };
  world.pointing = () => pointing;
  world.positionAngleDeg = () => PA_DEG;
  const camera = new SimCamera('cam', clock, world, { widthPx: 640, heightPx: 480, pixelSizeUm: 5.4, focalLengthMm: 1000, seed: 5 });
  await run(clock, camera.connect());
  const image = await run(clock, camera.expose(request), 10);
  return { image, camera };
}

function writtenHeader(cards: FitsCard[]): FitsCard[] {
  return parseCards(cards.flatMap((c) => formatCard(c)));
}

function simHeaderCards(image: CameraImage): FitsCard[] {
  return Object.entries(image.metadata.headers).map(([key, value]) => ({ key, value }));
}

describe('simulated frames image the bundled catalogue at the WCS position', () => {
  for (const star of [VEGA, SIRIUS]) {
    it(`${star.name}: centroid within 1 px of the archive WCS prediction (PA ${PA_DEG}°, proper motion to the epoch)`, async () => {
      const { image, camera } = await exposeNear(star, { durationSec: 0.01, frameType: 'light' });
      const meta = image.metadata;
      expect(meta.pointingJ2000).not.toBeNull();
      const p = meta.pointingJ2000 as EquatorialCoords;
      const cards = wcsCards({ raDeg: p.raHours * 15, decDeg: p.decDeg, pixelScaleArcsec: camera.pixelScaleArcsec * meta.binning.x, rotationDeg: PA_DEG }, image.width, image.height);
      const wcs = tanWcsFromHeader(writtenHeader(cards));
      expect(wcs).not.toBeNull();
      const sky = placeAt(star, meta.startUtcMs);
      const predicted = skyToPixel(wcs!, sky.raDeg, sky.decDeg);
      expect(predicted.x).toBeGreaterThan(20);
      expect(predicted.x).toBeLessThan(image.width - 20);
      const found = centroidNear(image.pixels, image.width, image.height, predicted);
      // The light really is there (not a centroid of noise): ≥ 30 % of the star's flux (the rest
      // is clipped at saturation for Sirius).
      const expectedAdu = 10 ** (-0.4 * (star.vMag - camera.zeroPointMag(null))) * 0.01;
      expect(found.flux).toBeGreaterThan(0.3 * Math.min(expectedAdu, 40 * 65535));
      const errPx = Math.hypot(found.x - predicted.x, found.y - predicted.y);
      expect(errPx, `${star.name} centroid (${found.x.toFixed(2)}, ${found.y.toFixed(2)}) vs WCS (${predicted.x.toFixed(2)}, ${predicted.y.toFixed(2)})`).toBeLessThan(1);
      // Without proper motion the prediction would be off by tens of pixels for Sirius: the
      // epoch matters (and is applied).
      const j2000 = skyToPixel(wcs!, star.raDeg, star.decDeg);
      if (star === SIRIUS) expect(Math.hypot(found.x - j2000.x, found.y - j2000.y)).toBeGreaterThan(10);
      // The camera's own WCS cards describe the same frame.
      const own = tanWcsFromHeader(writtenHeader(simHeaderCards(image)));
      expect(own).not.toBeNull();
      const ownPx = skyToPixel(own!, sky.raDeg, sky.decDeg);
      expect(Math.hypot(ownPx.x - predicted.x, ownPx.y - predicted.y)).toBeLessThan(0.01);
    });
  }

  it('a 2×2-binned sub-frame: the camera WCS cards still predict Vega within 1 (binned) px', async () => {
    const { image } = await exposeNear(VEGA, {
      durationSec: 0.01,
      frameType: 'light',
      binning: { x: 2, y: 2 },
      subframe: { x: 100, y: 40, width: 400, height: 360 },
    });
    expect([image.width, image.height]).toEqual([200, 180]);
    const wcs = tanWcsFromHeader(writtenHeader(simHeaderCards(image)));
    const sky = placeAt(VEGA, image.metadata.startUtcMs);
    const predicted = skyToPixel(wcs!, sky.raDeg, sky.decDeg);
    const found = centroidNear(image.pixels, image.width, image.height, predicted, 6);
    expect(found.flux).toBeGreaterThan(1e5);
    expect(Math.hypot(found.x - predicted.x, found.y - predicted.y)).toBeLessThan(1);
  });

  it('the field is stable between exposures: same stars, same places (frames differ only by noise)', async () => {
    const a = await exposeNear(VEGA, { durationSec: 1, frameType: 'light' });
    const b = await exposeNear(VEGA, { durationSec: 1, frameType: 'light' });
    expect(a.image.metadata.headers.NSTARS).toBe(b.image.metadata.headers.NSTARS);
    // Faint fill-in stars are drawn too (a 1 s frame reaches well below V 6.5).
    expect(Number(a.image.metadata.headers.NSTARS)).toBeGreaterThan(3);
  });
});
