/**
 * The console's read side of the archive over a real SQLite file and real FITS files: paged
 * newest-first listing with the Data page's filters, thumbnails (made and kept when missing),
 * the bounded preview image (block means computed here by hand) and the header in file order.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/errors';
import { PNG_SIGNATURE, createFrameConsole, pixelToSky, tanWcsFor, thumbnailRelativePath, writeFrame } from '../../../../src-main/archive';
import type { FrameConsole } from '../../../../src-main/archive';
import { archiveFixture, frameToWrite, type ArchiveFixture } from '../../../helpers/archive-fixture';

const HOUR_MS = 3_600_000;

function decodeFloats(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

describe('frame console', () => {
  let fx: ArchiveFixture;
  let fc: FrameConsole;
  beforeEach(async () => {
    fx = await archiveFixture();
    fc = createFrameConsole({ repo: fx.archive.repo, archiveRoot: fx.archiveRoot, clock: fx.clock });
  });
  afterEach(async () => {
    await fx.close();
  });

  async function record(overrides: Parameters<ArchiveFixture['write']>[0]): Promise<number> {
    return (await fx.archive.recordFrame(await fx.write(overrides))).id;
  }

  it('lists newest first with paging and the Data page filters', async () => {
    const night1 = Date.UTC(2026, 10, 21, 22);
    const night2 = Date.UTC(2026, 10, 22, 22);
    const ids = [
      await record({ frameNumber: 1, startUtcMs: night1, targetName: 'Merope', telescopeId: '1m0a', requestId: 7, observationId: 70 }),
      await record({ frameNumber: 2, startUtcMs: night1 + HOUR_MS, targetName: 'M42', telescopeId: '0m4a', requestId: 8, observationId: 80 }),
      await record({ frameNumber: 3, startUtcMs: night2, targetName: 'M42', telescopeId: '1m0a', requestId: 8, observationId: 81, filter: 'rp', exposureSec: 30 }),
    ];
    const all = await fc.list({ limit: 50, offset: 0 });
    expect(all.count).toBe(3);
    expect(all.frames.map((f) => f.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(all.frames[0]).toMatchObject({ targetName: 'M42', telescopeId: '1m0a', filter: 'rp', exposureSec: 30, dayObs: '20261122', reductionLevel: 0, configurationType: 'EXPOSE', requestId: 8, observationId: 81 });

    const page2 = await fc.list({ limit: 2, offset: 2 });
    expect([page2.count, page2.frames.map((f) => f.id)]).toEqual([3, [ids[0]]]);
    expect((await fc.list({ limit: 50, offset: 0, dayObs: '20261121' })).frames.map((f) => f.id)).toEqual([ids[1], ids[0]]);
    expect((await fc.list({ limit: 50, offset: 0, dayObs: '2026-11-22' })).frames.map((f) => f.id)).toEqual([ids[2]]);
    expect((await fc.list({ limit: 50, offset: 0, telescopeId: '0m4a' })).frames.map((f) => f.id)).toEqual([ids[1]]);
    // Case-insensitive substring, as the archive's OBJECT filter.
    expect((await fc.list({ limit: 50, offset: 0, targetContains: 'ERop' })).frames.map((f) => f.id)).toEqual([ids[0]]);
    expect((await fc.list({ limit: 50, offset: 0, requestId: 8 })).count).toBe(2);
    expect((await fc.list({ limit: 50, offset: 0, observationId: 80 })).frames.map((f) => f.id)).toEqual([ids[1]]);
    expect(await fc.facets()).toEqual({ telescopes: ['0m4a', '1m0a'], filters: ['V', 'rp'], instruments: ['xx01'] });
  });

  it('serves the stored thumbnail, and makes and keeps one for a frame archived without it', async () => {
    const w = await fx.write({ frameNumber: 5 });
    const id = (await fx.archive.recordFrame(w)).id;
    const stored = await fc.thumbnail(id);
    const onDisk = readFileSync(join(fx.archiveRoot, w.thumbnailPath ?? 'x'));
    expect(Buffer.from(stored.pngBase64, 'base64').equals(onDisk)).toBe(true);
    // 40×30 is under the 256 px thumbnail size: never enlarged.
    expect([stored.widthPx, stored.heightPx]).toEqual([40, 30]);

    const path = join(fx.archiveRoot, thumbnailRelativePath(w.relativePath, 'small'));
    rmSync(path);
    const [a, b] = await Promise.all([fc.thumbnail(id), fc.thumbnail(id)]);
    expect(a.pngBase64).toBe(b.pngBase64);
    expect(existsSync(path)).toBe(true);
    const made = readFileSync(path);
    expect([...made.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
    expect(Buffer.from(a.pngBase64, 'base64').equals(made)).toBe(true);
    // Made with the archive's own stretch, so it is the same picture the writer made.
    expect(made.equals(onDisk)).toBe(true);

    // Thumbnails are written without fsync: one a power cut left empty or cut short is made again.
    for (const broken of [Buffer.alloc(0), made.subarray(0, made.length - 20)]) {
      writeFileSync(path, broken);
      const again = await fc.thumbnail(id);
      expect(Buffer.from(again.pngBase64, 'base64').equals(onDisk)).toBe(true);
      expect(readFileSync(path).equals(onDisk)).toBe(true);
    }
  });

  it('sends a block-averaged preview no larger than asked, with the full-size WCS', async () => {
    const width = 301;
    const height = 200;
    const data = Uint16Array.from({ length: width * height }, (_, i) => ((i % width) * 7 + Math.floor(i / width) * 13) % 5000);
    const pointing = { raDeg: 150.1, decDeg: 2.2, pixelScaleArcsec: 0.6, rotationDeg: 12 };
    const w = await writeFrame(fx.archiveRoot, frameToWrite({ frameNumber: 9, pointing }), { kind: 'uint16', width, height, data }, { writtenUtcMs: 0 });
    const id = (await fx.archive.recordFrame(w)).id;
    const img = await fc.image(id, 100);
    // ceil(301 / 100) = 4: 76 × 50 blocks (the last column averages one pixel).
    expect([img.blockPx, img.widthPx, img.heightPx, img.originalWidthPx, img.originalHeightPx]).toEqual([4, 76, 50, width, height]);
    const px = decodeFloats(img.pixelsBase64);
    expect(px.length).toBe(76 * 50);
    const mean = (bx: number, by: number): number => {
      let sum = 0;
      let n = 0;
      for (let y = by * 4; y < Math.min(height, by * 4 + 4); y++) {
        for (let x = bx * 4; x < Math.min(width, bx * 4 + 4); x++) {
          sum += data[y * width + x] as number;
          n++;
        }
      }
      return sum / n;
    };
    let worst = 0;
    for (const [bx, by] of [[0, 0], [10, 3], [75, 49], [75, 0], [40, 49]] as const) worst = Math.max(worst, Math.abs((px[by * 76 + bx] as number) - mean(bx, by)));
    // Float32 keeps ~7 significant digits of values < 5000.
    expect(worst).toBeLessThan(1e-3);

    const ref = tanWcsFor(pointing, width, height);
    expect(img.wcs).not.toBeNull();
    const wire = img.wcs!;
    const got = pixelToSky({ crval1: wire.crval1Deg, crval2: wire.crval2Deg, crpix1: wire.crpix1Px, crpix2: wire.crpix2Px, cd: wire.cdDegPerPx }, 1, 1);
    const want = pixelToSky(ref, 1, 1);
    // Header floats carry 15 significant digits: far below a milliarcsecond.
    expect(Math.abs(got.raDeg - want.raDeg) * 3_600_000).toBeLessThan(1);
    expect(Math.abs(got.decDeg - want.decDeg) * 3_600_000).toBeLessThan(1);

    // Full resolution when it fits.
    const full = await fc.image(id, 2048);
    expect([full.blockPx, full.widthPx, full.heightPx]).toEqual([1, width, height]);
    expect(decodeFloats(full.pixelsBase64).slice(0, 5)).toEqual(Float32Array.from(data.slice(0, 5)));
  });

  it('answers the header in file order with comments, and refuses unknown frames', async () => {
    const w = await fx.write({ frameNumber: 3, targetName: 'NGC 2024' });
    const id = (await fx.archive.recordFrame(w)).id;
    const h = await fc.header(id);
    expect(h.basename).toBe(w.basename);
    expect(h.cards[0]).toMatchObject({ key: 'SIMPLE', value: true });
    const byKey = new Map(h.cards.map((c) => [c.key, c]));
    expect(byKey.get('OBJECT')?.value).toBe('NGC 2024');
    expect(byKey.get('DATE-OBS')?.value).toBe('2026-11-21T22:00:00.000');
    expect(byKey.get('NAXIS1')?.value).toBe(40);
    expect(byKey.get('DAY-OBS')?.comment).toMatch(/night/);

    // The file gone: the stored header dict still answers.
    rmSync(w.absolutePath);
    const fromDb = await fc.header(id);
    expect(fromDb.cards.find((c) => c.key === 'OBJECT')?.value).toBe('NGC 2024');

    await expect(fc.header(99_999)).rejects.toMatchObject({ code: 'not_found' });
    await expect(fc.thumbnail(99_999)).rejects.toBeInstanceOf(AppError);
    await expect(fc.image(id, 1024)).rejects.toMatchObject({ code: 'not_found' });
  });
});
